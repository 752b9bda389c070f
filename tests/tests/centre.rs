//! The Centre's flows through a real relay: enrolment from invitations, the signed roster,
//! proxy presentation under a mandate, receipts, revocation, questions and answers, and every
//! refusal the issue lists.

mod support;

use std::sync::Arc;

use amicus_client::ClientError;
use amicus_client::MandateOptions;
use amicus_client::now_ms;
use amicus_core::briefing::{Briefing, ReviewStage};
use amicus_core::content::{Content, ReceiptKind};
use amicus_core::mandate::{Attribution, MandateViolation};
use amicus_core::roster::RosterRefusal;
use amicus_protocol::{ErrorCode, InvitedRole, ManualClock, Role};
use support::{Centre, TestProfile, TestRelay, centre};

const DAY_MS: u64 = 86_400_000;

fn briefing(title: &str) -> Briefing {
    Briefing {
        title: title.into(),
        body: "Three lawyers detained after meeting the UN in March.".into(),
        state_party: "Freedonia".into(),
        session: "CCPR 145".into(),
        stage: ReviewStage::Loipr,
        articles: vec![9, 14, 19],
        language: "en".into(),
        ..Default::default()
    }
}

/// The defender submits `title` to the staff member with a mandate for Member A only.
async fn submit(w: &mut Centre, title: &str, expires_at: u64, attachments: bool) {
    let report = w
        .defender
        .p()
        .submit_for_presentation(
            &["Staff S"],
            briefing(title),
            MandateOptions {
                staff: &["Staff S"],
                members: &["Member A"],
                session: "CCPR 145".into(),
                attribution: Attribution::Pseudonym("Witness K".into()),
                allow_attachments: attachments,
                expires_at,
            },
        )
        .await
        .expect("submit");
    assert_eq!(report.delivered, ["Staff S"]);
}

/// The defender submits `title` with a mandate for any member; the staff member presents it
/// to `member`.
async fn present_to_anyone(w: &mut Centre, title: &str, member: &str) {
    let report = w
        .defender
        .p()
        .submit_for_presentation(
            &["Staff S"],
            briefing(title),
            MandateOptions {
                staff: &[],
                members: &[],
                session: String::new(),
                attribution: Attribution::Anonymous,
                allow_attachments: false,
                expires_at: now_ms() + DAY_MS,
            },
        )
        .await
        .expect("submit");
    assert_eq!(report.delivered, ["Staff S"]);
    w.staff.sync().await;
    let number = inbox_number(&mut w.staff, title);
    w.staff
        .p()
        .present(number, member, false)
        .await
        .expect("present");
}

fn inbox_number(p: &mut TestProfile, title: &str) -> u64 {
    p.p()
        .inbox()
        .unwrap()
        .into_iter()
        .find(|m| m.subject == title)
        .map(|m| m.number)
        .unwrap_or_else(|| panic!("{title} not in the inbox"))
}

