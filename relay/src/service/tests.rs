//! The relay's rules, tested without sockets: a [`Service`] on a temporary store with a
//! manual clock, driven request by request through per-connection [`Session`]s. Time moves
//! when a test says so: expiry and refill are checked by advancing the clock, never by
//! waiting. The 127.0.0.1 tests keep what only sockets prove (flow control, floods, kills,
//! SIGTERM, memory).

use std::sync::{Arc, Mutex};

use amicus_protocol::tokens::SpendToken;
use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, MailboxId, ManualClock, PaidItem, Request, Response, Role,
    Roster, RosterEntry, SignedRoster, auth_message,
};
use libsignal_protocol::KeyPair;
use tempfile::TempDir;

use super::{Service, Session};
use crate::config::RelayConfig;

/// A service over a temporary store, on a clock that moves only when told.
struct Harness {
    service: Service,
    clock: ManualClock,
    _dir: TempDir,
}

/// A mailbox owner: the key that proves ownership, and the mailbox it names.
struct Owner {
    key: KeyPair,
    mailbox: MailboxId,
}

impl Owner {
    fn new() -> Self {
        let key = KeyPair::generate(&mut rand::rng());
        let mailbox = MailboxId::for_auth_key(&key.public_key.serialize());
        Owner { key, mailbox }
    }

    /// An `Authenticate` request proving ownership over `nonce`.
    fn proof(&self, service: &Service, nonce: &[u8; 32]) -> Request {
        let signature = self
            .key
            .private_key
            .calculate_signature(&auth_message(&service.keys.pin, nonce), &mut rand::rng())
            .unwrap()
            .to_vec();
        Request::Authenticate {
            auth_key: self.key.public_key.serialize().to_vec(),
            signature,
        }
    }
}

const START_MS: u64 = 1_800_000_000_000;

fn harness(tune: impl FnOnce(&mut RelayConfig)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let mut config = RelayConfig::new(dir.path().join("relay"), "127.0.0.1:0".parse().unwrap());
    tune(&mut config);
    let clock = ManualClock::at_ms(START_MS);
    let service = Service::open_with_clock(config, Arc::new(clock.clone())).unwrap();
    Harness {
        service,
        clock,
        _dir: dir,
    }
}

impl Harness {
    fn session(&self) -> Mutex<Session> {
        Mutex::new(self.service.new_session())
    }

    async fn call(&self, session: &Mutex<Session>, request: Request) -> Response {
        self.service.handle(session, request).await
    }

    async fn challenge(&self, session: &Mutex<Session>) -> [u8; 32] {
        match self.call(session, Request::Challenge).await {
            Response::Challenge { nonce } => nonce,
            other => panic!("no challenge: {other:?}"),
        }
    }

    /// A session authenticated as `owner`, whose mailbox is registered (prekeys
    /// published), so that it can receive.
    async fn registered(&self, owner: &Owner) -> Mutex<Session> {
        let session = self.authed(owner).await;
        let answer = self
            .call(&session, Request::PublishPrekeys(prekeys::upload()))
            .await;
        assert_eq!(answer, Response::PrekeysStored);
        session
    }

    /// A session authenticated as `owner`.
    async fn authed(&self, owner: &Owner) -> Mutex<Session> {
        let session = self.session();
        let nonce = self.challenge(&session).await;
        let answer = self
            .call(&session, owner.proof(&self.service, &nonce))
            .await;
        assert_eq!(
            answer,
            Response::Authenticated {
                mailbox: owner.mailbox
            }
        );
        session
    }

    async fn deliver(&self, session: &Mutex<Session>, to: MailboxId, n: u8) -> Response {
        let item = DeliverItem {
            mailbox: to,
            envelope_id: EnvelopeId([n; 16]),
            payload: vec![n; 64],
        };
        self.call(session, self.paid(vec![item])).await
    }

    /// Sending tokens of the current period, signed here with the relay's own key
    /// (issuance itself is tested through `IssueTokens`).
    fn mint(&self, n: usize) -> Vec<SpendToken> {
        let now = self.service.now_secs();
        let period = self.service.tokens.period_at(now);
        let key = self.service.tokens.key(period, true).unwrap().unwrap();
        (0..n)
            .map(|_| {
                let nonce: [u8; 32] = rand::random();
                let blinded = key.verifying.blind(period, &nonce).unwrap();
                let signature = key.signing.sign_blinded(blinded.message()).unwrap();
                key.verifying
                    .finalize(&blinded, period, nonce, &signature)
                    .unwrap()
            })
            .collect()
    }

