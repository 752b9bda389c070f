//! Bad input gets a clear error and loses nothing.

mod support;

use amicus_client::ClientError;
use amicus_client::Profile;
use amicus_client::internal::RelayLink;
use amicus_core::secret::Passphrase;
use amicus_protocol::{
    ContactCard, DeliverItem, EnvelopeId, ErrorCode, MailboxId, RelayPin, Request, Response,
};
use support::*;

#[tokio::test]
async fn tampered_ciphertext_is_kept_aside_not_accepted() {
    let relay = TestRelay::start().await;
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "original", "text").await;

    // Replace the stored envelope with a copy that has one bit flipped.
    let store = &relay.relay().service().mailboxes;
    let (items, _) = store.pending(&member.p().mailbox(), 16).unwrap();
    assert_eq!(items.len(), 1);
    let mut tampered = items[0].payload.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    store
        .remove(&member.p().mailbox(), &[items[0].envelope_id])
        .unwrap();
    store
        .enqueue(
            &DeliverItem {
                mailbox: member.p().mailbox(),
                envelope_id: items[0].envelope_id,
                payload: tampered,
            },
            1,
        )
        .unwrap();

    let sync = member.sync().await;
    assert_eq!(sync.received, 0);
    assert_eq!(sync.quarantined, 1);
    assert!(member.p().inbox().unwrap().is_empty());
    let quarantined = member.p().quarantine().unwrap();
    assert_eq!(quarantined.len(), 1);
    assert_eq!(
        quarantined[0].reason,
        amicus_core::records::QuarantineReason::Undecryptable,
        "{}",
        quarantined[0].detail
    );

    // The next genuine briefing still arrives.
    defender.send("member", "genuine", "text").await;
    assert_eq!(member.sync().await.received, 1);
    assert_eq!(member.p().inbox().unwrap()[0].subject, "genuine");
}

#[tokio::test]
async fn wrong_passphrase_is_refused_and_changes_nothing() {
    let relay = TestRelay::start().await;
    let mut member = relay.profile("Member").await;
    member.profile = None;
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = files_under(&member.path)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap();
            (f, bytes)
        })
        .collect();
    let result = Profile::open(&member.path, &Passphrase::new("not the passphrase".into()));
    assert!(matches!(result, Err(ClientError::WrongPassphrase)));
    for (file, bytes) in &before {
        assert_eq!(&std::fs::read(file).unwrap(), bytes, "{file:?} changed");
    }
    member.reopen();
    assert_eq!(member.p().name(), "Member");
}

#[tokio::test]
async fn unknown_recipient_is_refused_before_anything_is_stored() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    // A well-formed card for a mailbox that never registered with the relay.
    let ghost = ContactCard {
        name: "Ghost".into(),
        relay_address: relay.address(),
        relay_pin: relay.relay().pin,
        mailbox: MailboxId([0x42; 32]),
        identity_key: defender.p().identity_key().serialize().to_vec(),
    };
    defender.p().add_contact(&ghost.to_text(), None).unwrap();
    let result = defender.p().send_briefing(&["Ghost"], "s", "b").await;
    assert!(
        matches!(result, Err(ClientError::UnknownRecipient)),
        "{result:?}"
    );
    assert!(defender.p().outbox().unwrap().is_empty());
    // Raw delivery to an unknown mailbox is refused per envelope.
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let unknown = relay
        .paid(vec![DeliverItem {
            mailbox: MailboxId([0x42; 32]),
            envelope_id: EnvelopeId([1; 16]),
            payload: vec![1, 2, 3],
        }])
        .await;
    let response = link.call(&unknown).await.unwrap();
    assert_eq!(
        response,
        Response::Delivered {
            statuses: vec![Err(ErrorCode::UnknownRecipient)]
        }
    );
}

#[tokio::test]
async fn a_card_for_another_relay_is_refused_when_added() {
    let relay = TestRelay::start().await;
    let other = TestRelay::start().await;
    let mut here = relay.profile("here").await;
    let mut there = other.profile("there").await;
    let card = there.card();
    let err = here.p().add_contact(&card, Some("there")).unwrap_err();
    assert!(matches!(err, ClientError::OtherRelay(name) if name == "there"));
    assert!(here.p().contacts().unwrap().is_empty(), "nothing was added");
}

#[tokio::test]
async fn unknown_contact_name_is_refused() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let result = defender.p().send_briefing(&["nobody"], "s", "b").await;
    assert!(matches!(result, Err(ClientError::UnknownContact(_))));
}

