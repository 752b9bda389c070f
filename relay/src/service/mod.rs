//! What the relay does with one request, independent of sockets: authentication state per
//! connection, rate limits, and the store operations. [`crate::server`] feeds it decoded
//! frames; tests call it directly.
//!
//! Logging rule: nothing here logs a mailbox id, an envelope id, a key or payload bytes.
//! Events carry counts and error codes only.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use amicus_protocol::{
    Clock, DecodeError, ErrorCode, MailboxId, Request, Response, Role, SignedRoster, SystemClock,
    auth_message,
};
use libsignal_protocol::{DeviceId, IdentityKey, PublicKey, SenderCertificate, Timestamp};
use rand::RngCore as _;

use crate::blob_store::{BlobLimits, BlobStore};
use crate::centre_store::CentreStore;
use crate::config::RelayConfig;
use crate::error::RelayError;
use crate::keys::RelayKeys;
use crate::metrics::Metrics;
use crate::ratelimit::TokenBucket;
use crate::store::{MailboxStorage, MailboxStore, StoreLimits};

/// Longest an invitation may stay valid.
const MAX_INVITATION_SECS: u64 = 90 * 24 * 3600;

/// Per-connection state.
pub struct Session {
    /// The connection's network address, if the per-address limits apply to it. Memory
    /// only: never stored or logged.
    address: Option<std::net::IpAddr>,
    /// The outstanding authentication challenge, usable once.
    nonce: Option<[u8; 32]>,
    /// The mailbox this connection has proven it owns.
    owner: Option<MailboxId>,
    bucket: TokenBucket,
}

pub struct Service {
    /// Mailboxes, prekeys and queued envelopes, behind the storage trait.
    pub mailboxes: Box<dyn MailboxStorage>,
    /// The Centre's roster, invitations and enrolment marks.
    pub centre: CentreStore,
    /// Attachment ciphertext (see [`crate::blob_store`]).
    pub blobs: BlobStore,
    /// Sending tokens: period keys, issuance counts, spent nonces.
    pub tokens: crate::tokens::TokenBank,
    /// Proof of work at the Centre's intake: seeds, load, the budget of checks.
    pub work: crate::work::IntakeWork,
    pub keys: RelayKeys,
    pub config: RelayConfig,
    pub metrics: Metrics,
    /// New mailboxes without an invitation, relay-wide.
    first_contact: Mutex<TokenBucket>,
    /// Per-address connection places and request buckets, in memory only.
    pub addresses: Arc<crate::addresses::AddressLimits>,
    /// Serialises roster publication: check the chain head, then append.
    roster_lock: Mutex<()>,
    /// Set once a durable write failed: sled does not recover from an I/O error in the
    /// same process, so the binary exits and its supervisor reopens the store.
    storage_failed: tokio::sync::watch::Sender<bool>,
    /// Where every expiry, retention and rate decision gets the time: the system's clock,
    /// or a test's manual one.
    clock: Arc<dyn Clock>,
}

fn lock(session: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    // A poisoned lock only means another stream panicked mid-update of plain data.
    session.lock().unwrap_or_else(|p| p.into_inner())
}

impl Service {
    /// Opens the store under `config.data_dir` on the system clock.
    pub fn open(config: RelayConfig) -> Result<Self, RelayError> {
        Self::open_with_clock(config, Arc::new(SystemClock))
    }

