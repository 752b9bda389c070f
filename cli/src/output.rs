//! Writing to the terminal without panicking. `println!` panics when its reader has gone
//! (`amicus inbox | head -3`): here a closed output ends the command quietly, as it does for
//! other terminal tools. Everything the command had to do durably is done before it prints;
//! only the rest of its output is unwanted.

use std::io::{ErrorKind, Write as _};

/// Writes one line to standard output; exits quietly if nobody reads it any more.
pub(crate) fn out(args: std::fmt::Arguments<'_>) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_fmt(args)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
    {
        gone(&e);
    }
}

/// Writes one line (or, with `newline` false, a prompt) to standard error; exits quietly if
/// it is closed.
pub(crate) fn err(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut stderr = std::io::stderr().lock();
    let written = stderr.write_fmt(args).and_then(|()| {
        if newline {
            stderr.write_all(b"\n")
        } else {
            stderr.flush()
        }
    });
    if let Err(e) = written {
        gone(&e);
    }
}

/// The output is closed: nothing more can be said, so the command ends here. A broken pipe
/// is the reader's choice (success); any other failure to write is a failure.
fn gone(e: &std::io::Error) -> ! {
    std::process::exit(if e.kind() == ErrorKind::BrokenPipe {
        0
    } else {
        1
    })
}

/// `println!` that never panics (see the module).
macro_rules! say {
    () => { $crate::output::out(format_args!("")) };
    ($($arg:tt)*) => { $crate::output::out(format_args!($($arg)*)) };
}

/// `eprintln!` that never panics.
macro_rules! tell {
    () => { $crate::output::err(format_args!(""), true) };
    ($($arg:tt)*) => { $crate::output::err(format_args!($($arg)*), true) };
}

/// `eprint!` (a prompt) that never panics.
macro_rules! prompt {
    ($($arg:tt)*) => { $crate::output::err(format_args!($($arg)*), false) };
}