#[tokio::test]
async fn oversize_briefing_and_oversize_envelope_and_frame() {
    let relay = TestRelay::start_with(|c| c.max_envelope_len = 4096).await;
    let (mut defender, _member) = relay.pair().await;

    // Over the client's content limit: refused before encryption.
    let huge = "x".repeat(amicus_core::briefing::MAX_CONTENT_LEN + 1);
    let result = defender.p().send_briefing(&["member"], "big", &huge).await;
    assert!(matches!(result, Err(ClientError::BriefingTooLarge { .. })));
    assert!(defender.p().outbox().unwrap().is_empty());

    // Under the client's limit but over this relay's configured envelope limit: the relay
    // refuses it, and the briefing stays in the outbox with the reason.
    let report = defender.send("member", "medium", &"y".repeat(10_000)).await;
    assert!(report.delivered.is_empty());
    assert_eq!(report.waiting.len(), 1);
    let outbox = defender.p().outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].last_error, ErrorCode::EnvelopeTooLarge.to_u16());

    // Malformed frames get clear codes, and the connection keeps serving.
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    support::hostile::malformed_frames(&link, 300).await;
}

#[tokio::test]
async fn nobody_else_can_fetch_or_delete_a_mailbox() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let mut member = relay.profile("Member").await;
    let mut intruder = relay.profile("Intruder").await;
    introduce(&mut defender, "defender", &mut member, "member");
    defender.send("member", "private", "text").await;
    let (items, _) = relay
        .relay()
        .service()
        .mailboxes
        .pending(&member.p().mailbox(), 16)
        .unwrap();
    let victim_envelope = items[0].envelope_id;

    // Unauthenticated: every owner-only request is refused.
    let anon = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    for request in [
        Request::Fetch { max: 16 },
        Request::Ack {
            ids: vec![victim_envelope],
        },
        Request::PrekeyCount,
        Request::IssueSenderCertificate,
    ] {
        assert_eq!(
            anon.call(&request).await.unwrap(),
            Response::error(ErrorCode::Unauthenticated),
            "{request:?}"
        );
    }

    // Authenticated as someone else: sees only its own (empty) mailbox, deletes nothing.
    intruder.sync().await;
    assert!(intruder.p().inbox().unwrap().is_empty());
    let link = intruder_link(&relay, &mut intruder).await;
    assert_eq!(
        link.call(&Request::Fetch { max: 16 }).await.unwrap(),
        Response::Envelopes {
            items: vec![],
            more: false
        }
    );
    assert_eq!(
        link.call(&Request::Ack {
            ids: vec![victim_envelope]
        })
        .await
        .unwrap(),
        Response::Acked { removed: 0 }
    );

    // Claiming the member's mailbox key without its private key fails, and a proof cannot
    // be replayed on a new challenge.
    assert!(matches!(
        anon.call(&Request::Challenge).await.unwrap(),
        Response::Challenge { .. }
    ));
    let forged = Request::Authenticate {
        auth_key: member.p().mailbox_public_key(),
        signature: vec![0u8; 64],
    };
    assert_eq!(
        anon.call(&forged).await.unwrap(),
        Response::error(ErrorCode::AuthFailed)
    );
    let replayed = intruder.p().authentication_proof(&anon).await.unwrap();
    assert!(matches!(
        anon.call(&replayed).await.unwrap(),
        Response::Authenticated { .. }
    ));
    assert_eq!(
        anon.call(&replayed).await.unwrap(),
        Response::error(ErrorCode::AuthFailed),
        "the nonce is single use"
    );

    // The member still receives the briefing.
    assert_eq!(member.sync().await.received, 1);
}

async fn intruder_link(relay: &TestRelay, intruder: &mut TestProfile) -> RelayLink {
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let proof = intruder.p().authentication_proof(&link).await.unwrap();
    assert!(matches!(
        link.call(&proof).await.unwrap(),
        Response::Authenticated { .. }
    ));
    link
}

#[tokio::test]
async fn sessions_start_after_one_time_prekeys_run_out() {
    let relay = TestRelay::start_with(|c| c.max_one_time_prekeys = 2).await;
    let mut member = relay.profile("Member").await;
    let mut senders = Vec::new();
    for i in 0..4 {
        let mut sender = relay.profile(&format!("Sender {i}")).await;
        sender
            .p()
            .add_contact(&member.card(), Some("member"))
            .unwrap();
        senders.push(sender);
    }
    // Four session starts against two one-time prekeys: the last two use only the signed
    // prekey and the last-resort Kyber prekey.
    for (i, sender) in senders.iter_mut().enumerate() {
        sender.send("member", &format!("from {i}"), "x").await;
    }
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let count = member.p().prekey_count(&link).await.unwrap();
    assert_eq!(count, (0, 0), "all one-time prekeys handed out");
    let sync = member.sync().await;
    assert_eq!(sync.received, 4);
    assert_eq!(sync.quarantined, 0);
    // Syncing replenished them.
    let count = member.p().prekey_count(&link).await.unwrap();
    assert_eq!(count, (2, 2));
}