fn receipts(p: &mut TestProfile) -> Vec<(ReceiptKind, String)> {
    p.p().sent().unwrap()[0]
        .receipts
        .iter()
        .map(|r| (r.kind, r.member.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn proxy_presentation_with_receipts_questions_and_revocation() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    submit(
        &mut w,
        "Detention of lawyers",
        now_ms() + 30 * DAY_MS,
        false,
    )
    .await;

    // The Centre receives it with the mandate; the defender gets "received".
    w.staff.sync().await;
    let number = inbox_number(&mut w.staff, "Detention of lawyers");
    let mandate = w.staff.p().mandate_of(number).unwrap();
    assert_eq!(
        mandate.mandate.terms.attribution,
        Attribution::Pseudonym("Witness K".into())
    );
    w.defender.sync().await;
    assert_eq!(
        receipts(&mut w.defender),
        [(ReceiptKind::Received, String::new())]
    );

    // Presented to Member A: A sees the Centre, the attribution and the mandate, never the
    // defender.
    let report = w
        .staff
        .p()
        .present(number, "Member A", false)
        .await
        .unwrap();
    assert_eq!(report.delivered, ["Member A"]);
    w.member_a.sync().await;
    let presented = inbox_number(&mut w.member_a, "Detention of lawyers");
    let message = w.member_a.p().message(presented).unwrap();
    let Ok(Content::Presentation(p)) = Content::decode(&message.content) else {
        panic!("not a presentation");
    };
    assert_eq!(p.staff_name, "Staff S");
    assert_eq!(
        p.terms.attribution,
        Attribution::Pseudonym("Witness K".into())
    );
    assert_eq!(p.briefing.hash(), p.terms.briefing_hash);
    assert_eq!(p.briefing.articles, [9, 14, 19]);
    let staff_mailbox = w.staff.p().mailbox();
    let defender_mailbox = w.defender.p().mailbox();
    let defender_key = w.defender.p().identity_key().serialize().to_vec();
    assert_eq!(message.from_mailbox, staff_mailbox);
    for record in [message.encode(), message.content.clone()] {
        assert!(!contains(&record, &defender_mailbox.0));
        assert!(!contains(&record, defender_mailbox.to_hex().as_bytes()));
        assert!(!contains(&record, &defender_key));
    }
    // The member cannot even make the defender a contact: the sender is the Centre's staff
    // member, already a contact from the roster.
    assert!(matches!(
        w.member_a.p().save_sender(presented, "Who sent this"),
        Err(ClientError::ContactExists(_))
    ));
    let sender = w.member_a.p().contact_by_mailbox(&staff_mailbox).unwrap();
    assert_eq!(sender.unwrap().name, "Staff S");
    w.defender.sync().await;
    assert!(receipts(&mut w.defender).contains(&(ReceiptKind::Presented, "Member A".into())));

    // Member A allows read receipts and opens it: the Centre passes "read" on.
    w.member_a.p().set_read_receipts(true).unwrap();
    w.member_a.p().read_message(presented).unwrap();
    assert_eq!(w.member_a.p().send_pending().await.unwrap(), 1);
    w.staff.sync().await;
    w.defender.sync().await;
    assert!(receipts(&mut w.defender).contains(&(ReceiptKind::Read, "Member A".into())));

    // A question through the Centre, and the answer back.
    w.member_a
        .p()
        .ask(presented, "Were the lawyers charged?")
        .await
        .unwrap();
    let report = w.staff.sync().await;
    assert_eq!(report.sent_on_behalf, 1);
    w.defender.sync().await;
    let question = inbox_number(&mut w.defender, "Were the lawyers charged?");
    let q = w.defender.p().message(question).unwrap();
    assert_eq!(q.from_mailbox, staff_mailbox);
    let Ok(Content::Question(q)) = Content::decode(&q.content) else {
        panic!("not a question");
    };
    assert_eq!(q.asked_by, "Member A");
    w.defender
        .p()
        .answer(question, "No charges after six weeks.")
        .await
        .unwrap();
    w.staff.sync().await;
    w.member_a.sync().await;
    let answer = inbox_number(&mut w.member_a, "No charges after six weeks.");
    assert_eq!(
        w.member_a.p().message(answer).unwrap().from_mailbox,
        staff_mailbox
    );

    // Revocation: the Centre withdraws it from Member A and tells the defender.
    let sent_number = w.defender.p().sent().unwrap()[0].number;
    w.defender.p().revoke(sent_number).await.unwrap();
    w.staff.sync().await;
    assert_ne!(w.staff.p().mandate_of(number).unwrap().revoked_at, 0);
    w.member_a.sync().await;
    assert_ne!(w.member_a.p().message(presented).unwrap().withdrawn_at, 0);
    w.defender.sync().await;
    assert!(receipts(&mut w.defender).contains(&(ReceiptKind::Withdrawn, "Member A".into())));
    // And nothing more can be presented under it.
    let err = w
        .staff
        .p()
        .present(number, "Member A", false)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        ClientError::OutsideMandate(MandateViolation::Revoked)
    ));
    assert!(matches!(
        w.defender.p().revoke(sent_number).await,
        Err(ClientError::AlreadyRevoked)
    ));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread")]
async fn presentations_outside_the_mandate_are_refused() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    submit(&mut w, "Within limits", now_ms() + 30 * DAY_MS, false).await;
    submit(&mut w, "Short-lived", now_ms() + 60_000, true).await;
    w.staff.sync().await;
    let within = inbox_number(&mut w.staff, "Within limits");
    let short = inbox_number(&mut w.staff, "Short-lived");
    let refused = |r: Result<_, ClientError>| match r {
        Err(ClientError::OutsideMandate(v)) => v,
        other => panic!("expected a mandate refusal, got {other:?}"),
    };
    // Wrong member, someone not on the roster as a member, attachments not allowed.
    let r = w.staff.p().present(within, "Member B", false).await;
    assert_eq!(refused(r), MandateViolation::MemberNotAllowed);
    let r = w.staff.p().present(within, "Centre intake", false).await;
    assert_eq!(refused(r), MandateViolation::NotAMember);
    let r = w.staff.p().present(within, "Member A", true).await;
    assert_eq!(refused(r), MandateViolation::AttachmentsNotAllowed);
    // Expired: the second mandate runs a minute; the staff member's clock moves past it
    // (time is passed in, never waited for), while the first mandate still holds.
    let clock = ManualClock::starting_now();
    w.staff.p().set_clock(Arc::new(clock.clone()));
    clock.advance_ms(61_000);
    let r = w.staff.p().present(short, "Member A", true).await;
    assert_eq!(refused(r), MandateViolation::Expired);
    let r = w.staff.p().present(within, "Member B", false).await;
    assert_eq!(refused(r), MandateViolation::MemberNotAllowed);
    // Staff the defender did not name: the intake holds no mandate record for it at all,
    // and a mandate naming only Staff S refuses anyone else.
    submit(&mut w, "For Staff S only", now_ms() + 30 * DAY_MS, false).await;
    let report = w
        .defender
        .p()
        .submit_for_presentation(
            &["Centre intake"],
            briefing("Named staff"),
            MandateOptions {
                staff: &["Staff S"],
                members: &[],
                session: String::new(),
                attribution: Attribution::Anonymous,
                allow_attachments: false,
                expires_at: now_ms() + DAY_MS,
            },
        )
        .await
        .unwrap();
    assert_eq!(report.delivered, ["Centre intake"]);
    w.admin.sync().await;
    let named = inbox_number(&mut w.admin, "Named staff");
    let r = w.admin.p().present(named, "Member A", false).await;
    assert_eq!(refused(r), MandateViolation::NotNamedStaff);
    // A member is not Centre staff and cannot present at all.
    assert!(matches!(
        w.member_a.p().present(1, "Member B", false).await,
        Err(ClientError::NotStaff)
    ));
    // Nothing refused reached a member.
    assert_eq!(w.member_b.sync().await.received, 0);
    assert_eq!(w.member_a.sync().await.received, 0);
    // A defender cannot give a mandate naming someone off the roster as a member.
    let err = w
        .defender
        .p()
        .submit_for_presentation(
            &["Staff S"],
            briefing("x"),
            MandateOptions {
                staff: &[],
                members: &["Staff S"],
                session: String::new(),
                attribution: Attribution::Anonymous,
                allow_attachments: false,
                expires_at: now_ms() + DAY_MS,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::NotAMember(_)));
}

