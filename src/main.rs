//! The stserr binary: parses flags (cli.rs), runs the command (run.rs; `scan` in run_scan.rs), maps errors to exit
//! statuses. Everything it explains comes from the library.
#![forbid(unsafe_code)]

mod cli;
mod run;
mod run_scan;

use clap::FromArgMatches;
use run::Error;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut command = cli::command(stserr::Catalogue::builtin());
    let parsed = command.try_get_matches_from_mut(std::env::args_os()).and_then(|m| cli::Cli::from_arg_matches(&m));
    // The process ends soon; freeing clap's tree of strings would cost a tenth of a lookup.
    std::mem::forget(command);
    let cli = match parsed {
        Ok(cli) => cli,
        // Usage errors to stderr with 2.
        Err(e) if e.use_stderr() => {
            let _ = e.print();
            return ExitCode::from(2);
        }
        // Help and version to stdout with 0, where a full disk is an error like any other.
        Err(e) if std::io::stdout().is_terminal() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let mut out = std::io::stdout().lock();
            return exit(
                out.write_all(e.render().to_string().as_bytes())
                    .and_then(|()| out.flush())
                    .map(|()| 0)
                    .map_err(Error::Io),
            );
        }
    };
    exit(run::run(cli))
}

/// The exit status of a run; a closed pipe is a quiet success, other failures are explained.
fn exit(result: Result<run::Status, Error>) -> ExitCode {
    match result {
        Ok(status) => ExitCode::from(status as u8),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            run::warn(&format!("stserr: {e}"));
            ExitCode::from(2)
        }
    }
}