#[tokio::test]
async fn a_changed_identity_key_stops_sending_until_verified() {
    let relay = TestRelay::start().await;
    let mut defender = relay.profile("Defender").await;
    let mut member = relay.profile("Member").await;
    // The defender holds a card whose identity key is not the member's real one (as if the
    // card had been swapped in transit).
    let mut card = ContactCard::from_text(&member.card()).unwrap();
    card.identity_key = defender.p().identity_key().serialize().to_vec();
    defender
        .p()
        .add_contact(&card.to_text(), Some("member"))
        .unwrap();
    let result = defender.p().send_briefing(&["member"], "s", "b").await;
    assert!(
        matches!(result, Err(ClientError::IdentityChanged(_))),
        "{result:?}"
    );
    assert!(defender.p().outbox().unwrap().is_empty());
    let contact = defender.p().contact("member").unwrap();
    assert!(contact.pending_identity_key.is_some());
    // Still refused until the user verifies the new safety number.
    assert!(matches!(
        defender.p().send_briefing(&["member"], "s", "b").await,
        Err(ClientError::IdentityChanged(_))
    ));
    defender.p().verify_contact("member").unwrap();
    defender.send("member", "after verify", "b").await;
    assert_eq!(member.sync().await.received, 1);
}

#[tokio::test]
async fn a_relay_with_the_wrong_key_is_refused() {
    let relay = TestRelay::start().await;
    let wrong = RelayPin([7; 32]);
    let result = RelayLink::connect(&relay.address(), wrong).await;
    assert!(
        matches!(result, Err(ClientError::PinMismatch)),
        "{:?}",
        result.err()
    );
    let dir = tempfile::tempdir().unwrap();
    let result = Profile::create(
        &dir.path().join("p"),
        &passphrase(),
        amicus_client::NewProfile {
            name: "X",
            relay_address: &relay.address(),
            relay_pin: wrong,
            kdf: test_kdf(),
            invitation: None,
            proxy: None,
        },
    )
    .await;
    assert!(matches!(result, Err(ClientError::PinMismatch)));
    assert!(
        !Profile::exists(&dir.path().join("p")),
        "nothing left behind"
    );
}

#[tokio::test]
async fn rate_limit_is_a_clear_error() {
    let relay = TestRelay::start_with(|c| {
        c.rate_burst = 5;
        c.rate_per_sec = 1;
    })
    .await;
    let link = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let mut limited = None;
    for _ in 0..10 {
        if let Response::Error {
            code,
            retry_after_ms,
        } = link.call(&Request::ServerInfo).await.unwrap()
        {
            limited = Some((code, retry_after_ms));
            break;
        }
    }
    let (code, retry_after_ms) = limited.expect("rate limit reached");
    assert_eq!(code, ErrorCode::RateLimited);
    assert!(retry_after_ms > 0);
}

#[tokio::test]
async fn full_mailbox_keeps_the_briefing_in_the_outbox() {
    let relay = TestRelay::start_with(|c| c.mailbox_max_count = 2).await;
    let (mut defender, mut member) = relay.pair().await;
    for i in 0..3 {
        defender.send("member", &format!("{i}"), "x").await;
    }
    let outbox = defender.p().outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].last_error, ErrorCode::QuotaExceeded.to_u16());
    // Once the member fetched, the waiting briefing goes through.
    assert_eq!(member.sync().await.received, 2);
    let sync = defender.sync().await;
    assert_eq!(sync.delivered_from_outbox, 1);
    assert_eq!(member.sync().await.received, 1);
    let subjects = member.subjects();
    assert_eq!(subjects, ["0", "1", "2"]);
}

#[tokio::test]
async fn a_connection_hoarding_unfinished_frames_does_not_stall_others() {
    let relay = TestRelay::start_with(|c| {
        c.connection_buffer_bytes = amicus_protocol::limits::MAX_FRAME_LEN;
    })
    .await;
    let hog = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    // Sixteen streams each promise a full frame, send a little, and never finish: the
    // connection's buffer budget is spent and its other streams wait unread.
    let mut held = Vec::new();
    for _ in 0..16 {
        let (mut send, recv) = hog
            .connection()
            .expect("a QUIC link")
            .open_bi()
            .await
            .unwrap();
        let header = (amicus_protocol::limits::MAX_FRAME_LEN as u32).to_be_bytes();
        send.write_all(&header).await.unwrap();
        send.write_all(&vec![0u8; 64 * 1024]).await.unwrap();
        held.push((send, recv));
    }
    // Everyone else is served as usual, promptly.
    let started = std::time::Instant::now();
    let (mut defender, mut member) = relay.pair().await;
    defender.send("member", "still served", "b").await;
    assert_eq!(member.sync().await.received, 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    drop(held);
}
