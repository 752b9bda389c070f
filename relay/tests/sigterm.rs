//! SIGTERM while a client is sending: the relay finishes in-flight durable writes and exits;
//! every briefing it acknowledged is delivered after a restart, and nothing twice.

mod support;

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use amicus_client::{NewProfile, Profile};
use amicus_core::secret::Passphrase;
use support::{kdf, start_relay};

#[test]
fn sigterm_during_sending_loses_no_acknowledged_briefing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("relay");
    let (mut relay, addr, pin) = start_relay(&data, "127.0.0.1:0");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let pass = Passphrase::new("a long enough passphrase".into());
    let new = |name| NewProfile {
        name,
        relay_address: &addr,
        relay_pin: pin,
        kdf: kdf(),
        invitation: None,
        proxy: None,
    };
    let mut defender = runtime
        .block_on(Profile::create(
            &dir.path().join("d"),
            &pass,
            new("Defender"),
        ))
        .unwrap();
    let mut member = runtime
        .block_on(Profile::create(&dir.path().join("m"), &pass, new("Member")))
        .unwrap();
    defender
        .add_contact(&member.contact_card().to_text(), Some("member"))
        .unwrap();
    member
        .add_contact(&defender.contact_card().to_text(), Some("defender"))
        .unwrap();

    // Another thread sends SIGTERM once 20 briefings were acknowledged, while the sending
    // loop keeps going.
    let acked = Arc::new(AtomicUsize::new(0));
    let pid = relay.id();
    let killer = {
        let acked = acked.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while acked.load(Ordering::SeqCst) < 20 && Instant::now() < deadline {
                std::thread::yield_now();
            }
            Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .expect("kill")
        })
    };
    let mut acknowledged = Vec::new();
    let mut failures = 0;
    for i in 0..200 {
        let subject = format!("briefing {i}");
        match runtime.block_on(defender.send_briefing(&["member"], &subject, "x")) {
            Ok(report) if !report.delivered.is_empty() => {
                acknowledged.push(subject);
                acked.fetch_add(1, Ordering::SeqCst);
            }
            _ => {
                failures += 1;
                if failures >= 1 {
                    break;
                }
            }
        }
    }
    assert!(killer.join().unwrap().success());
    let status = relay.wait().unwrap();
    assert!(
        status.success(),
        "the relay exits cleanly on SIGTERM: {status:?}"
    );
    assert!(acknowledged.len() >= 20);

    // Restart on a new port with the same data; the member collects everything.
    let (mut relay, addr, pin_again) = start_relay(&data, "127.0.0.1:0");
    assert_eq!(pin_again, pin);
    member.set_relay_address(&addr).unwrap();
    defender.set_relay_address(&addr).unwrap();
    runtime.block_on(defender.sync()).unwrap();
    runtime.block_on(member.sync()).unwrap();
    let received: Vec<String> = member
        .inbox()
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    for subject in &acknowledged {
        assert!(
            received.contains(subject),
            "acknowledged {subject} was lost"
        );
    }
    let mut unique = received.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), received.len(), "no briefing delivered twice");
    assert!(
        defender.outbox().unwrap().is_empty(),
        "the outbox drained after the restart"
    );
    let _ = Command::new("kill")
        .args(["-TERM", &relay.id().to_string()])
        .status();
    let _ = relay.wait();
}
