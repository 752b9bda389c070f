//! Sealed briefings end to end through a real relay.

mod support;

use support::*;

#[tokio::test]
async fn defender_sends_and_member_reads() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;

    let report = defender
        .p()
        .send_briefing(
            &["member"],
            "Detention of lawyers",
            "Three lawyers were detained.",
        )
        .await
        .unwrap();
    assert_eq!(report.delivered, vec!["member".to_string()]);
    assert!(defender.p().outbox().unwrap().is_empty());

    let sync = member.sync().await;
    assert_eq!(sync.received, 1);
    let inbox = member.p().inbox().unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].subject, "Detention of lawyers");
    assert_eq!(inbox[0].body, "Three lawyers were detained.");
    assert_eq!(inbox[0].from_mailbox, defender.p().mailbox());
    let sender = member
        .p()
        .contact_by_mailbox(&inbox[0].from_mailbox)
        .unwrap();
    assert_eq!(sender.unwrap().name, "defender");
}

#[tokio::test]
async fn recipient_offline_then_online() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    // The member's client is not running while briefings arrive.
    member.profile = None;
    for i in 0..3 {
        let report = defender
            .send("member", &format!("Briefing {i}"), "text")
            .await;
        assert_eq!(report.delivered.len(), 1);
    }
    member.reopen();
    let sync = member.sync().await;
    assert_eq!(sync.received, 3);
    let subjects = member.subjects();
    assert_eq!(subjects, ["Briefing 0", "Briefing 1", "Briefing 2"]);
    // Fetched envelopes were deleted from the relay.
    assert_eq!(relay.queued(), 0);
}

#[tokio::test]
async fn relay_restarted_between_send_and_fetch() {
    let mut relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "Before restart", "durable").await;
    let pin_before = relay.relay().pin;
    relay.restart().await;
    assert_eq!(
        relay.relay().pin,
        pin_before,
        "the relay keeps its key across restarts"
    );
    let sync = member.sync().await;
    assert_eq!(sync.received, 1);
    assert_eq!(member.p().inbox().unwrap()[0].subject, "Before restart");
    // And the session keeps working in both directions after the restart.
    member.send("defender", "Reply", "received").await;
    assert_eq!(defender.sync().await.received, 1);
}

#[tokio::test]
async fn many_messages_both_directions_with_ratchet_steps() {
    let relay = TestRelay::start().await;
    let mut a = relay.profile("A").await;
    let mut b = relay.profile("B").await;
    introduce(&mut a, "a", &mut b, "b");
    let mut expected_at_b = Vec::new();
    let mut expected_at_a = Vec::new();
    for round in 0..6 {
        // Several messages in a row on one chain, then the other side answers (a DH ratchet
        // step each time the direction changes).
        for i in 0..3 {
            let subject = format!("a->b {round}.{i}");
            a.p()
                .send_briefing(&["b"], &subject, &subject.repeat(20))
                .await
                .unwrap();
            expected_at_b.push(subject);
        }
        b.sync().await;
        let subject = format!("b->a {round}");
        b.send("a", &subject, "ack").await;
        expected_at_a.push(subject);
        a.sync().await;
    }
    let at_b = b.subjects();
    let at_a = a.subjects();
    assert_eq!(at_b, expected_at_b);
    assert_eq!(at_a, expected_at_a);
    assert!(a.p().quarantine().unwrap().is_empty());
    assert!(b.p().quarantine().unwrap().is_empty());
    // Reopening from disk keeps every session: one more exchange still works.
    a.reopen();
    b.reopen();
    a.p()
        .send_briefing(&["b"], "after reopen", "x")
        .await
        .unwrap();
    assert_eq!(b.sync().await.received, 1);
}

#[tokio::test]
async fn one_briefing_to_several_members() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let mut m1 = relay.profile("Member 1").await;
    let mut m2 = relay.profile("Member 2").await;
    introduce(&mut defender, "defender", &mut m1, "m1");
    introduce(&mut defender, "defender", &mut m2, "m2");
    let report = defender
        .p()
        .send_briefing(&["m1", "m2"], "Task force", "Same briefing for both")
        .await
        .unwrap();
    assert_eq!(report.delivered, vec!["m1".to_string(), "m2".to_string()]);
    for member in [&mut m1, &mut m2] {
        member.sync().await;
        let inbox = member.p().inbox().unwrap();
        assert_eq!(inbox.len(), 1);
        assert_eq!(inbox[0].body, "Same briefing for both");
    }
    assert_eq!(
        m1.p().inbox().unwrap()[0].message_id,
        m2.p().inbox().unwrap()[0].message_id
    );
}

#[tokio::test]
async fn a_member_answers_a_sender_who_is_not_a_contact() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let mut member = relay.profile("Member").await;
    // Only the defender has the member's card.
    defender
        .p()
        .add_contact(&member.card(), Some("member"))
        .unwrap();
    defender.send("member", "first contact", "x").await;
    member.sync().await;
    let message = member.p().inbox().unwrap().remove(0);
    assert!(
        member
            .p()
            .contact_by_mailbox(&message.from_mailbox)
            .unwrap()
            .is_none()
    );

    let saved = member.p().save_sender(message.number, "source").unwrap();
    assert_eq!(saved.mailbox, defender.p().mailbox());
    // Both sides compute the same safety number.
    let defender_side = defender.p().contact("member").unwrap();
    assert_eq!(
        member.p().safety_number(&saved).unwrap(),
        defender.p().safety_number(&defender_side).unwrap()
    );
    member.send("source", "follow-up question", "?").await;
    defender.sync().await;
    let inbox = defender.p().inbox().unwrap();
    assert_eq!(inbox[0].subject, "follow-up question");
    let sender = defender
        .p()
        .contact_by_mailbox(&inbox[0].from_mailbox)
        .unwrap();
    assert_eq!(sender.unwrap().name, "member");
}
