//! What the relay holds and logs: only ciphertext, never the sender.

mod support;

use amicus_app::{Catalog, Lang};
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
    let report = amicus_demo::run(&mut out, &log, test_kdf(), &Catalog::new(Lang::En))
        .await
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(report.leaks.is_empty(), "{text}");
    assert!(report.relay_files_scanned > 0);
    assert!(report.log_bytes_scanned > 0);
    assert!(report.received_subject.starts_with("CANARY-SUBJECT"));
    assert!(text.contains("they match"), "{text}");
    // The Centre's part: a presentation, and the defender's receipts.
    assert!(text.contains("Presented to Member M (demo)"), "{text}");
    assert!(text.contains("Read by Member M (demo)"), "{text}");
    assert!(
        text.contains("neither the defender's mailbox nor key"),
        "{text}"
    );
}

/// The Centre's flows (submission with a mandate, presentation, receipts, a question and its
/// answer, revocation) leave no mandate, attribution, briefing metadata or defender identity
/// in the relay's files or logs. (The roster is on the relay by design: it names members
/// and staff, never defenders.)
#[tokio::test(flavor = "multi_thread")]
async fn centre_flows_leave_no_mandate_or_metadata_on_the_relay() {
    use amicus_client::MandateOptions;
    use amicus_core::briefing::{Briefing, ReviewStage};
    use amicus_core::mandate::Attribution;

    let (log, _guard) = capture_logs();
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    let briefing = Briefing {
        title: "CANARY-TITLE-41d2".into(),
        body: "CANARY-BODY-c9e0".into(),
        state_party: "CANARY-STATE-77b1".into(),
        session: "CANARY-SESSION-0f3a".into(),
        stage: ReviewStage::Dialogue,
        articles: vec![7],
        language: "fr".into(),
        ..Default::default()
    };
    w.defender
        .p()
        .submit_for_presentation(
            &["Staff S"],
            briefing,
            MandateOptions {
                staff: &["Staff S"],
                members: &["Member A"],
                session: "CANARY-MANDATE-SESSION-5e5e".into(),
                attribution: Attribution::Pseudonym("CANARY-PSEUDONYM-a1a1".into()),
                allow_attachments: false,
                expires_at: amicus_client::now_ms() + 86_400_000,
            },
        )
        .await
        .unwrap();
    w.staff.sync().await;
    let number = w.staff.p().inbox().unwrap()[0].number;
    w.staff
        .p()
        .present(number, "Member A", false)
        .await
        .unwrap();
    w.member_a.sync().await;
    let presented = w.member_a.p().inbox().unwrap()[0].number;
    w.member_a.p().set_read_receipts(true).unwrap();
    w.member_a.p().read_message(presented).unwrap();
    w.member_a
        .p()
        .ask(presented, "CANARY-QUESTION-3c3c")
        .await
        .unwrap();
    w.member_a.p().send_pending().await.unwrap();
    w.staff.sync().await;
    w.defender.sync().await;
    let question = w
        .defender
        .p()
        .inbox()
        .unwrap()
        .into_iter()
        .find(|m| m.subject.contains("CANARY-QUESTION"))
        .unwrap()
        .number;
    w.defender
        .p()
        .answer(question, "CANARY-ANSWER-9d9d")
        .await
        .unwrap();
    let sent = w.defender.p().sent().unwrap()[0].number;
    w.defender.p().revoke(sent).await.unwrap();

    let defender_mailbox = w.defender.p().mailbox();
    let defender_key = w.defender.p().identity_key().serialize().to_vec();
    let needles: Vec<(&str, Vec<u8>)> = vec![
        ("title", b"CANARY-TITLE-41d2".to_vec()),
        ("body", b"CANARY-BODY-c9e0".to_vec()),
        ("state party", b"CANARY-STATE-77b1".to_vec()),
        ("session", b"CANARY-SESSION-0f3a".to_vec()),
        ("mandate session", b"CANARY-MANDATE-SESSION-5e5e".to_vec()),
        ("attribution", b"CANARY-PSEUDONYM-a1a1".to_vec()),
        ("question", b"CANARY-QUESTION-3c3c".to_vec()),
        ("answer", b"CANARY-ANSWER-9d9d".to_vec()),
        ("defender name", b"Defender D".to_vec()),
        ("defender identity key", defender_key[1..].to_vec()),
        ("defender mailbox", defender_mailbox.0.to_vec()),
        (
            "defender mailbox hex",
            defender_mailbox.to_hex().into_bytes(),
        ),
    ];
    let scan = |stage: &str| {
        for (label, needle) in &needles {
            let hits = find_in_files(relay.data_dir(), needle);
            assert!(hits.is_empty(), "{label} found in {hits:?} ({stage})");
            assert!(
                !log.contents()
                    .windows(needle.len())
                    .any(|w| w == needle.as_slice()),
                "{label} found in the relay log ({stage})"
            );
        }
    };
    // With the answer, revocation and receipts still queued, then after everyone fetched.
    scan("queued");
    assert!(relay.queued() > 0);
    w.staff.sync().await;
    w.member_a.sync().await;
    w.defender.sync().await;
    scan("after fetch");
    assert_ne!(w.member_a.p().message(presented).unwrap().withdrawn_at, 0);
}

/// Through a proxy the relay sees only the proxy's exit address, and logs no address at all
/// (every level captured; the proxy leaves from 127.0.0.2, an address only the relay's side
/// ever sees).
#[tokio::test]
async fn through_a_proxy_the_relay_logs_no_address() {
    use support::socks::{PROXY_EXIT, TestProxy, Watcher};
    let (log, _guard) = capture_logs();
    let relay =
        TestRelay::start_with(|c| c.tcp_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    let (tcp, path) = relay.relay().tcp.clone().expect("the TCP route is on");
    let watcher = Watcher::start(tcp).await;
    let names = std::collections::HashMap::from([("relay.amicus.test".to_string(), watcher.addr)]);
    let proxy = TestProxy::start(names).await;
    let address = format!("https://relay.amicus.test:{}{path}", watcher.addr.port());
    let mut defender = relay
        .profile_via("Defender", &address, Some(proxy.proxy()))
        .await;
    let mut member = relay
        .profile_via("Member", &address, Some(proxy.proxy()))
        .await;
    introduce(&mut defender, "defender", &mut member, "member");
    defender.send("member", "through Tor", "a briefing").await;
    assert_eq!(member.sync().await.received, 1);
    assert!(watcher.peers().iter().all(|p| p.ip() == PROXY_EXIT));
    let log = String::from_utf8_lossy(&log.contents()).into_owned();
    assert!(log.contains("relay listening"), "nothing captured");
    assert!(
        !log.contains(&PROXY_EXIT.to_string()),
        "an address in the relay's log"
    );
}