    /// Opens the store with time taken from `clock` (tests move a manual clock forward
    /// instead of waiting).
    pub fn open_with_clock(config: RelayConfig, clock: Arc<dyn Clock>) -> Result<Self, RelayError> {
        config
            .validate()
            .map_err(|(_, message)| RelayError::Config(message))?;
        amicus_io::create_private_dir(&config.data_dir)
            .map_err(|e| RelayError::io(&config.data_dir, e))?;
        let keys = RelayKeys::load_or_create(&config.data_dir)?;
        let store = MailboxStore::open(
            &config.data_dir.join("store"),
            StoreLimits {
                mailbox_max_count: config.mailbox_max_count,
                mailbox_max_bytes: config.mailbox_max_bytes,
                max_one_time_prekeys: config.max_one_time_prekeys,
                cache_bytes: config.cache_bytes,
            },
        )?;
        let blobs = BlobStore::open(
            store.db(),
            &config.data_dir.join("attachments"),
            BlobLimits {
                max_blob: config.max_blob_bytes,
                max_total: config.blob_store_max_bytes,
                retention_secs: config.blob_retention.as_secs(),
                reservation_secs: config.blob_reservation.as_secs(),
                max_pending: config.blob_pending_max_bytes,
            },
        )?;
        let tokens = crate::tokens::TokenBank::open(store.db(), config.token_period.as_secs())?;
        let work = crate::work::IntakeWork::new(
            config.work_difficulty,
            config.work_memory_kib,
            config.work_busy_per_minute,
            config.work_checks_per_sec,
            clock.now_ms(),
        );
        let first_contact = Mutex::new(TokenBucket::per_hour(
            config.first_contact_burst,
            config.first_contact_per_hour,
            clock.now_ms(),
        ));
        let addresses = Arc::new(crate::addresses::AddressLimits::new(
            crate::addresses::AddressPolicy {
                connections: config.per_address_connections,
                burst: config.per_address_rate_burst,
                per_sec: config.per_address_rate_per_sec,
                limit_loopback: config.per_address_limit_loopback,
            },
        ));
        Ok(Service {
            centre: store.centre.clone(),
            mailboxes: Box::new(store),
            blobs,
            tokens,
            work,
            keys,
            config,
            metrics: Metrics::default(),
            first_contact,
            addresses,
            roster_lock: Mutex::new(()),
            storage_failed: tokio::sync::watch::channel(false).0,
            clock,
        })
    }

    /// The service's clock, in milliseconds.
    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// The current time in seconds, from the service's clock.
    pub(crate) fn now_secs(&self) -> u64 {
        self.clock.now_secs()
    }

    /// The durable point, timed for the metrics.
    pub(crate) async fn sync(&self) -> Result<(), RelayError> {
        let started = Instant::now();
        let result = self.mailboxes.sync().await;
        self.metrics.observe_sync(started.elapsed());
        if result.is_err() {
            Metrics::add(&self.metrics.storage_failures, 1);
            self.storage_failed.send_replace(true);
        }
        result
    }

    /// Resolves once a durable write has failed (disk full, I/O error). Nothing failed is
    /// ever acknowledged; the store must be reopened before the relay can store again.
    pub async fn storage_failure(&self) {
        let mut failed = self.storage_failed.subscribe();
        let _ = failed.wait_for(|f| *f).await;
    }

    /// Admits a new connection from `peer` under the per-address limits, on either route.
    /// The limited address and its place (neither for an exempt address, e.g. loopback);
    /// `None` when the address already holds its share (counted, never logged).
    pub fn admit_connection(
        &self,
        peer: std::net::IpAddr,
    ) -> Option<(
        Option<std::net::IpAddr>,
        Option<crate::addresses::AddressSlot>,
    )> {
        let ip = crate::addresses::limit_key(peer);
        if !self.addresses.limits(ip) {
            return Some((None, None));
        }
        let place = self.addresses.admit(ip, self.now_ms());
        if place.is_none() {
            Metrics::add(&self.metrics.connections_refused, 1);
            return None;
        }
        Some((Some(ip), place))
    }

    pub fn new_session(&self) -> Session {
        self.new_session_from(None)
    }

    /// A session for a connection from `address` (`None`: not subject to the per-address
    /// limits, such as loopback behind a local Tor daemon).
    pub fn new_session_from(&self, address: Option<std::net::IpAddr>) -> Session {
        Session {
            address,
            nonce: None,
            owner: None,
            bucket: TokenBucket::new(
                self.config.rate_burst,
                self.config.rate_per_sec,
                self.clock.now_ms(),
            ),
        }
    }

