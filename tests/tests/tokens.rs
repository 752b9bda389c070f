//! Sending tokens through a real relay: unpaid requests store nothing, one holder of tokens
//! fills at most its allowance of a mailbox and others still reach it, new identities to get
//! more tokens run into the relay-wide first-contact limit, a spent token stays spent across
//! a restart, and a briefing written offline goes out on tokens fetched ahead.

mod support;

use amicus_client::internal::{RelayLink, spend_tokens};
use amicus_protocol::{DeliverItem, EnvelopeId, ErrorCode, PaidItem, Request, Response};
use support::*;

async fn link(relay: &TestRelay) -> RelayLink {
    RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap()
}

fn junk(to: amicus_protocol::MailboxId, n: u8) -> DeliverItem {
    DeliverItem {
        mailbox: to,
        envelope_id: EnvelopeId([n; 16]),
        payload: vec![0x5A; 512],
    }
}

fn statuses(answer: Response) -> Vec<Result<(), ErrorCode>> {
    match answer {
        Response::Delivered { statuses } => statuses,
        other => panic!("{other:?}"),
    }
}

/// The reservation attack of issue 18 and its mailbox twin: anonymous requests that do not
/// pay store nothing, so they deny no one.
#[tokio::test]
async fn unpaid_reservations_and_deliveries_deny_no_one() {
    let relay = TestRelay::start_with(|c| c.blob_store_max_bytes = 1 << 30).await;
    let (mut defender, mut member) = relay.pair().await;
    let attacker = link(&relay).await;
    for i in 0..16u8 {
        let create = Request::CreateBlob {
            size: 64 << 20,
            upload_hash: [i; 32],
            reader_hashes: vec![[i; 32]],
        };
        assert_eq!(
            attacker.call(&create).await.unwrap(),
            Response::error(ErrorCode::PaymentRequired)
        );
        let flood = Request::Deliver {
            items: vec![junk(member.p().mailbox(), i)],
        };
        assert_eq!(
            attacker.call(&flood).await.unwrap(),
            Response::error(ErrorCode::PaymentRequired)
        );
    }
    assert_eq!(relay.relay().service().blobs.reserved_bytes(), 0);
    assert_eq!(relay.queued(), 0);
    // Honest clients pay from their wallets without noticing.
    let bytes = defender
        .send_with_attachment("member", "Evidence", 300_000)
        .await;
    assert_eq!(member.sync().await.received, 1);
    member.saves_attachment("Evidence", &bytes).await;
}

/// One party's tokens fill at most its allowance of a mailbox: the owner's other senders
/// still reach it. More identities mean more first contacts, which the relay-wide limit
/// stops.
#[tokio::test]
async fn a_flood_by_one_token_holder_leaves_room_for_others() {
    let relay = TestRelay::start_with(|c| {
        c.mailbox_max_count = 30;
        c.first_contact_tokens_per_period = 10;
        c.first_contact_burst = 4;
        c.first_contact_per_hour = 1;
    })
    .await;
    let (mut defender, mut member) = relay.pair().await;
    let flooder = relay.profile("Flooder").await;
    let wallet = flooder.profile.as_ref().unwrap();
    let tokens = spend_tokens(wallet, 64).await.unwrap();
    assert_eq!(tokens.len(), 10, "a first contact's allowance, no more");
    assert!(
        spend_tokens(wallet, 1).await.unwrap().is_empty(),
        "and none later this period"
    );
    let target = member.p().mailbox();
    let items = tokens
        .into_iter()
        .enumerate()
        .map(|(n, token)| PaidItem {
            token,
            item: junk(target, n as u8),
        })
        .collect();
    let flood = link(&relay).await;
    let stored = statuses(flood.call(&Request::DeliverPaid { items }).await.unwrap());
    assert!(stored.iter().all(Result::is_ok));
    // A fresh identity is a new first contact: the relay-wide allowance (4 here, the pair
    // and the flooder took 3) runs out at once.
    let _another = relay.profile("Flooder again").await;
    let dir = tempfile::tempdir().unwrap();
    let refused = amicus_client::Profile::create(
        &dir.path().join("p"),
        &passphrase(),
        amicus_client::NewProfile {
            name: "Flooder thrice",
            relay_address: &relay.address(),
            relay_pin: relay.relay().pin,
            kdf: test_kdf(),
            invitation: None,
            proxy: None,
        },
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(amicus_client::ClientError::Relay(
                ErrorCode::FirstContactBusy
            ))
        ) || refused.as_ref().is_ok_and(|p| !p.is_registered()),
        "a third identity got through"
    );
    // The member's mailbox still has room: the defender's briefing arrives.
    let report = defender.send("member", "Still heard", "text").await;
    assert_eq!(report.delivered, ["member"]);
    assert_eq!(member.sync().await.received, 1);
}

