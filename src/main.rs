//! The `dossier` binary: parse the command line, run it, map the outcome to an exit code:
//! 0 success, 1 problems in the site or a failure to carry the command out, 2 a usage mistake.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: rendering allocates many small strings on two threads, where it is markedly faster
// than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dossier::{Error, Outcome};

fn main() -> ExitCode {
    // clap exits with code 2 on usage errors by itself.
    let cli = dossier::cli::Cli::parse();
    match dossier::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::ProblemsFound) => ExitCode::from(1),
        Err(error) => {
            match error {
                Error::Usage(_) | Error::Serve(_) => eprintln!("error: {error}"),
                _ => eprintln!("{error}"),
            }
            ExitCode::from(error.exit_code())
        }
    }
}