    /// Decodes and answers one frame body.
    pub async fn handle_frame(&self, session: &Mutex<Session>, body: &[u8]) -> Response {
        match Request::decode(body) {
            Ok(request) => self.handle(session, request).await,
            Err(DecodeError::UnsupportedVersion(_)) => {
                Response::error(ErrorCode::UnsupportedVersion)
            }
            Err(DecodeError::TooLong {
                field: "payload", ..
            }) => Response::error(ErrorCode::EnvelopeTooLarge),
            Err(DecodeError::TooLong { field: "items", .. })
            | Err(DecodeError::TooLong { field: "ids", .. }) => {
                Response::error(ErrorCode::BatchTooLarge)
            }
            Err(e) => {
                tracing::debug!(error = %e, "malformed request");
                Metrics::add(&self.metrics.malformed_requests, 1);
                Response::error(ErrorCode::Malformed)
            }
        }
    }

    pub async fn handle(&self, session: &Mutex<Session>, request: Request) -> Response {
        let cost = match &request {
            Request::Deliver { items } => u32::try_from(items.len()).unwrap_or(u32::MAX).max(1),
            Request::DeliverPaid { items } => u32::try_from(items.len()).unwrap_or(u32::MAX).max(1),
            _ => 1,
        };
        if let Err(retry_after_ms) = self.take_tokens(session, cost) {
            return Response::Error {
                code: ErrorCode::RateLimited,
                retry_after_ms,
            };
        }
        let owner = lock(session).owner;
        if request.needs_owner() && owner.is_none() {
            return Response::error(ErrorCode::Unauthenticated);
        }
        let result = match request {
            Request::ServerInfo => self.server_info(),
            Request::Challenge => {
                let mut nonce = [0u8; 32];
                rand::rng().fill_bytes(&mut nonce);
                lock(session).nonce = Some(nonce);
                Ok(Response::Challenge { nonce })
            }
            Request::Authenticate {
                auth_key,
                signature,
            } => Ok(self.authenticate(session, &auth_key, &signature)),
            Request::PublishPrekeys(upload) => self.publish(owner, &upload).await,
            Request::FetchPrekeys { mailbox } => self.bundle(&mailbox).await,
            Request::PrekeyCount => self.prekey_count(owner),
            Request::Deliver { .. } if self.config.require_tokens => {
                Err(RelayError::Refused(ErrorCode::PaymentRequired))
            }
            Request::Deliver { items } => Ok(self.deliver(&items).await),
            Request::DeliverPaid { items } => Ok(self.deliver_paid(items).await),
            Request::IssueTokens { period, blinded } => {
                self.issue_tokens(owner, period, blinded).await
            }
            Request::WorkTerms { mailbox } => self.work_terms(&mailbox),
            Request::DeliverWorked { items } => Ok(self.deliver_worked(items).await),
            Request::Fetch { max } => self.fetch(owner, max),
            Request::Ack { ids } => self.ack(owner, &ids).await,
            Request::IssueSenderCertificate => self.sender_certificate(owner),
            Request::PublishRoster { roster } => self.publish_roster(&roster).await,
            Request::FetchRoster { since } => self.fetch_roster(since),
            Request::CreateInvitation {
                token_hash,
                expires_at,
            } => self.create_invitation(owner, &token_hash, expires_at).await,
            Request::Enrol { token } => self.enrol(owner, &token).await,
            Request::CreateBlob { .. } if self.config.require_tokens => {
                Err(RelayError::Refused(ErrorCode::PaymentRequired))
            }
            Request::CreateBlob {
                size,
                upload_hash,
                reader_hashes,
            } => self.create_blob(size, upload_hash, &reader_hashes).await,
            Request::CreateBlobPaid {
                tokens,
                size,
                upload_hash,
                reader_hashes,
            } => {
                self.create_blob_paid(&tokens, size, upload_hash, &reader_hashes)
                    .await
            }
            Request::BlobStatus { blob, upload_token } => {
                self.blob_status(&blob, &upload_token).await
            }
            Request::ReleaseBlob { blob, reader_token } => {
                self.release_blob(&blob, &reader_token).await
            }
            // These carry raw bytes after the frame: the server streams them through
            // `begin_upload` / `begin_download`; as a lone frame they are incomplete.
            Request::UploadBlob { .. } | Request::DownloadBlob { .. } => {
                Err(RelayError::Refused(ErrorCode::Malformed))
            }
        };
        result.unwrap_or_else(|e| {
            let code = e.code();
            if !matches!(e, RelayError::Refused(_)) {
                tracing::warn!(error = %e, "request failed");
            }
            Response::error(code)
        })
    }

