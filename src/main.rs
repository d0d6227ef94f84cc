#![forbid(unsafe_code)]

use clap::Parser;
use std::process::ExitCode;
use stserr::run::{self, Error};

fn main() -> ExitCode {
    let cli = match stserr::cli::Cli::try_parse() {
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