    /// A `DeliverPaid` of `items`, one fresh token each.
    fn paid(&self, items: Vec<DeliverItem>) -> Request {
        let tokens = self.mint(items.len());
        Request::DeliverPaid {
            items: tokens
                .into_iter()
                .zip(items)
                .map(|(token, item)| PaidItem { token, item })
                .collect(),
        }
    }

    /// A `CreateBlobPaid` with as many fresh tokens as its size costs.
    fn create_blob(
        &self,
        size: u64,
        upload_hash: [u8; 32],
        reader_hashes: Vec<[u8; 32]>,
    ) -> Request {
        Request::CreateBlobPaid {
            tokens: self.mint(amicus_protocol::tokens::blob_cost(size)),
            size,
            upload_hash,
            reader_hashes,
        }
    }

    async fn fetch_ids(&self, session: &Mutex<Session>) -> Vec<EnvelopeId> {
        match self.call(session, Request::Fetch { max: 16 }).await {
            Response::Envelopes { items, .. } => items.iter().map(|e| e.envelope_id).collect(),
            other => panic!("no envelopes: {other:?}"),
        }
    }
}

fn refused(code: ErrorCode) -> Response {
    Response::error(code)
}

/// Whether a delivery answer says every item was stored.
fn stored(answer: &Response) -> bool {
    matches!(answer, Response::Delivered { statuses } if statuses.iter().all(Result::is_ok))
}

fn item_refusal(answer: &Response) -> Option<ErrorCode> {
    match answer {
        Response::Delivered { statuses } => statuses.iter().find_map(|s| s.err()),
        _ => None,
    }
}

#[tokio::test]
async fn proofs_are_single_use_bound_to_the_latest_nonce_of_one_connection() {
    let h = harness(|_| {});
    let owner = Owner::new();
    // No challenge yet: nothing to sign.
    let s = h.session();
    let forged = owner.proof(&h.service, &[0; 32]);
    assert_eq!(h.call(&s, forged).await, refused(ErrorCode::AuthFailed));

    // Only the latest challenge counts.
    let first = h.challenge(&s).await;
    let _second = h.challenge(&s).await;
    let stale = owner.proof(&h.service, &first);
    assert_eq!(h.call(&s, stale).await, refused(ErrorCode::AuthFailed));

    // A failed attempt consumes the nonce: the right proof afterwards fails too.
    let nonce = h.challenge(&s).await;
    let wrong = owner.proof(&h.service, &[9; 32]);
    let right = owner.proof(&h.service, &nonce);
    assert_eq!(h.call(&s, wrong).await, refused(ErrorCode::AuthFailed));
    assert_eq!(h.call(&s, right).await, refused(ErrorCode::AuthFailed));

    // A good proof works once; replayed on the same or another connection, it fails.
    let nonce = h.challenge(&s).await;
    let proof = owner.proof(&h.service, &nonce);
    assert_eq!(
        h.call(&s, proof.clone()).await,
        Response::Authenticated {
            mailbox: owner.mailbox
        }
    );
    assert_eq!(
        h.call(&s, proof.clone()).await,
        refused(ErrorCode::AuthFailed)
    );
    let other = h.session();
    let _ = h.challenge(&other).await;
    assert_eq!(h.call(&other, proof).await, refused(ErrorCode::AuthFailed));
}

#[tokio::test]
async fn owner_operations_need_a_proof_and_touch_only_the_owners_mailbox() {
    let h = harness(|_| {});
    let (owner, intruder) = (Owner::new(), Owner::new());
    let anonymous = h.session();
    for request in [
        Request::Fetch { max: 16 },
        Request::Ack {
            ids: vec![EnvelopeId([1; 16])],
        },
        Request::PrekeyCount,
        Request::IssueSenderCertificate,
        Request::Enrol { token: [1; 32] },
    ] {
        assert_eq!(
            h.call(&anonymous, request).await,
            refused(ErrorCode::Unauthenticated)
        );
    }
    // A sender needs no proof; the owner fetches; another mailbox's owner sees nothing
    // and deletes nothing.
    let mine = h.registered(&owner).await;
    assert!(stored(&h.deliver(&anonymous, owner.mailbox, 1).await));
    let theirs = h.registered(&intruder).await;
    assert!(h.fetch_ids(&theirs).await.is_empty());
    let ack = Request::Ack {
        ids: vec![EnvelopeId([1; 16])],
    };
    let _ = h.call(&theirs, ack.clone()).await;
    assert_eq!(h.fetch_ids(&mine).await, vec![EnvelopeId([1; 16])]);
    assert_eq!(h.call(&mine, ack).await, Response::Acked { removed: 1 });
    assert!(h.fetch_ids(&mine).await.is_empty());
}

