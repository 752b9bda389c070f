//! Runs the real `amicus-relay` binary as a child process.
#![allow(dead_code)]

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use amicus_client::KdfParams;
use amicus_protocol::RelayPin;

pub(crate) mod ledger;

/// Starts `amicus-relay serve` on `data`; returns the child, its address and pin once it
/// has printed them (the store opened). These relays take unpaid deliveries
/// (`require_tokens = false`): the wire-level tests here drive storage through crashes, faults and
/// memory pressure with the bare wire, tens of thousands of envelopes; payment is tested
/// in the relay's service tests and in `tests/tests/tokens.rs`.
pub(crate) fn start_relay(data: &Path, listen: &str) -> (Child, String, RelayPin) {
    start_relay_with(data, listen, |_| {})
}

/// As [`start_relay`], with a chance to adjust the command (limits, environment).
pub(crate) fn start_relay_with(
    data: &Path,
    listen: &str,
    adjust: impl FnOnce(&mut Command),
) -> (Child, String, RelayPin) {
    let mut file = data.as_os_str().to_owned();
    file.push(".toml");
    // Clients still pay: a first contact may obtain more than its weekly allowance, as
    // these tests send many briefings from one profile.
    std::fs::write(
        &file,
        "[limits]\nrequire_tokens = false\nfirst_contact_tokens_per_period = 100000\n",
    )
    .expect("relay config");
    let mut command = Command::new(env!("CARGO_BIN_EXE_amicus-relay"));
    command
        .arg("serve")
        .arg("--config")
        .arg(&file)
        .arg("--data")
        .arg(data)
        .args(["--listen", listen]);
    adjust(&mut command);
    spawn_relay(command)
}

/// Starts `amicus-relay serve --config FILE`.
pub(crate) fn start_relay_from_config(config: &Path) -> (Child, String, RelayPin) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_amicus-relay"));
    command.args(["serve", "--config"]).arg(config);
    spawn_relay(command)
}

fn spawn_relay(mut command: Command) -> (Child, String, RelayPin) {
    command
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("AMICUS_RELAY_STDERR").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
    let mut child = command.spawn().expect("relay starts");
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

pub(crate) fn kdf() -> KdfParams {
    KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    }
}

/// Envelope ids made from a counter, so tests can name them by number.
pub(crate) fn id_of(n: u64) -> amicus_protocol::EnvelopeId {
    let mut id = [0u8; 16];
    id[8..].copy_from_slice(&n.to_be_bytes());
    amicus_protocol::EnvelopeId(id)
}

pub(crate) fn number_of(id: &amicus_protocol::EnvelopeId) -> u64 {
    let mut n = [0u8; 8];
    n.copy_from_slice(&id.0[8..]);
    u64::from_be_bytes(n)
}

/// The payload of envelope `n`: recognisable, so alteration is detected.
pub(crate) fn payload_of(n: u64) -> Vec<u8> {
    n.to_be_bytes().repeat(32)
}

/// A client profile registered with the relay at `addr`: the reader the tests deliver to.
pub(crate) async fn registered_reader(
    dir: &Path,
    addr: &str,
    pin: RelayPin,
) -> amicus_client::Profile {
    let reader = amicus_client::Profile::create(
        dir,
        &amicus_core::secret::Passphrase::new("a long enough passphrase".into()),
        amicus_client::NewProfile {
            name: "Reader",
            relay_address: addr,
            relay_pin: pin,
            kdf: kdf(),
            invitation: None,
            proxy: None,
        },
    )
    .await
    .expect("reader created");
    assert!(reader.is_registered());
    reader
}
