//! Runs the real `amicus-relay` binary as a child process.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use amicus_client::vault::KdfParams;
use amicus_protocol::RelayPin;

/// Starts `amicus-relay serve` on `data`; returns the child, its address and pin once it
/// has printed them (the store opened).
pub fn start_relay(data: &Path, listen: &str) -> (Child, String, RelayPin) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amicus-relay"))
        .args(["serve", "--data"])
        .arg(data)
        .args(["--listen", listen])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("relay starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut addr = None;
    let mut pin = None;
    for line in lines.by_ref() {
        let line = line.expect("relay output");
        if let Some(rest) = line.strip_prefix("Amicus relay listening on ") {
            addr = rest.split_whitespace().next().map(str::to_string);
        }
        if let Some(rest) = line.strip_prefix("Relay pin (give this to clients): ") {
            pin = Some(RelayPin::from_hex(rest).expect("pin"));
            break;
        }
    }
    // Keep draining stdout so the relay never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr.expect("address"), pin.expect("pin"))
}

pub fn kdf() -> KdfParams {
    KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    }
}
