//! The stserr binary: parses flags (cli.rs), runs the command (run.rs), maps errors to exit
//! statuses. Everything it explains comes from the library.
#![forbid(unsafe_code)]

mod cli;
mod run;

use clap::FromArgMatches;
use run::Error;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut command = cli::command(stserr::Catalogue::builtin());
    let parsed = command.try_get_matches_from_mut(std::env::args_os()).and_then(|m| cli::Cli::from_arg_matches(&m));
    // The process ends soon; freeing clap's tree of strings would cost a tenth of a lookup.
    std::mem::forget(command);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stserr: {e}");
            ExitCode::from(2)
        }
    }
}