#[tokio::test]
async fn a_full_mailbox_refuses_until_its_owner_drains_it() {
    let h = harness(|c| c.mailbox_max_count = 3);
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let sender = h.session();
    // Nobody can queue for a mailbox that does not exist.
    let nobody = h.deliver(&sender, Owner::new().mailbox, 9).await;
    assert_eq!(item_refusal(&nobody), Some(ErrorCode::UnknownRecipient));
    for n in 1..=3 {
        assert!(stored(&h.deliver(&sender, owner.mailbox, n).await));
    }
    let answer = h.deliver(&sender, owner.mailbox, 4).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::QuotaExceeded));
    // A retry of an envelope already stored is not a new one: accepted, stored once.
    assert!(stored(&h.deliver(&sender, owner.mailbox, 3).await));
    let ids = h.fetch_ids(&mine).await;
    assert_eq!(ids.len(), 3);
    assert_eq!(
        h.call(&mine, Request::Ack { ids }).await,
        Response::Acked { removed: 3 }
    );
    assert!(stored(&h.deliver(&sender, owner.mailbox, 4).await));
}

#[tokio::test]
async fn the_rate_limit_refills_as_the_clock_moves() {
    let h = harness(|c| {
        c.rate_burst = 3;
        c.rate_per_sec = 2;
    });
    let s = h.session();
    for _ in 0..3 {
        assert!(matches!(
            h.call(&s, Request::ServerInfo).await,
            Response::ServerInfo { .. }
        ));
    }
    match h.call(&s, Request::ServerInfo).await {
        Response::Error {
            code: ErrorCode::RateLimited,
            retry_after_ms,
        } => assert!((1..=500).contains(&retry_after_ms), "{retry_after_ms}"),
        other => panic!("not limited: {other:?}"),
    }
    // Each connection has its own bucket.
    assert!(matches!(
        h.call(&h.session(), Request::ServerInfo).await,
        Response::ServerInfo { .. }
    ));
    h.clock.advance_ms(500);
    assert!(matches!(
        h.call(&s, Request::ServerInfo).await,
        Response::ServerInfo { .. }
    ));
    assert!(matches!(
        h.call(&s, Request::ServerInfo).await,
        Response::Error {
            code: ErrorCode::RateLimited,
            ..
        }
    ));
}

#[tokio::test]
async fn first_contact_accounts_draw_from_a_relay_wide_hourly_allowance() {
    let h = harness(|c| {
        c.first_contact_burst = 1;
        c.first_contact_per_hour = 1;
    });
    let (first, second) = (Owner::new(), Owner::new());
    let upload = |_: &Owner| prekeys::upload();
    let s1 = h.authed(&first).await;
    assert_eq!(
        h.call(&s1, Request::PublishPrekeys(upload(&first))).await,
        Response::PrekeysStored
    );
    let s2 = h.authed(&second).await;
    assert_eq!(
        h.call(&s2, Request::PublishPrekeys(upload(&second))).await,
        refused(ErrorCode::FirstContactBusy)
    );
    // Republishing an existing mailbox is not a new account.
    assert_eq!(
        h.call(&s1, Request::PublishPrekeys(upload(&first))).await,
        Response::PrekeysStored
    );
    h.clock.advance_ms(3_600_000);
    assert_eq!(
        h.call(&s2, Request::PublishPrekeys(upload(&second))).await,
        Response::PrekeysStored
    );
}