    /// Takes `cost` from the connection's rate bucket, or says in how many ms to retry.
    fn take_tokens(&self, session: &Mutex<Session>, cost: u32) -> Result<(), u32> {
        let mut s = lock(session);
        let now = self.clock.now_ms();
        s.bucket
            .try_take(cost, now)
            .and_then(|()| match s.address {
                // The address's bucket too: fresh connections do not reset it.
                Some(ip) => self.addresses.take(ip, cost, now),
                None => Ok(()),
            })
            .map_err(|wait| {
                tracing::debug!("rate limited");
                Metrics::add(&self.metrics.rate_limited, 1);
                u32::try_from(wait.as_millis()).unwrap_or(u32::MAX).max(1)
            })
    }

    /// The rate limit for streamed requests, as an error.
    pub(crate) fn take_token(&self, session: &Mutex<Session>) -> Result<(), RelayError> {
        self.take_tokens(session, 1)
            .map_err(|_| RelayError::Refused(ErrorCode::RateLimited))
    }

    fn authenticate(
        &self,
        session: &Mutex<Session>,
        auth_key: &[u8],
        signature: &[u8],
    ) -> Response {
        let mut s = lock(session);
        // The nonce is consumed whatever the outcome: a proof can never be replayed.
        let Some(nonce) = s.nonce.take() else {
            return Response::error(ErrorCode::AuthFailed);
        };
        let Ok(key) = PublicKey::deserialize(auth_key) else {
            return Response::error(ErrorCode::AuthFailed);
        };
        if !key.verify_signature(&auth_message(&self.keys.pin, &nonce), signature) {
            tracing::debug!("authentication failed");
            Metrics::add(&self.metrics.auth_failed, 1);
            return Response::error(ErrorCode::AuthFailed);
        }
        Metrics::add(&self.metrics.auth_succeeded, 1);
        let mailbox = MailboxId::for_auth_key(auth_key);
        s.owner = Some(mailbox);
        Response::Authenticated { mailbox }
    }

