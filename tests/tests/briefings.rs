//! Sealed briefings end to end through a real relay.

mod support;

use support::*;

#[tokio::test]
async fn defender_sends_and_member_reads() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let mut member = relay.profile("Member").await;
    introduce(&mut defender, "defender", &mut member, "member");

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

    let sync = member.p().sync().await.unwrap();
    assert_eq!(sync.received, 1);
    let inbox = member.p().inbox().unwrap();
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].subject, "Detention of lawyers");
    assert_eq!(inbox[0].body, "Three lawyers were detained.");
    assert_eq!(inbox[0].from_mailbox, defender.p().mailbox());
    assert_eq!(member.p().sender_label(&inbox[0].from_mailbox), "defender");
}
