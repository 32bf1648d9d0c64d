//! The `dossier` binary: parse the command line, run it, map the outcome to an exit code:
//! 0 success, 1 problems in the site or a failure to carry the command out, 2 a usage mistake.

use std::process::ExitCode;

use clap::Parser;

// mimalloc: rendering allocates many small strings on two threads, where it is markedly faster
// than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dossier::{Error, Outcome};

// mimalloc's options (`mi_option_t` in mimalloc.h, the same number in its v2 and v3), which
// the mimalloc crate does not wrap; the function is in the library it links.
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}
const MI_OPTION_ARENA_EAGER_COMMIT: std::ffi::c_int = 4;

/// Arenas committed as they are used: mimalloc's default commits them up front, which a cold
/// build of 10,000 briefs paid for with a peak resident size about 22 MiB higher (272 against
/// 250 MiB), at no cost in time. (Giving freed memory back at once, `purge_delay` 0, took it
/// to 225 MiB but cost a fifth more CPU time.)
fn tune_allocator() {
    // SAFETY: setting an option is allowed at any time; it takes a plain number.
    unsafe {
        mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

fn main() -> ExitCode {
    tune_allocator();
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