    async fn publish(
        &self,
        owner: Option<MailboxId>,
        upload: &amicus_protocol::PrekeyUpload,
    ) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        // Refuse keys libsignal could not use, before they reach other clients.
        let identity = IdentityKey::decode(&upload.identity_key)
            .map_err(|_| RelayError::Refused(ErrorCode::Malformed))?;
        let signed_ok = identity.public_key().verify_signature(
            &upload.signed_prekey.public,
            &upload.signed_prekey.signature,
        ) && identity.public_key().verify_signature(
            &upload.last_resort_kyber.public,
            &upload.last_resort_kyber.signature,
        ) && upload.kyber_one_time.iter().all(|k| {
            identity
                .public_key()
                .verify_signature(&k.public, &k.signature)
        });
        if !signed_ok || DeviceId::try_from(upload.device_id).is_err() {
            return Err(RelayError::Refused(ErrorCode::Malformed));
        }
        self.admit_new_mailbox(&mailbox)?;
        self.mailboxes.publish_prekeys(&mailbox, upload)?;
        self.sync().await?;
        tracing::debug!(
            one_time = upload.one_time.len(),
            kyber = upload.kyber_one_time.len(),
            "prekeys published"
        );
        Ok(Response::PrekeysStored)
    }

    async fn bundle(&self, mailbox: &MailboxId) -> Result<Response, RelayError> {
        let bundle = self
            .mailboxes
            .take_bundle(mailbox)?
            .ok_or(RelayError::Refused(ErrorCode::UnknownRecipient))?;
        // A one-time prekey must never be handed out twice, even across a crash.
        self.sync().await?;
        Ok(Response::PrekeyBundle(bundle))
    }

    fn prekey_count(&self, owner: Option<MailboxId>) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        let (one_time, kyber_one_time) = self.mailboxes.prekey_counts(&mailbox)?;
        Ok(Response::PrekeyCount {
            one_time,
            kyber_one_time,
        })
    }

    async fn deliver(&self, items: &[amicus_protocol::DeliverItem]) -> Response {
        let now = self.now_secs();
        let statuses = items
            .iter()
            .map(|item| self.store_one(item, now).map(|_| ()))
            .collect();
        self.acknowledge(statuses).await
    }

    /// Checks and queues one envelope (not yet durable).
    fn store_one(
        &self,
        item: &amicus_protocol::DeliverItem,
        now: u64,
    ) -> Result<crate::store::Enqueued, ErrorCode> {
        if item.payload.len() > self.config.max_envelope_len {
            return Err(ErrorCode::EnvelopeTooLarge);
        }
        // Nothing to deliver: a sealed envelope is never empty.
        if item.payload.is_empty() {
            return Err(ErrorCode::Malformed);
        }
        self.mailboxes.enqueue(item, now).map_err(|e| e.code())
    }

    /// Each envelope paid by its token: a token is spent only for an envelope this request
    /// stored; for one refused, or already stored by an earlier try, it is given back.
    async fn deliver_paid(&self, items: Vec<amicus_protocol::PaidItem>) -> Response {
        let now = self.now_secs();
        let statuses = items
            .iter()
            .map(|paid| {
                self.tokens.spend(&paid.token, now).map_err(|e| e.code())?;
                let stored = self.store_one(&paid.item, now);
                if !matches!(stored, Ok(crate::store::Enqueued::Stored))
                    && let Err(e) = self.tokens.refund(&paid.token)
                {
                    return Err(e.code());
                }
                stored.map(|_| ())
            })
            .collect();
        self.acknowledge(statuses).await
    }

    /// The terms of a proof of work, for the intake only.
    fn work_terms(&self, mailbox: &MailboxId) -> Result<Response, RelayError> {
        if self.roster_role(mailbox)? != Some(Role::Intake) {
            return Err(RelayError::Refused(ErrorCode::NotPermitted));
        }
        Ok(Response::WorkTerms(self.work.terms(self.now_ms())))
    }

    /// Envelopes to the intake paid by proofs of work: each checked (one Argon2id
    /// evaluation, off the async workers, within the relay-wide budget of checks) against
    /// the current difficulty, then stored as any delivery.
    async fn deliver_worked(&self, items: Vec<amicus_protocol::WorkedItem>) -> Response {
        let now_ms = self.now_ms();
        let mut statuses = Vec::with_capacity(items.len());
        for worked in items {
            statuses.push(self.check_work(&worked, now_ms).await.and_then(|()| {
                let stored = self.store_one(&worked.item, self.now_secs())?;
                if stored == crate::store::Enqueued::Stored {
                    self.work.stored(now_ms);
                }
                Ok(())
            }));
        }
        self.acknowledge(statuses).await
    }

    async fn check_work(
        &self,
        worked: &amicus_protocol::WorkedItem,
        now_ms: u64,
    ) -> Result<(), ErrorCode> {
        match self.roster_role(&worked.item.mailbox) {
            Ok(Some(Role::Intake)) => {}
            Ok(_) => return Err(ErrorCode::NotPermitted),
            Err(e) => return Err(e.code()),
        }
        let terms = self
            .work
            .terms_for(worked.epoch, now_ms)
            .ok_or(ErrorCode::WorkRefused)?;
        if !self.work.take_check(now_ms) {
            Metrics::add(&self.metrics.rate_limited, 1);
            return Err(ErrorCode::RateLimited);
        }
        let (item, nonce) = (worked.item.clone(), worked.nonce);
        let valid =
            tokio::task::spawn_blocking(move || amicus_protocol::work::check(&terms, &item, nonce))
                .await
                .unwrap_or(false);
        if valid {
            Ok(())
        } else {
            Err(ErrorCode::WorkRefused)
        }
    }

    /// Makes the stored envelopes (and spent tokens) durable, then answers; a failed durable
    /// point turns every success into `StorageUnavailable`.
    async fn acknowledge(&self, mut statuses: Vec<Result<(), ErrorCode>>) -> Response {
        // Acknowledge only after the durable point. An `AlreadyQueued` envelope may still
        // be waiting for another request's sync, so it waits for this one too.
        if statuses.iter().any(Result::is_ok)
            && let Err(e) = self.sync().await
        {
            tracing::error!(error = %e, "durable write failed; nothing acknowledged");
            for status in statuses.iter_mut().filter(|s| s.is_ok()) {
                *status = Err(ErrorCode::StorageUnavailable);
            }
        }
        let stored = statuses.iter().filter(|s| s.is_ok()).count() as u64;
        let refused = statuses.len() as u64 - stored;
        Metrics::add(&self.metrics.envelopes_stored, stored);
        Metrics::add(&self.metrics.envelopes_refused, refused);
        tracing::debug!(stored, refused, "deliver");
        Response::Delivered { statuses }
    }

    fn server_info(&self) -> Result<Response, RelayError> {
        Ok(Response::ServerInfo {
            trust_root: self.keys.trust_root.serialize().to_vec(),
            max_envelope_len: u32::try_from(self.config.max_envelope_len).unwrap_or(u32::MAX),
            retention_secs: self.config.retention.as_secs(),
            max_blob_len: self.config.max_blob_bytes,
            token_period_secs: self.tokens.period_secs(),
            token_keys: self.tokens.published(self.now_secs())?,
        })
    }

    /// Blindly signs tokens for a registered mailbox, within its allowance for the period:
    /// the larger one for a mailbox enrolled or on the roster, the first-contact one
    /// otherwise. The count is durable before any signature leaves.
    async fn issue_tokens(
        &self,
        owner: Option<MailboxId>,
        period: u64,
        blinded: Vec<Vec<u8>>,
    ) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        if self.mailboxes.identity(&mailbox)?.is_none() {
            return Err(RelayError::Refused(ErrorCode::NotRegistered));
        }
        if period != self.tokens.period_at(self.now_secs()) {
            return Err(RelayError::Refused(ErrorCode::TokenRefused));
        }
        if blinded.is_empty()
            || blinded
                .iter()
                .any(|b| b.len() != amicus_protocol::tokens::TOKEN_SIGNATURE_LEN)
        {
            return Err(RelayError::Refused(ErrorCode::Malformed));
        }
        let allowance =
            if self.centre.is_enrolled(&mailbox)? || self.roster_role(&mailbox)?.is_some() {
                self.config.tokens_per_period
            } else {
                self.config.first_contact_tokens_per_period
            };
        let key = self
            .tokens
            .key(period, true)?
            .ok_or(RelayError::Corrupt("token key"))?;
        let (granted, remaining) =
            self.tokens
                .count_issue(&mailbox, period, blinded.len(), allowance)?;
        self.sync().await?;
        // RSA signing takes about a millisecond each: off the async workers.
        let signed = tokio::task::spawn_blocking(move || {
            blinded[..granted]
                .iter()
                .map(|b| key.signing.sign_blinded(b))
                .collect::<Option<Vec<_>>>()
        })
        .await
        .map_err(|_| RelayError::Keys("token signing stopped".into()))?
        .ok_or(RelayError::Refused(ErrorCode::Malformed))?;
        Metrics::add(&self.metrics.tokens_issued, signed.len() as u64);
        tracing::debug!(issued = signed.len(), "tokens issued");
        Ok(Response::Tokens {
            blind_signatures: signed,
            remaining,
        })
    }

    fn fetch(&self, owner: Option<MailboxId>, max: u16) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        let max = usize::from(max).clamp(1, amicus_protocol::limits::MAX_FETCH_BATCH);
        let (items, more) = self.mailboxes.pending(&mailbox, max)?;
        Metrics::add(&self.metrics.envelopes_fetched, items.len() as u64);
        Ok(Response::Envelopes { items, more })
    }

    async fn ack(
        &self,
        owner: Option<MailboxId>,
        ids: &[amicus_protocol::EnvelopeId],
    ) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        let removed = self.mailboxes.remove(&mailbox, ids)?;
        // A deletion must not come back after a crash.
        self.sync().await?;
        Metrics::add(&self.metrics.envelopes_acked, u64::from(removed));
        Ok(Response::Acked { removed })
    }

    fn sender_certificate(&self, owner: Option<MailboxId>) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        // The certificate vouches for the identity key this mailbox published, nothing else.
        let identity = self
            .mailboxes
            .identity(&mailbox)?
            .ok_or(RelayError::Refused(ErrorCode::NotRegistered))?;
        let key = IdentityKey::decode(&identity.identity_key)
            .map_err(|_| RelayError::Corrupt("identity key"))?;
        let device =
            DeviceId::try_from(identity.device_id).map_err(|_| RelayError::Corrupt("device id"))?;
        let lifetime_ms =
            u64::try_from(self.config.sender_certificate_lifetime.as_millis()).unwrap_or(u64::MAX);
        let expires_ms = self.clock.now_ms().saturating_add(lifetime_ms);
        // The sender is named by its UUID (a libsignal ACI), derived from the mailbox.
        let certificate = SenderCertificate::new(
            mailbox.sender_uuid(),
            None,
            *key.public_key(),
            device,
            Timestamp::from_epoch_millis(expires_ms),
            self.keys.server_certificate.clone(),
            &self.keys.server_key,
            &mut rand::rng(),
        )
        .map_err(|e| RelayError::Keys(e.to_string()))?;
        let bytes = certificate
            .serialized()
            .map_err(|e| RelayError::Keys(e.to_string()))?
            .to_vec();
        Ok(Response::SenderCertificate { certificate: bytes })
    }

    /// A mailbox registering for the first time without an invitation (and not on the
    /// roster) is a first contact: allowed, but within a relay-wide rate.
    fn admit_new_mailbox(&self, mailbox: &MailboxId) -> Result<(), RelayError> {
        if self.mailboxes.identity(mailbox)?.is_some()
            || self.centre.is_enrolled(mailbox)?
            || self.roster_role(mailbox)?.is_some()
        {
            return Ok(());
        }
        let mut bucket = self.first_contact.lock().unwrap_or_else(|p| p.into_inner());
        bucket.try_take(1, self.clock.now_ms()).map_err(|_| {
            Metrics::add(&self.metrics.rate_limited, 1);
            RelayError::Refused(ErrorCode::FirstContactBusy)
        })
    }

    /// The role of a mailbox on the latest roster, while its term lasts. The roster was
    /// checked when published.
    fn roster_role(&self, mailbox: &MailboxId) -> Result<Option<Role>, RelayError> {
        let Some((_, bytes)) = self.centre.latest_roster()? else {
            return Ok(None);
        };
        let roster = SignedRoster::from_bytes(&bytes)
            .and_then(|s| s.roster())
            .map_err(|_| RelayError::Corrupt("stored roster"))?;
        Ok(roster.active_role(mailbox, self.clock.now_ms()))
    }

    /// Accepts a roster version only if the Centre's root signed it and it extends the
    /// stored chain by exactly one. The relay cannot sign one itself.
    async fn publish_roster(&self, bytes: &[u8]) -> Result<Response, RelayError> {
        let rejected = || RelayError::Refused(ErrorCode::RosterRejected);
        let signed = SignedRoster::from_bytes(bytes).map_err(|_| rejected())?;
        let roster = signed.roster().map_err(|_| rejected())?;
        {
            let _guard = self.roster_lock.lock().unwrap_or_else(|p| p.into_inner());
            let root = match &self.config.centre_root {
                Some(root) => Some(root.clone()),
                None => self.centre.adopted_root()?,
            };
            if root.as_ref().is_some_and(|r| *r != signed.root_key) {
                return Err(rejected());
            }
            let key = PublicKey::deserialize(&signed.root_key).map_err(|_| rejected())?;
            if !key.verify_signature(
                &SignedRoster::signed_message(&signed.body),
                &signed.signature,
            ) {
                return Err(rejected());
            }
            match self.centre.latest_roster()? {
                Some((version, latest)) if version == roster.version && latest == bytes => {
                    // A retried publication of the newest version.
                    return Ok(Response::RosterStored { version });
                }
                Some((version, latest)) => {
                    let head = SignedRoster::from_bytes(&latest)
                        .map_err(|_| RelayError::Corrupt("stored roster"))?;
                    if roster.version != version + 1 || roster.previous != head.hash() {
                        return Err(rejected());
                    }
                }
                None if roster.version != 1 || roster.previous != [0; 32] => {
                    return Err(rejected());
                }
                None => {}
            }
            if root.is_none() {
                self.centre.adopt_root(&signed.root_key)?;
            }
            self.centre.put_roster(roster.version, bytes)?;
        }
        self.sync().await?;
        tracing::info!(entries = roster.entries.len(), "roster version stored");
        Ok(Response::RosterStored {
            version: roster.version,
        })
    }

    fn fetch_roster(&self, since: u64) -> Result<Response, RelayError> {
        let (versions, more) = self
            .centre
            .rosters_after(since, amicus_protocol::limits::MAX_ROSTER_BATCH)?;
        Ok(Response::Rosters { versions, more })
    }

    /// Only Centre staff (and the intake mailbox) on the current roster issue invitations.
    async fn create_invitation(
        &self,
        owner: Option<MailboxId>,
        token_hash: &[u8; 32],
        expires_at: u64,
    ) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        if !self.roster_role(&mailbox)?.is_some_and(Role::is_centre) {
            return Err(RelayError::Refused(ErrorCode::NotPermitted));
        }
        let now = self.now_secs();
        if expires_at <= now || expires_at > now + MAX_INVITATION_SECS {
            return Err(RelayError::Refused(ErrorCode::Malformed));
        }
        self.centre.put_invitation(token_hash, expires_at)?;
        self.sync().await?;
        tracing::info!("invitation registered");
        Ok(Response::InvitationStored)
    }

    async fn enrol(
        &self,
        owner: Option<MailboxId>,
        token: &[u8; 32],
    ) -> Result<Response, RelayError> {
        let mailbox = owner.ok_or(RelayError::Refused(ErrorCode::Unauthenticated))?;
        let hash = amicus_protocol::invitation::token_hash(token);
        self.centre.enrol(&hash, &mailbox, self.now_secs())?;
        self.sync().await?;
        tracing::info!("invitation used");
        Ok(Response::Enrolled)
    }

    /// Deletes envelopes older than the retention period.
    pub async fn sweep_expired(&self) -> Result<u64, RelayError> {
        let cutoff = self
            .now_secs()
            .saturating_sub(self.config.retention.as_secs());
        let deleted = self.mailboxes.expire(cutoff)?;
        // Expired invitation records (used or not) are kept a day, then deleted.
        let invitations = self
            .centre
            .expire_invitations(self.now_secs().saturating_sub(86_400))?;
        let blobs = self.blobs.expire(self.now_secs())?;
        let tokens = self.tokens.expire(self.now_secs())?;
        if deleted > 0 || invitations > 0 || blobs > 0 || tokens > 0 {
            self.sync().await?;
        }
        if deleted > 0 {
            Metrics::add(&self.metrics.envelopes_expired, deleted);
            tracing::info!(deleted, "expired envelopes deleted");
        }
        Ok(deleted)
    }
}

impl crate::metrics::Health for Service {
    fn store_stats(&self) -> Result<crate::store::StoreStats, RelayError> {
        self.mailboxes.stats()
    }

    fn data_dir(&self) -> &std::path::Path {
        &self.config.data_dir
    }

    fn metrics(&self) -> &Metrics {
        &self.metrics
    }
}

#[cfg(test)]
mod tests;