#[tokio::test]
async fn invitations_are_single_use_and_expire_with_the_clock() {
    let h = harness(|_| {});
    let now = START_MS / 1000;
    let (token, late_token) = ([7u8; 32], [8u8; 32]);
    let centre = &h.service.centre;
    centre
        .put_invitation(&amicus_protocol::invitation::token_hash(&token), now + 60)
        .unwrap();
    centre
        .put_invitation(
            &amicus_protocol::invitation::token_hash(&late_token),
            now + 3600,
        )
        .unwrap();
    let (a, b) = (Owner::new(), Owner::new());
    let sa = h.authed(&a).await;
    assert_eq!(
        h.call(&sa, Request::Enrol { token }).await,
        Response::Enrolled
    );
    let sb = h.authed(&b).await;
    assert_eq!(
        h.call(&sb, Request::Enrol { token }).await,
        refused(ErrorCode::InvitationUsed)
    );
    assert_eq!(
        h.call(&sb, Request::Enrol { token: [9; 32] }).await,
        refused(ErrorCode::InvitationUnknown)
    );
    h.clock.advance_ms(3_601_000);
    assert_eq!(
        h.call(&sb, Request::Enrol { token: late_token }).await,
        refused(ErrorCode::InvitationExpired)
    );
}

/// A roster version signed by `root`.
fn roster(root: &KeyPair, version: u64, previous: [u8; 32], entries: Vec<RosterEntry>) -> Vec<u8> {
    let body = Roster {
        version,
        previous,
        issued_at: START_MS,
        entries,
    }
    .encode();
    let signature = root
        .private_key
        .calculate_signature(&SignedRoster::signed_message(&body), &mut rand::rng())
        .unwrap()
        .to_vec();
    SignedRoster {
        root_key: root.public_key.serialize().to_vec(),
        body,
        signature,
    }
    .to_bytes()
}

fn staff(owner: &Owner, term_end: u64) -> RosterEntry {
    RosterEntry {
        name: "Staff S".into(),
        role: Role::Staff,
        mailbox: owner.mailbox,
        identity_key: vec![5; 33],
        term_end,
    }
}

#[tokio::test]
async fn the_roster_grows_one_signed_version_at_a_time_and_terms_end_with_the_clock() {
    let h = harness(|_| {});
    let (root, rogue) = (
        KeyPair::generate(&mut rand::rng()),
        KeyPair::generate(&mut rand::rng()),
    );
    let s = h.session();
    let publish = |bytes: Vec<u8>| Request::PublishRoster { roster: bytes };
    let worker = Owner::new();
    let term_end = START_MS + 86_400_000;
    let v1 = roster(&root, 1, [0; 32], vec![staff(&worker, term_end)]);
    let v1_hash = SignedRoster::from_bytes(&v1).unwrap().hash();
    // The chain starts at version 1 naming nothing; junk and gaps are refused.
    assert_eq!(
        h.call(&s, publish(b"junk".to_vec())).await,
        refused(ErrorCode::RosterRejected)
    );
    assert_eq!(
        h.call(&s, publish(roster(&root, 2, [0; 32], vec![]))).await,
        refused(ErrorCode::RosterRejected)
    );
    assert_eq!(
        h.call(&s, publish(v1.clone())).await,
        Response::RosterStored { version: 1 }
    );
    // The first root accepted is adopted: another key's version 2 is refused, as are a
    // version 2 that forks (names another predecessor) and a skipped version.
    for bad in [
        roster(&rogue, 2, v1_hash, vec![]),
        roster(&root, 2, [1; 32], vec![]),
        roster(&root, 3, v1_hash, vec![]),
    ] {
        assert_eq!(
            h.call(&s, publish(bad)).await,
            refused(ErrorCode::RosterRejected)
        );
    }
    // Tampering after signing breaks the signature.
    let mut tampered = SignedRoster::from_bytes(&roster(&root, 2, v1_hash, vec![])).unwrap();
    tampered.signature[0] ^= 1;
    assert_eq!(
        h.call(&s, publish(tampered.to_bytes())).await,
        refused(ErrorCode::RosterRejected)
    );
    // A retried publication of the newest version is accepted as it is.
    assert_eq!(
        h.call(&s, publish(v1)).await,
        Response::RosterStored { version: 1 }
    );

    // Staff on the roster invite while their term lasts, not after.
    let invite = |expires_at| Request::CreateInvitation {
        token_hash: [3; 32],
        expires_at,
    };
    let ws = h.authed(&worker).await;
    let now = START_MS / 1000;
    assert_eq!(
        h.call(&ws, invite(now + 3600)).await,
        Response::InvitationStored
    );
    let outsider = h.authed(&Owner::new()).await;
    assert_eq!(
        h.call(&outsider, invite(now + 3600)).await,
        refused(ErrorCode::NotPermitted)
    );
    h.clock.advance_days(2);
    let later = amicus_protocol::Clock::now_secs(&h.clock);
    assert_eq!(
        h.call(&ws, invite(later + 3600)).await,
        refused(ErrorCode::NotPermitted)
    );
}