#[tokio::test]
async fn a_spent_token_stays_spent_across_a_restart() {
    let mut relay = TestRelay::start().await;
    let (_defender, mut member) = relay.pair().await;
    let token = relay.tokens(1).await.remove(0);
    let target = member.p().mailbox();
    let paid = |n: u8| Request::DeliverPaid {
        items: vec![PaidItem {
            token: token.clone(),
            item: junk(target, n),
        }],
    };
    let first = paid(1);
    let again = paid(2);
    assert!(statuses(link(&relay).await.call(&first).await.unwrap())[0].is_ok());
    relay.restart().await;
    assert_eq!(
        statuses(link(&relay).await.call(&again).await.unwrap()),
        vec![Err(ErrorCode::TokenSpent)]
    );
    assert_eq!(relay.queued(), 1);
}

/// Tokens are fetched ahead, during sync: a briefing written while the relay is away goes
/// out later without asking the relay for tokens at that moment.
#[tokio::test]
async fn a_briefing_written_offline_goes_out_on_tokens_fetched_ahead() {
    let mut relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "first", "online").await;
    defender.sync().await;
    let held = defender.p().token_count().unwrap();
    assert!(held >= 10, "a sync leaves tokens in hand ({held})");
    relay.stop().await;
    let report = defender.send("member", "offline", "written offline").await;
    assert!(report.delivered.is_empty());
    relay.restart().await;
    let issued = || {
        relay
            .relay()
            .service()
            .metrics
            .tokens_issued
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let before = issued();
    let report = defender.p().flush_outbox().await.unwrap();
    assert_eq!(report.delivered, ["member"]);
    assert_eq!(issued(), before, "no tokens asked for at sending time");
    assert_eq!(defender.p().token_count().unwrap(), held - 1);
    assert_eq!(member.sync().await.received, 2);
}

/// First contact stays open: a defender without an invitation whose token allowance is
/// used up (none at all here) still reaches the Centre's intake, paying by proof of work;
/// a Committee member it knows waits for tokens instead.
#[tokio::test(flavor = "multi_thread")]
async fn a_first_contact_with_no_tokens_reaches_the_intake_by_work() {
    let relay = TestRelay::start_with(|c| {
        c.first_contact_tokens_per_period = 0;
        c.work_difficulty = 4;
        c.work_memory_kib = 256;
    })
    .await;
    let w = centre(&relay).await;
    let (mut admin, mut member) = (w.admin, w.member_a);
    let mut stranger = relay.profile("Stranger").await;
    let intake_card = admin.card();
    stranger
        .p()
        .add_contact(&intake_card, Some("Centre"))
        .unwrap();
    let member_card = member.card();
    stranger
        .p()
        .add_contact(&member_card, Some("member"))
        .unwrap();
    let report = stranger
        .send("Centre", "First contact", "I need to talk to you.")
        .await;
    assert_eq!(report.delivered, ["Centre"]);
    assert_eq!(stranger.p().token_count().unwrap(), 0, "no token was spent");
    assert_eq!(admin.sync().await.received, 1);
    let report = stranger.send("member", "Directly", "text").await;
    assert!(report.delivered.is_empty());
    assert_eq!(
        report.waiting,
        [(
            "member".to_string(),
            amicus_client::WaitReason::Refused(ErrorCode::TokensExhausted)
        )]
    );
    assert_eq!(member.sync().await.received, 0);
}

/// A relay that shows another token key for a period it already keyed (as one telling its
/// users apart would) is refused: the client stops, says so, and sends nothing.
#[tokio::test]
async fn a_changed_token_key_for_the_same_period_stops_the_client() {
    let mut relay = TestRelay::start().await;
    let (mut defender, _member) = relay.pair().await;
    defender.sync().await;
    assert!(defender.p().token_count().unwrap() > 0);
    relay.stop().await;
    {
        // The relay "loses" its key: it makes a new one for the same period.
        let db = sled::Config::new()
            .path(relay.data_dir().join("store"))
            .segment_size(8 * 1024 * 1024)
            .open()
            .unwrap();
        db.open_tree("token_keys").unwrap().clear().unwrap();
        db.flush().unwrap();
    }
    relay.restart().await;
    let result = defender.p().sync().await;
    assert!(
        matches!(result, Err(amicus_client::ClientError::TokenKeyChanged)),
        "{result:?}"
    );
}
