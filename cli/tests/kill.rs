//! Kill tests for the client: the `amicus` binary killed with SIGKILL at random moments
//! while sending and while receiving. After every kill the profile must open; in the end
//! every briefing whose `send` finished is read exactly once, and nothing is read twice.
//!
//! `AMICUS_CLIENT_KILL_CYCLES` sets the cycles of each kind (50 by default, as CI runs it);
//! the kill moments come from a seeded generator, so a failing run can be replayed.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

use amicus_client::KdfParams;
use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;

const PASSPHRASE: &str = "a long enough test passphrase";

fn kdf() -> KdfParams {
    KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    }
}

/// Runs `amicus` with `args`, killing it after `kill_after` unless it finished first.
/// Returns whether it finished successfully on its own.
fn run_or_kill(profile: &Path, args: &[&str], kill_after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amicus"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .env("AMICUS_PASSPHRASE", PASSPHRASE)
        .env("AMICUS_LANG", "en")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("amicus runs");
    let deadline = Instant::now() + kill_after;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.success();
        }
        if Instant::now() >= deadline {
            child.kill().expect("kill");
            child.wait().expect("reaped");
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The profile opens (a kill never leaves one that will not).
fn opens(profile: &Path) -> Profile {
    Profile::open(profile, &Passphrase::new(PASSPHRASE.into()))
        .unwrap_or_else(|e| panic!("the profile no longer opens after a kill: {e}"))
}

#[test]
fn sigkill_while_sending_and_receiving_loses_and_duplicates_nothing() {
    let cycles: u64 = std::env::var("AMICUS_CLIENT_KILL_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let relay = support::start_relay(&runtime, dir.path());
    let address = relay.addr.to_string();
    let (sender_dir, reader_dir) = (dir.path().join("sender"), dir.path().join("reader"));
    let pass = Passphrase::new(PASSPHRASE.into());
    let new = |name| NewProfile {
        name,
        relay_address: &address,
        relay_pin: relay.pin,
        kdf: kdf(),
        invitation: None,
        proxy: None,
    };
    let mut sender = runtime
        .block_on(Profile::create(&sender_dir, &pass, new("Sender")))
        .unwrap();
    let mut reader = runtime
        .block_on(Profile::create(&reader_dir, &pass, new("Reader")))
        .unwrap();
    sender
        .add_contact(&reader.contact_card().to_text(), Some("reader"))
        .unwrap();
    reader
        .add_contact(&sender.contact_card().to_text(), Some("sender"))
        .unwrap();
    drop(sender);
    drop(reader);

    // Kill moments are spread over how long each command takes on this machine, so most
    // runs are cut somewhere in the middle whatever the machine's speed.
    let timed = |args: &[&str], profile: &Path| {
        let t = Instant::now();
        assert!(run_or_kill(profile, args, Duration::from_secs(60)));
        (t.elapsed().as_millis() as u64 * 6 / 5).max(2)
    };
    let send_ms = timed(
        &[
            "send",
            "--to",
            "reader",
            "--subject",
            "timing",
            "--body",
            "x",
        ],
        &sender_dir,
    );
    let sync_ms = timed(&["sync"], &reader_dir);
    let mut moments = StdRng::seed_from_u64(0xC11E);
    let mut confirmed = vec!["timing".to_string()];
    let mut killed = [0u32; 2];
    for i in 0..cycles {
        // Sending: the command either finishes (the briefing is then the user's to count
        // on) or dies anywhere in between.
        let subject = format!("briefing {i}");
        let after = Duration::from_millis(moments.random_range(1..send_ms));
        let args = [
            "send",
            "--to",
            "reader",
            "--subject",
            &subject,
            "--body",
            "x",
        ];
        if run_or_kill(&sender_dir, &args, after) {
            confirmed.push(subject);
        } else {
            killed[0] += 1;
        }
        drop(opens(&sender_dir));
        // Receiving: killed while fetching, decrypting, storing or acknowledging.
        let after = Duration::from_millis(moments.random_range(1..sync_ms));
        if !run_or_kill(&reader_dir, &["sync"], after) {
            killed[1] += 1;
        }
        drop(opens(&reader_dir));
    }

    // Unkilled: the sender's outbox drains, the reader collects the rest.
    let mut sender = opens(&sender_dir);
    runtime.block_on(sender.sync()).unwrap();
    assert!(sender.outbox().unwrap().is_empty());
    let mut reader = opens(&reader_dir);
    runtime.block_on(reader.sync()).unwrap();
    let received: Vec<String> = reader
        .inbox()
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    eprintln!(
        "client kill test: {cycles} send and {cycles} sync runs, {} sends and {} syncs killed, \
         {} sends confirmed, {} briefings received",
        killed[0],
        killed[1],
        confirmed.len(),
        received.len()
    );
    for subject in &confirmed {
        let copies = received.iter().filter(|s| *s == subject).count();
        assert_eq!(copies, 1, "{subject} received {copies} times");
    }
    let mut unique = received.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), received.len(), "a briefing was read twice");
    assert!(killed[0] > 0 && killed[1] > 0, "no command was ever killed");
    assert!(!confirmed.is_empty(), "no send ever finished");
    drop(sender);
    drop(reader);
    runtime.block_on(relay.shutdown());
}
