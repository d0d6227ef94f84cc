//! `cargo xtask refresh`: compares a provider's published error table with data/ and says what
//! a maintainer must look at: codes added, removed or renamed, and entries whose published text
//! changed since they were last checked (data/checked/PROVIDER.tsv keeps a date and a hash).
#![forbid(unsafe_code)]

mod published;
mod refresh;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask refresh PROVIDER SOURCE.md [--data DIR] [--record] [--date YYYY-MM-DD]

  PROVIDER   a provider id of data/ (entra, b2c, okta)
  SOURCE.md  the provider's published table, as markdown:
               entra  MicrosoftDocs/entra-docs  docs/identity-platform/reference-error-codes.md
               b2c    MicrosoftDocs/azure-docs  articles/active-directory-b2c/error-codes.md
               okta   okta/okta-developer-docs  packages/@okta/vuepress-site/docs/reference/error-codes/index.md
  --data     the catalogue folder (default: data)
  --record   after reviewing, store today's hash of every published text in DIR/checked/PROVIDER.tsv
  --date     the date to record (default: today, UTC)

Exit status: 0 nothing to review, 1 something to review, 2 error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match refresh::Args::parse(&args) {
        Ok(a) => match refresh::run(&a, &mut std::io::stdout()) {
            Ok(true) => ExitCode::from(1),
            Ok(false) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask: {e}");
                ExitCode::from(2)
            }
        },
        Err(e) => {
            eprintln!("xtask: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