#[tokio::test]
async fn envelopes_and_attachments_expire_as_the_clock_passes_their_retention() {
    let h = harness(|c| {
        c.retention = std::time::Duration::from_secs(86_400);
        c.blob_retention = std::time::Duration::from_secs(2 * 86_400);
    });
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let s = h.session();
    assert!(stored(&h.deliver(&s, owner.mailbox, 1).await));
    let created = h.call(&s, h.create_blob(10, [1; 32], vec![[2; 32]])).await;
    let Response::BlobCreated { blob, .. } = created else {
        panic!("{created:?}");
    };
    // Uploaded in full (the upload stream itself is tested over sockets): from now on the
    // blob's retention counts, not its reservation.
    h.service
        .blobs
        .mark_complete(&blob, h.service.now_secs())
        .unwrap();
    assert_eq!(blob_files(&h), 1);
    // Nothing expires early.
    h.clock.advance_ms(86_399_000);
    assert_eq!(h.service.sweep_expired().await.unwrap(), 0);
    assert_eq!(h.service.blobs.count(), 1);
    h.clock.advance_ms(2_000);
    assert_eq!(h.service.sweep_expired().await.unwrap(), 1);
    assert!(h.fetch_ids(&mine).await.is_empty());
    assert_eq!(h.service.blobs.count(), 1);
    h.clock.advance_days(1);
    h.service.sweep_expired().await.unwrap();
    assert_eq!(h.service.blobs.count(), 0);
    // Its file is gone too, not only its record.
    assert_eq!(blob_files(&h), 0);
}

fn blob_files(h: &Harness) -> usize {
    std::fs::read_dir(h.service.config.data_dir.join("attachments"))
        .map(|entries| entries.count())
        .unwrap_or(0)
}

/// Valid prekey uploads under fresh identities.
mod prekeys {
    use amicus_protocol::{PrekeyUpload, PublicPrekey, SignedPublicPrekey};
    use libsignal_protocol::{
        GenericSignedPreKey as _, IdentityKeyPair, KeyPair, KyberPreKeyRecord, kem,
    };

    pub(super) fn upload() -> PrekeyUpload {
        let mut rng = rand::rng();
        let identity = IdentityKeyPair::generate(&mut rng);
        let signed = KeyPair::generate(&mut rng);
        let signature = identity
            .private_key()
            .calculate_signature(&signed.public_key.serialize(), &mut rng)
            .unwrap()
            .to_vec();
        let kyber =
            KyberPreKeyRecord::generate(kem::KeyType::Kyber1024, 1.into(), identity.private_key())
                .unwrap();
        PrekeyUpload {
            registration_id: 9,
            device_id: 1,
            identity_key: identity.identity_key().serialize().to_vec(),
            signed_prekey: SignedPublicPrekey {
                id: 1,
                public: signed.public_key.serialize().to_vec(),
                signature,
            },
            last_resort_kyber: SignedPublicPrekey {
                id: 1,
                public: kyber.public_key().unwrap().serialize().to_vec(),
                signature: kyber.signature().unwrap(),
            },
            one_time: vec![PublicPrekey {
                id: 77,
                public: KeyPair::generate(&mut rng).public_key.serialize().to_vec(),
            }],
            kyber_one_time: Vec::new(),
        }
    }
}

