//! The relay binary as an operator runs it by hand: its data directory is private whatever
//! the umask, and a closed output does not crash it.

use std::os::unix::fs::PermissionsExt as _;
use std::process::{Command, Stdio};

/// `amicus-relay ARGS` under `umask 000`, its standard output a pipe nobody reads.
fn relay_under_open_umask(args: &[&str], closed_stdout: bool) -> std::process::Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("umask 000; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_amicus-relay"))
        .args(args);
    if closed_stdout {
        // The reading end is closed before the relay starts: every write gets EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        command.stdout(Stdio::from(writer));
    }
    command.stderr(Stdio::piped());
    command.output().expect("amicus-relay runs")
}

#[test]
fn the_data_directory_is_private_whatever_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("relay-data");
    let data_arg = data.to_str().unwrap();
    let out = relay_under_open_umask(&["pin", "--data", data_arg], false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pin = String::from_utf8_lossy(&out.stdout);
    assert_eq!(pin.trim().len(), 64, "{pin}");
    for d in [data.clone(), data.join("keys")] {
        let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", d.display());
    }
}

#[test]
fn a_closed_output_pipe_does_not_crash_the_relay() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("relay-data");
    let out = relay_under_open_umask(&["pin", "--data", data.to_str().unwrap()], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
