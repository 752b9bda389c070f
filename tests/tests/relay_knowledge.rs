//! What the relay holds and logs: only ciphertext, never the sender.

mod support;

use amicus_client::i18n::{Catalog, Lang};
use support::*;

#[tokio::test]
async fn relay_files_and_logs_hold_no_plaintext_and_no_sender() {
    let (log, _guard) = capture_logs();

    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender Canary-Name-7731").await;
    let mut member = relay.profile("Member").await;
    introduce(&mut defender, "defender", &mut member, "member");
    let subject = "CANARY-SUBJECT-5f1c: torture in detention centre 4";
    let body = "CANARY-BODY-9a2e: testimony of three former detainees";
    defender.send("member", subject, body).await;
    member.send("defender", "CANARY-REPLY-77aa", "thanks").await;

    let defender_mailbox = defender.p().mailbox();
    let defender_key = defender.p().identity_key().serialize().to_vec();
    let needles: Vec<(&str, Vec<u8>)> = vec![
        ("subject", b"CANARY-SUBJECT-5f1c".to_vec()),
        ("body", b"CANARY-BODY-9a2e".to_vec()),
        ("reply", b"CANARY-REPLY-77aa".to_vec()),
        ("sender name", b"Canary-Name-7731".to_vec()),
        ("sender identity key", defender_key.clone()),
        (
            "sender identity key, public part",
            defender_key[1..].to_vec(),
        ),
        ("sender mailbox", defender_mailbox.0.to_vec()),
        ("sender mailbox hex", defender_mailbox.to_hex().into_bytes()),
        ("sender mailbox key", defender.p().mailbox_public_key()),
    ];
    let scan = |stage: &str| {
        for (label, needle) in &needles {
            let hits = find_in_files(relay.data_dir(), needle);
            assert!(hits.is_empty(), "{label} found in {hits:?} ({stage})");
            let logged = log.contents();
            assert!(
                !logged.windows(needle.len()).any(|w| w == needle.as_slice()),
                "{label} found in the relay log ({stage})"
            );
        }
    };
    // While the briefing waits on the relay, and after it was fetched and deleted.
    scan("queued");
    assert_eq!(relay.queued(), 2);
    member.sync().await;
    defender.sync().await;
    scan("after fetch");
    // The log was not empty: the scan looked at real output.
    assert!(!log.contents().is_empty());
    // Recipient mailboxes are not logged either.
    let member_hex = member.p().mailbox().to_hex();
    assert!(!String::from_utf8_lossy(&log.contents()).contains(&member_hex));
}

#[tokio::test]
async fn the_demo_finds_no_leak() {
    let (log, _guard) = capture_logs();
    let mut out = Vec::new();
    let report = amicus_client::demo::run(&mut out, &log, test_kdf(), &Catalog::new(Lang::En))
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(report.leaks.is_empty(), "{text}");
    assert!(report.relay_files_scanned > 0);
    assert!(report.log_bytes_scanned > 0);
    assert!(report.received_subject.starts_with("CANARY-SUBJECT"));
    assert!(text.contains("they match"), "{text}");
}
