//! Nothing acknowledged is lost, nothing is delivered twice.

mod support;

use amicus_client::internal::RelayLink;
use amicus_protocol::{DeliverItem, Response};
use support::*;

#[tokio::test]
async fn briefing_written_offline_waits_in_the_outbox_and_is_sent_once() {
    let mut relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "first", "online").await;

    relay.stop().await;
    let report = defender.send("member", "second", "written offline").await;
    assert!(report.delivered.is_empty());
    assert_eq!(report.waiting.len(), 1);
    // Survives a client restart.
    defender.reopen();
    assert_eq!(defender.p().outbox().unwrap().len(), 1);

    relay.restart().await;
    let sync = defender.sync().await;
    assert_eq!(sync.delivered_from_outbox, 1);
    assert!(defender.p().outbox().unwrap().is_empty());
    assert_eq!(member.sync().await.received, 2);
    let subjects = member.subjects();
    assert_eq!(subjects, ["first", "second"]);
}

#[tokio::test]
async fn a_briefing_to_someone_new_written_while_the_relay_is_down_is_kept_then_sent() {
    let mut relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    // No session with the member yet: sealing needs the relay (a prekey bundle), which
    // does not answer. The briefing is kept, not lost.
    relay.stop().await;
    let report = defender
        .send("member", "Written offline", "Every word of it.")
        .await;
    assert!(report.delivered.is_empty());
    assert_eq!(report.waiting.len(), 1);
    assert!(defender.p().outbox().unwrap().is_empty(), "not sealed yet");
    let kept = defender.p().pending_sends().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].label, "Written offline");
    // Kept across a restart of the client, encrypted in the profile.
    defender.reopen();
    assert_eq!(defender.p().pending_sends().unwrap().len(), 1);
    assert!(find_in_files(&defender.path, b"Every word of it.").is_empty());

    relay.restart().await;
    let sync = defender.sync().await;
    assert_eq!(sync.sent_on_behalf, 1);
    assert_eq!(sync.pending_on_behalf, 0);
    assert!(defender.p().pending_sends().unwrap().is_empty());
    assert!(defender.p().outbox().unwrap().is_empty());
    assert_eq!(member.sync().await.received, 1);
    assert_eq!(member.subjects(), ["Written offline"]);
    // Sent once: a second sync sends nothing more.
    assert_eq!(defender.sync().await.sent_on_behalf, 0);
    assert_eq!(member.sync().await.received, 0);
}

#[tokio::test]
async fn a_draft_left_by_a_crash_is_sent_once_by_the_next_sync() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    let briefing = amicus_core::briefing::Briefing {
        title: "Kept first".into(),
        body: "Written, then the device lost power.".into(),
        ..Default::default()
    };
    let number = defender
        .p()
        .keep_draft(&["member"], briefing.clone(), &[], None)
        .unwrap();
    // The same command again continues the same draft.
    let again = defender
        .p()
        .keep_draft(&["member"], briefing, &[], None)
        .unwrap();
    assert_eq!(again, number);
    // The process dies before sending anything; the profile reopens with the draft.
    defender.reopen();
    assert_eq!(defender.p().drafts().unwrap().len(), 1);
    let sync = defender.sync().await;
    assert_eq!(sync.sent_on_behalf, 1);
    assert!(defender.p().drafts().unwrap().is_empty());
    assert_eq!(member.sync().await.received, 1);
    assert_eq!(member.subjects(), ["Kept first"]);
    assert_eq!(defender.sync().await.sent_on_behalf, 0);
    assert_eq!(member.sync().await.received, 0);
}

/// What a front end saves as the person types survives a restart, is never sent by a
/// sync, and once sent or discarded is not brought back by a save that crossed it.
#[tokio::test]
async fn a_briefing_being_written_is_kept_but_never_sent_by_itself() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    let briefing = |text: &str| amicus_core::briefing::Briefing {
        title: "Hearing".into(),
        body: text.into(),
        ..Default::default()
    };
    let n = defender
        .p()
        .save_writing(None, &[], briefing("First words"), &[], None)
        .unwrap();
    let again = defender
        .p()
        .save_writing(
            Some(n),
            &["member".into()],
            briefing("First words, more"),
            &[],
            None,
        )
        .unwrap();
    assert_eq!(again, n);
    defender.reopen();
    let saved = defender.p().writings().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].briefing.body, "First words, more");
    assert_eq!(saved[0].recipients, ["member"]);
    assert_eq!(
        defender.sync().await.sent_on_behalf,
        0,
        "a writing is not a draft"
    );
    assert_eq!(member.sync().await.received, 0);
    defender.p().discard_writing(n, false).unwrap();
    defender
        .p()
        .save_writing(Some(n), &[], briefing("late"), &[], None)
        .unwrap();
    assert!(defender.p().writings().unwrap().is_empty());
}

#[tokio::test]
async fn a_retried_envelope_is_stored_and_read_once() {
    let mut relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "warm-up", "x").await;
    relay.stop().await;
    defender.send("member", "retried", "x").await;
    relay.restart().await;
    let entry = defender.p().outbox().unwrap().remove(0);
    let item = DeliverItem {
        mailbox: entry.to_mailbox,
        envelope_id: entry.envelope_id,
        payload: entry.payload.clone(),
    };

    // The relay stored it but the acknowledgement was lost: the client sends it again.
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let first = link
        .call(&relay.paid(vec![item.clone()]).await)
        .await
        .unwrap();
    assert_eq!(
        first,
        Response::Delivered {
            statuses: vec![Ok(())]
        }
    );
    let sync = defender.sync().await;
    assert_eq!(sync.delivered_from_outbox, 1);
    assert_eq!(
        relay.queued(),
        2,
        "warm-up and one copy of the retried envelope"
    );
    let sync = member.sync().await;
    assert_eq!(sync.received, 2);

    // Even a copy that arrives after the reader deleted the first is dropped by the reader.
    let late = link.call(&relay.paid(vec![item]).await).await.unwrap();
    assert_eq!(
        late,
        Response::Delivered {
            statuses: vec![Ok(())]
        }
    );
    let sync = member.sync().await;
    assert_eq!(sync.received, 0);
    assert_eq!(sync.duplicates, 1);
    assert_eq!(member.p().inbox().unwrap().len(), 2);
    assert!(member.p().quarantine().unwrap().is_empty());
}

#[tokio::test]
async fn received_briefings_survive_a_client_restart() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "kept", "x").await;
    member.sync().await;
    member.reopen();
    let inbox = member.p().inbox().unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].read_at, 0);
    let number = inbox[0].number;
    assert_eq!(member.p().read_message(number).unwrap().subject, "kept");
    member.reopen();
    assert!(member.p().inbox().unwrap()[0].read_at > 0);
}