#[tokio::test(flavor = "multi_thread")]
async fn invitations_are_single_use_expire_and_come_only_from_staff() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    let invitation = w.staff.p().invite(InvitedRole::Defender, 1).await.unwrap();
    let first = relay.enrol("First", &invitation).await.unwrap();
    assert!(first.profile.as_ref().unwrap().is_registered());
    // The Centre's people are contacts from the start.
    let mut first = first;
    let contacts = first.p().contacts().unwrap();
    assert!(
        contacts
            .iter()
            .any(|c| c.name == "Member A" && c.role == Some(Role::Member))
    );
    // Reused: refused, and nothing is left behind.
    let err = relay.enrol("Second", &invitation).await.err().unwrap();
    assert!(matches!(err, ClientError::Relay(ErrorCode::InvitationUsed)));
    // Unknown token.
    let mut forged = invitation.clone();
    forged.token = [7; 32];
    let err = relay.enrol("Third", &forged).await.err().unwrap();
    assert!(matches!(
        err,
        ClientError::Relay(ErrorCode::InvitationUnknown)
    ));
    // Expiry on the relay's own clock is a rule of the relay service, tested without
    // sockets by moving its clock (relay/src/service/tests.rs).
    // Expired in the code: refused before contacting anyone.
    let mut stale = invitation.clone();
    stale.expires_at = 1;
    let err = relay.enrol("Fifth", &stale).await.err().unwrap();
    assert!(matches!(
        err,
        ClientError::Relay(ErrorCode::InvitationExpired)
    ));
    // A member or a defender cannot invite.
    for p in [&mut w.member_a, &mut w.defender] {
        let err = p.p().invite(InvitedRole::Defender, 1).await.unwrap_err();
        assert!(matches!(err, ClientError::Relay(ErrorCode::NotPermitted)));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn first_contact_without_invitation_is_rate_limited() {
    let relay = TestRelay::start_with(|c| {
        c.first_contact_burst = 2;
        c.first_contact_per_hour = 1;
    })
    .await;
    let mut admin = relay.profile("Centre intake").await;
    admin.p().centre_init("Centre intake").await.unwrap();
    // A first contact, with no invitation, writes to the Centre's intake from its card.
    let mut second = relay.profile("First contact").await;
    let intake_card = admin.card();
    second
        .p()
        .add_contact(&intake_card, Some("Centre"))
        .unwrap();
    second
        .send("Centre", "First contact", "I need to talk to you.")
        .await;
    assert_eq!(admin.sync().await.received, 1);
    // The third account without an invitation waits; the profile is kept, unregistered.
    let dir = tempfile::tempdir().unwrap();
    let third = amicus_client::Profile::create(
        &dir.path().join("p"),
        &support::passphrase(),
        amicus_client::NewProfile {
            name: "Third",
            relay_address: &relay.address(),
            relay_pin: relay.relay().pin,
            kdf: support::test_kdf(),
            invitation: None,
            proxy: None,
        },
    )
    .await
    .unwrap();
    assert!(!third.is_registered());
    // An invited person still gets in.
    let invitation = admin.p().invite(InvitedRole::Defender, 1).await.unwrap();
    let invited = relay.enrol("Invited", &invitation).await.unwrap();
    assert!(invited.profile.as_ref().unwrap().is_registered());
}

/// The store of a stopped relay, opened directly: the tests play a compromised relay.
fn stopped_relay_store(relay: &TestRelay) -> amicus_relay::store::MailboxStore {
    amicus_relay::store::MailboxStore::open(
        &relay.data_dir().join("store"),
        amicus_relay::store::StoreLimits {
            mailbox_max_count: 10,
            mailbox_max_bytes: 1 << 20,
            max_one_time_prekeys: 10,
            cache_bytes: 1 << 20,
        },
    )
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_and_rolled_back_rosters_are_refused_and_key_changes_are_loud() {
    let mut relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    // Another "Centre" on the same relay cannot publish: the relay holds the real root.
    let mut rogue = relay.profile("Rogue").await;
    let err = rogue.p().centre_init("Rogue").await.unwrap_err();
    assert!(matches!(err, ClientError::Relay(ErrorCode::RosterRejected)));

    // The Centre signs a new key for Member A (here: staff's key under A's mailbox).
    let mut card = amicus_protocol::ContactCard::from_text(&w.member_a.card()).unwrap();
    card.identity_key = w.staff.p().identity_key().serialize().to_vec();
    let version = w
        .admin
        .p()
        .roster_add(&card.to_text(), Role::Member, Some("Member A"), 0)
        .await
        .unwrap();
    let report = w.defender.sync().await;
    assert_eq!(report.roster_key_changes, ["Member A"]);
    assert_eq!(report.roster_refused, None);

    // A compromised relay serves a roster it signed itself: the defender refuses it.
    relay.stop().await;
    let store = stopped_relay_store(&relay);
    let (_, head) = store.centre.latest_roster().unwrap().unwrap();
    let head = amicus_protocol::SignedRoster::from_bytes(&head).unwrap();
    let rogue_root = libsignal_protocol::KeyPair::generate(&mut rand::rng());
    let body = amicus_protocol::Roster {
        version: version + 1,
        previous: head.hash(),
        issued_at: 0,
        entries: Vec::new(),
    }
    .encode();
    let forged = amicus_protocol::SignedRoster {
        root_key: head.root_key.clone(),
        signature: rogue_root
            .private_key
            .calculate_signature(
                &amicus_protocol::SignedRoster::signed_message(&body),
                &mut rand::rng(),
            )
            .unwrap()
            .to_vec(),
        body,
    };
    store
        .centre
        .overwrite_roster(version + 1, &forged.to_bytes())
        .unwrap();
    drop(store);
    relay.restart().await;
    let report = w.defender.sync().await;
    assert_eq!(
        report.roster_refused,
        Some(RosterRefusal::NotSignedByCentre {
            version: version + 1
        })
    );
    // Contacts were not changed by the refused roster.
    assert!(
        w.defender
            .p()
            .contacts()
            .unwrap()
            .iter()
            .any(|c| c.name == "Member B" && c.role == Some(Role::Member))
    );

    // Rolled back: the relay drops the versions this device has seen.
    relay.stop().await;
    let store = stopped_relay_store(&relay);
    store.centre.remove_roster(version + 1).unwrap();
    store.centre.remove_roster(version).unwrap();
    drop(store);
    relay.restart().await;
    let report = w.defender.sync().await;
    assert_eq!(
        report.roster_refused,
        Some(RosterRefusal::Older { seen: version })
    );
    // Messages still flow while the roster is refused.
    w.defender.send("Member B", "Still here", "text").await;
    assert_eq!(w.member_b.sync().await.received, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receipt_queued_offline_survives_a_restart_and_is_sent_once() {
    let mut relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    submit(&mut w, "Offline read", now_ms() + DAY_MS, false).await;
    w.staff.sync().await;
    let number = inbox_number(&mut w.staff, "Offline read");
    w.staff
        .p()
        .present(number, "Member A", false)
        .await
        .unwrap();
    w.member_a.sync().await;
    let presented = inbox_number(&mut w.member_a, "Offline read");
    w.member_a.p().set_read_receipts(true).unwrap();

    // The member reads while the relay is down: the receipt is queued durably.
    relay.stop().await;
    w.member_a.p().read_message(presented).unwrap();
    assert!(w.member_a.p().send_pending().await.is_err());
    assert_eq!(w.member_a.p().pending_count().unwrap(), 1);
    // The client process restarts; the relay comes back.
    w.member_a.reopen();
    relay.restart().await;
    let report = w.member_a.sync().await;
    assert_eq!((report.sent_on_behalf, report.pending_on_behalf), (1, 0));
    assert_eq!(w.member_a.sync().await.sent_on_behalf, 0);
    w.staff.sync().await;
    w.defender.sync().await;
    let reads = receipts(&mut w.defender)
        .into_iter()
        .filter(|(kind, _)| *kind == ReceiptKind::Read)
        .count();
    assert_eq!(reads, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_is_one_roster_entry() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    let version = w.admin.p().roster().unwrap().unwrap().version;
    // Member A's new device (another mailbox and key) under the same name is refused, and
    // the roster stays as it was.
    let mut new_device = relay.profile("Member A").await;
    let card = new_device.card();
    let err = w
        .admin
        .p()
        .roster_add(&card, Role::Member, Some(" member a "), 0)
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::RosterNameTaken(_)), "{err:?}");
    assert_eq!(w.admin.p().roster().unwrap().unwrap().version, version);
    // Re-adding the same card (a new term end) replaces the entry instead of doubling it.
    let same = w.member_a.card();
    w.admin
        .p()
        .roster_add(&same, Role::Member, None, 0)
        .await
        .unwrap();
    let entries = w.admin.p().roster_entries().unwrap();
    assert_eq!(entries.iter().filter(|e| e.name == "Member A").count(), 1);
    // Removing by name, then adding the new device, is the way to change keys.
    w.admin.p().roster_remove("Member A").await.unwrap();
    w.admin
        .p()
        .roster_add(&card, Role::Member, Some("Member A"), 0)
        .await
        .unwrap();
    let entries = w.admin.p().roster_entries().unwrap();
    let member_a: Vec<_> = entries.iter().filter(|e| e.name == "Member A").collect();
    assert_eq!(member_a.len(), 1);
    assert_eq!(member_a[0].mailbox, new_device.p().mailbox());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_made_with_init_joins_the_centre_and_receives_presentations() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    // A member who started with `amicus init`, before the Centre invited them.
    let mut member_c = relay.profile("Member C").await;
    let before = member_c.p().mailbox();
    let invitation = w.admin.p().invite(InvitedRole::Member, 7).await.unwrap();
    let update = member_c.p().accept_invitation(&invitation).await.unwrap();
    assert!(update.version >= 1);
    assert_eq!(
        member_c.p().mailbox(),
        before,
        "the same identity and mailbox"
    );
    // Single use, as for a new profile.
    let again = member_c
        .p()
        .accept_invitation(&invitation)
        .await
        .unwrap_err();
    assert!(matches!(
        again,
        ClientError::Relay(ErrorCode::InvitationUsed)
    ));
    let card = member_c.card();
    w.admin
        .p()
        .roster_add(&card, Role::Member, None, 0)
        .await
        .unwrap();
    w.staff.sync().await;
    member_c.sync().await;
    // A presentation to them is a briefing they can read, not a quarantined envelope.
    present_to_anyone(&mut w, "For Member C", "Member C").await;
    let got = member_c.sync().await;
    assert_eq!((got.received, got.quarantined), (1, 0));
    assert_eq!(member_c.subjects(), ["For Member C"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn everyone_numbers_their_inbox_from_one_and_shares_one_reference_per_briefing() {
    use amicus_app::views::inbox_reference;
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    present_to_anyone(&mut w, "Shared reference", "Member A").await;
    w.member_a.sync().await;
    let sent = w.defender.p().sent().unwrap();
    let defender_ref = amicus_core::briefing::reference(&sent[0].message_id);
    let staff_ref = w
        .staff
        .p()
        .inbox()
        .unwrap()
        .iter()
        .find(|m| m.subject == "Shared reference")
        .and_then(inbox_reference);
    let member_inbox = w.member_a.p().inbox().unwrap();
    let member_ref = member_inbox
        .iter()
        .find(|m| m.subject == "Shared reference")
        .and_then(inbox_reference);
    assert_eq!(staff_ref.as_deref(), Some(defender_ref.as_str()));
    assert_eq!(member_ref.as_deref(), Some(defender_ref.as_str()));
    // Small numbers, counted per person: the member's first message is 1.
    let numbers: Vec<u64> = member_inbox.iter().map(|m| m.number).collect();
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_presentation_to_a_profile_that_has_not_joined_says_so() {
    use amicus_core::records::QuarantineReason;
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    // On the roster (the administrator added the card), but never enrolled.
    let mut member_c = relay.profile("Member C").await;
    let card = member_c.card();
    w.admin
        .p()
        .roster_add(&card, Role::Member, None, 0)
        .await
        .unwrap();
    w.staff.sync().await;
    present_to_anyone(&mut w, "Not yet joined", "Member C").await;
    let got = member_c.sync().await;
    assert_eq!((got.received, got.quarantined), (0, 1));
    let kept = member_c.p().quarantine().unwrap();
    assert_eq!(kept[0].reason, QuarantineReason::NotEnrolled);
}

#[tokio::test(flavor = "multi_thread")]
async fn receipts_name_people_as_the_roster_does_not_as_a_local_duplicate() {
    let relay = TestRelay::start().await;
    let mut w = centre(&relay).await;
    // Staff S once added an old card under the name "Member X" (another mailbox); the
    // roster's Member X then becomes the local contact "Member X (2)".
    let mut stale = relay.profile("Member X").await;
    let stale_card = stale.card();
    w.staff
        .p()
        .add_contact(&stale_card, Some("Member X"))
        .unwrap();
    let mut member_x = relay.profile("Member X").await;
    let invitation = w.admin.p().invite(InvitedRole::Member, 7).await.unwrap();
    member_x.p().accept_invitation(&invitation).await.unwrap();
    let card = member_x.card();
    w.admin
        .p()
        .roster_add(&card, Role::Member, None, 0)
        .await
        .unwrap();
    w.staff.sync().await;
    let local = w
        .staff
        .p()
        .contact_by_mailbox(&member_x.p().mailbox())
        .unwrap();
    assert_eq!(local.map(|c| c.name).as_deref(), Some("Member X (2)"));
    present_to_anyone(&mut w, "Named as on the roster", "Member X (2)").await;
    // What the defender reads names the member as the Centre's roster does.
    w.defender.sync().await;
    let sent = w.defender.p().sent().unwrap();
    let presented: Vec<String> = sent
        .iter()
        .flat_map(|s| s.receipts.iter())
        .filter(|r| r.kind == ReceiptKind::Presented)
        .map(|r| r.member.clone())
        .collect();
    assert_eq!(presented, ["Member X"]);
}
