//! Stopping a build cleanly: SIGINT (Ctrl-C), SIGTERM and SIGHUP are noted, not obeyed at
//! once. The build looks at the note before each file it stages and between the steps of its
//! commit, and stops there: the files staged so far are thrown away and a commit under way is
//! rolled back, so the output stays the previous site. The process then exits with 128 + the
//! signal's number (130 for SIGINT, 143 for SIGTERM), as a shell expects of a program the
//! signal stopped.
//!
//! The `ctrlc` crate that `serve` uses does not tell one signal from another, and the exit
//! code depends on which it was: hence a plain `sigaction` handler that stores the number.

use std::sync::atomic::{AtomicI32, Ordering};

/// The signal received, or 0.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn note(signal: libc::c_int) {
    // Storing to an atomic is async-signal-safe.
    RECEIVED.store(signal, Ordering::SeqCst);
}

/// Notes SIGINT, SIGTERM and SIGHUP from now on instead of dying of them.
pub(crate) fn install() -> std::io::Result<()> {
    for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: a zeroed `sigaction` is a valid value of the struct; the handler only stores
        // to an atomic, which is async-signal-safe; SA_RESTART resumes interrupted system calls.
        let failed = unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut()) != 0
        };
        if failed {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The signal received since [`install`], if any.
pub(crate) fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::Relaxed) {
        0 => None,
        signal => Some(signal),
    }
}

/// A signal's name, as `kill -l` gives it.
pub(crate) fn name(signal: i32) -> String {
    match signal {
        libc::SIGINT => "SIGINT".into(),
        libc::SIGTERM => "SIGTERM".into(),
        libc::SIGHUP => "SIGHUP".into(),
        other => format!("signal {other}"),
    }
}
