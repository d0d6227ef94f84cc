//! Every flag and subcommand, defined once. Completions and the man page are generated from this.

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  stserr AADSTS50011                      explain a code (any spelling: aadsts-50011, 50011)
  stserr invalid_grant E0000011           several codes or names at once
  stserr 'AADSTS700016: Application with identifier ... Trace ID: ...'
                                          a pasted message, JSON body or redirect URL
  stserr search \"reply url does not match\" find an error from its message or keywords
  kubectl logs app | stserr scan --summary   count and explain every code in a log
  stserr --json AADSTS50126 | jq .fix     JSON Lines for scripts

Exit status: 0 found, 1 not found, 2 error.";

#[derive(Debug, Parser)]
#[command(
    name = "stserr",
    version,
    long_version = stserr::VERSION_LONG,
    about = "Explains sign-in error codes offline: Entra ID, B2C, Okta, OAuth/OIDC and more",
    after_help = EXAMPLES,
    subcommand_precedence_over_arg = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Codes, error names or pasted error messages to explain; `-` (or none, with standard
    /// input not a terminal) reads one pasted message from standard input
    #[arg(value_name = "QUERY")]
    pub queries: Vec<String>,

    #[command(flatten)]
    pub output: Output,

    /// Extra catalogue entries (YAML, the data/*.yaml format) merged over the built-in ones
    /// [env: STSERR_CATALOGUE; empty means none]
    #[arg(long, global = true, value_name = "FILE")]
    pub catalogue: Option<std::path::PathBuf>,

    /// Only entries of this provider (its id; `stserr list` shows them)
    #[arg(long, short = 'p', global = true, value_name = "PROVIDER")]
    pub provider: Option<String>,
}

#[derive(Debug, Args, Clone)]
pub struct Output {
    /// Print JSON Lines, one object per result
    #[arg(long, global = true)]
    pub json: bool,

    /// When to use colours: auto colours a terminal unless NO_COLOR is set
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files to read; none, or `-`, reads standard input
    #[arg(value_name = "FILE")]
    pub files: Vec<std::path::PathBuf>,

    /// Print every line exactly as read; after a line with codes, a note line per code starting
    /// `stserr> ` (a filter for `tail -f`)
    #[arg(long, conflicts_with_all = ["only_matching", "summary", "json"])]
    pub passthru: bool,

    /// Where --passthru writes its notes: stderr keeps standard output byte for byte the input
    /// (for JSON-lines logs piped on to `jq`)
    #[arg(long, value_enum, default_value_t = NotesTo::Stdout, value_name = "WHERE", requires = "passthru")]
    pub notes_to: NotesTo,

    /// Print the file name before each result (the default with more than one input)
    #[arg(long, short = 'H', overrides_with = "no_filename")]
    pub with_filename: bool,

    /// Never print file names (the default with one input)
    #[arg(long, short = 'I', overrides_with = "with_filename")]
    pub no_filename: bool,

    /// Print only the codes, one per line
    #[arg(long, short = 'o', conflicts_with = "summary")]
    pub only_matching: bool,

    /// Triage table: failures by code with count, distinct users, apps and IPs, first and last
    /// seen and class, failures first and interrupts folded into one line (with --json, one
    /// object per row, interrupts included)
    #[arg(long)]
    pub summary: bool,

    /// List interrupts (steps of a normal sign-in: MFA prompt, consent, stay signed in) as
    /// rows of the summary, and print records that were only interrupted
    #[arg(long)]
    pub all: bool,

    /// Pivot the summary: one row per user, app or IP address instead of per code
    #[arg(long, value_enum, requires = "summary", value_name = "WHAT")]
    pub by: Option<ByArg>,

    /// What the inputs are: auto knows sign-in exports and HAR captures by their header or
    /// first record and reads anything else as a log
    #[arg(long, default_value = "auto", value_parser = formats(), value_name = "FORMAT")]
    pub format: String,

    /// HAR captures: every sign-in hop in order (status, method, host, path, redirect target,
    /// errors), secrets masked
    #[arg(long, conflicts_with_all = ["summary", "passthru", "only_matching"])]
    pub timeline: bool,

    /// Replace user names, e-mail addresses and IP addresses with pseudonyms (stable within
    /// one run) for pasting into public tickets
    #[arg(long, conflicts_with = "passthru")]
    pub redact: bool,

    /// Flush after every line even when standard output is not a terminal
    #[arg(long)]
    pub line_buffered: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Code,
    User,
    App,
    Ip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NotesTo {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every entry of the catalogue (or of one provider)
    List,
    /// Find errors from keywords, a half-remembered name, or the message text alone
    Search {
        /// Words, a name, or a whole pasted message
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// How many results to show (at most the catalogue's size)
        #[arg(long, short = 'n', default_value_t = 5, value_name = "N", value_parser = at_least_one)]
        limit: u64,
    },
    /// Find, explain and count every error code in logs, sign-in exports and HAR captures
    ///
    /// Prints each line holding codes with its line number, then what each code means and the
    /// trace ID, correlation ID and timestamp found on that line. A code repeated on one line
    /// counts once. Sign-in log exports (Entra admin center CSV and JSON, Graph signIns, Log
    /// Analytics SigninLogs CSV, Okta System Log JSON and CSV) are read by column: each failing
    /// record with its time, user, app, IP and request IDs. HAR captures are walked entry by
    /// entry. File names are shown as ripgrep shows them: with more than one input, or -H.
    /// Exit status: 0 codes found, 1 none, 2 an input could not be read.
    Scan(ScanArgs),
    /// Print a shell completion script
    ///
    /// bash: `stserr completions bash > ~/.local/share/bash-completion/completions/stserr`;
    /// zsh: `stserr completions zsh > "${fpath[1]}/_stserr"`;
    /// fish: `stserr completions fish > ~/.config/fish/completions/stserr.fish`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output
    ///
    /// Install: `stserr man > ~/.local/share/man/man1/stserr.1`, then `man stserr`.
    Man,
}

/// `--format`: auto, or a format the library reads, by the name it gives it.
fn formats() -> clap::builder::PossibleValuesParser {
    let names = std::iter::once("auto").chain(stserr::records::Format::ALL.map(|f| f.name()));
    clap::builder::PossibleValuesParser::new(names)
}

/// A count of one or more (`search -n`).
fn at_least_one(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("0 results would show nothing: give 1 or more".into()),
        Ok(n) => Ok(n),
        // More than any catalogue holds: all of them.
        Err(_) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => Ok(u64::MAX),
        Err(_) => Err("not a whole number".into()),
    }
}

/// The command with the catalogue's provider ids in the help of `--provider`.
pub fn command(cat: &'static stserr::Catalogue) -> clap::Command {
    use clap::CommandFactory;
    let ids: Vec<&str> = cat.providers().map(|p| p.id()).collect();
    Cli::command().mut_arg("provider", |a| a.help(format!("Only entries of this provider: {}", ids.join(", "))))
}