/// The reservation flood of issue 18: anonymous `CreateBlob`s, each on a fresh connection,
/// reserve what they can. They can take only the share of the store set aside for unfinished
/// uploads, never the whole of it; their reservations lapse after the reservation time
/// (hours, not the full retention), also across a restart; then honest uploads go ahead.
#[tokio::test]
async fn anonymous_reservations_take_a_bounded_share_and_lapse() {
    const MIB: u64 = 1024 * 1024;
    let tune = |c: &mut RelayConfig| {
        c.max_blob_bytes = 4 * MIB;
        c.blob_store_max_bytes = 64 * MIB;
        c.blob_pending_max_bytes = 16 * MIB;
        c.blob_reservation = std::time::Duration::from_secs(3600);
        // The bound on reservations is the second line, held even against someone with
        // tokens to spend: tested here on its own, payment in the token tests.
        c.require_tokens = false;
    };
    let h = harness(tune);
    let create = |size: u64| Request::CreateBlob {
        size,
        upload_hash: [7; 32],
        reader_hashes: vec![[8; 32]],
    };
    let mut taken = 0;
    loop {
        // A new connection each time, as an attacker would open.
        let session = h.session();
        match h.call(&session, create(4 * MIB)).await {
            Response::BlobCreated { expires_at, .. } => {
                taken += 1;
                // The reservation's own time, not the 30-day retention.
                assert_eq!(expires_at, START_MS / 1000 + 3600);
            }
            other => {
                assert_eq!(other, refused(ErrorCode::BlobStoreFull));
                break;
            }
        }
        assert!(
            taken <= 4,
            "more than the unfinished-upload share was reserved"
        );
    }
    assert_eq!(taken, 4);
    assert_eq!(
        h.service.blobs.reserved_bytes(),
        16 * MIB,
        "three quarters stay free"
    );
    let honest = h.session();
    assert_eq!(
        h.call(&honest, create(MIB)).await,
        refused(ErrorCode::BlobStoreFull)
    );
    // An hour on, nothing was written: the reservations lapse at the next request.
    h.clock.advance_ms(3600 * 1000);
    assert!(matches!(
        h.call(&honest, create(MIB)).await,
        Response::BlobCreated { .. }
    ));
    assert_eq!(h.service.blobs.pending_bytes(), MIB);

    // Again, and this time the relay restarts in between: the expiry is kept on disk.
    for _ in 0..3 {
        let session = h.session();
        assert!(matches!(
            h.call(&session, create(4 * MIB)).await,
            Response::BlobCreated { .. }
        ));
    }
    let Harness {
        service,
        clock,
        _dir,
    } = h;
    let config = service.config.clone();
    drop(service);
    clock.advance_ms(3600 * 1000);
    let service = Service::open_with_clock(config, Arc::new(clock.clone())).unwrap();
    assert_eq!(
        service.blobs.pending_bytes(),
        13 * MIB,
        "counted again from the records"
    );
    let session = Mutex::new(service.new_session());
    assert!(matches!(
        service.handle(&session, create(4 * MIB)).await,
        Response::BlobCreated { .. }
    ));
    assert_eq!(service.blobs.pending_bytes(), 4 * MIB);
}

/// Fresh connections from one address do not reset its limits: they share one address
/// bucket (held in memory only), while another address is not affected.
#[tokio::test]
async fn fresh_connections_from_one_address_share_its_allowance() {
    let h = harness(|c| {
        c.rate_burst = 100;
        c.per_address_rate_burst = 3;
        c.per_address_rate_per_sec = 1;
    });
    let a: std::net::IpAddr = "192.0.2.10".parse().unwrap();
    let b: std::net::IpAddr = "192.0.2.11".parse().unwrap();
    for _ in 0..3 {
        let fresh = Mutex::new(h.service.new_session_from(Some(a)));
        assert!(matches!(
            h.call(&fresh, Request::Challenge).await,
            Response::Challenge { .. }
        ));
    }
    let fresh = Mutex::new(h.service.new_session_from(Some(a)));
    assert!(matches!(
        h.call(&fresh, Request::Challenge).await,
        Response::Error {
            code: ErrorCode::RateLimited,
            ..
        }
    ));
    let other = Mutex::new(h.service.new_session_from(Some(b)));
    assert!(matches!(
        h.call(&other, Request::Challenge).await,
        Response::Challenge { .. }
    ));
    // The address's allowance refills with the clock, like any bucket.
    h.clock.advance_ms(1000);
    assert!(matches!(
        h.call(&fresh, Request::Challenge).await,
        Response::Challenge { .. }
    ));
}

/// An empty envelope is refused, item by item: a sealed envelope is never empty, and the
/// relay keeps nothing for it.
#[tokio::test]
async fn an_empty_envelope_is_refused_and_not_stored() {
    let h = harness(|_| {});
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let s = h.session();
    let empty = DeliverItem {
        mailbox: owner.mailbox,
        envelope_id: EnvelopeId([3; 16]),
        payload: Vec::new(),
    };
    let answer = h.call(&s, h.paid(vec![empty])).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::Malformed));
    assert!(h.fetch_ids(&mine).await.is_empty());
}

mod payment;
