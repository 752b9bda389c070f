//! Mailboxes, prekeys and queued envelopes: the storage the relay's service talks to.
//!
//! The service sees only [`MailboxStorage`], a narrow trait; [`MailboxStore`] is the sled
//! backend. Any other backend (a replicated database, when one relay is no longer enough)
//! must pass the same conformance suite (`store::conformance`, feature `conformance`), which the sled backend runs in its tests.
//!
//! What a backend must keep true, whatever it stores underneath:
//! - nothing on disk names a mailbox: records are keyed by a one-way index of the mailbox
//!   id, and published keys are sealed under a key derived from the mailbox id
//!   ([`sealing`]);
//! - a write is durable only after [`MailboxStorage::sync`] returns: the service
//!   acknowledges nothing before that;
//! - delivery is idempotent on (mailbox, envelope id) while the envelope waits, quotas hold
//!   under concurrent deliveries, and an acknowledged envelope never comes back.

use std::future::Future;
use std::pin::Pin;

use amicus_protocol::message::IdentityRecord;
use amicus_protocol::{
    DeliverItem, EnvelopeId, IncomingEnvelope, MailboxId, PrekeyBundle, PrekeyUpload,
};

use crate::error::RelayError;

#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
pub(crate) mod layout;
mod migrate;
mod sealing;
mod sled_store;
mod waiting;

pub use migrate::Migrated;
pub use sled_store::MailboxStore;

/// Limits the store enforces.
#[derive(Debug, Clone, Copy)]
pub struct StoreLimits {
    pub mailbox_max_count: u32,
    pub mailbox_max_bytes: u64,
    pub max_one_time_prekeys: usize,
    pub cache_bytes: u64,
}

/// How a delivery went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Stored,
    /// An envelope with this id is already waiting: a retried send.
    AlreadyQueued,
}

/// Sizes for the relay's own metrics and the demo: counts only, nothing per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    pub mailboxes: usize,
    pub queued_envelopes: usize,
    pub queued_bytes: u64,
}

/// How well durable points are shared: `requests` calls to [`MailboxStorage::sync`] were
/// served by `rounds` syncs of the disk. Their ratio is the group-commit batch size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommitCounts {
    pub rounds: u64,
    pub requests: u64,
}

/// The future [`MailboxStorage::sync`] returns.
pub type SyncFuture<'a> = Pin<Box<dyn Future<Output = Result<(), RelayError>> + Send + 'a>>;

/// Everything the service asks of mailbox storage.
pub trait MailboxStorage: Send + Sync {
    /// Stores published keys: replaces the identity record (which registers the mailbox),
    /// adds one-time prekeys up to the per-mailbox cap (extra ones are ignored; the owner
    /// learns the count from [`MailboxStorage::prekey_counts`]).
    fn publish_prekeys(&self, mailbox: &MailboxId, upload: &PrekeyUpload)
    -> Result<(), RelayError>;

    /// The mailbox's published identity record, if it is registered.
    fn identity(&self, mailbox: &MailboxId) -> Result<Option<IdentityRecord>, RelayError>;

    /// Counts of one-time EC and Kyber prekeys left.
    fn prekey_counts(&self, mailbox: &MailboxId) -> Result<(u32, u32), RelayError>;

    /// A bundle for a session start, consuming one-time prekeys, each handed out once even
    /// under concurrent requests. `None` if the mailbox is not registered.
    fn take_bundle(&self, mailbox: &MailboxId) -> Result<Option<PrekeyBundle>, RelayError>;

    /// Queues one envelope received at `now` (seconds). Refuses an unregistered mailbox
    /// (`UnknownRecipient`) and a full one (`QuotaExceeded`).
    fn enqueue(&self, item: &DeliverItem, now: u64) -> Result<Enqueued, RelayError>;

    /// Up to `max` waiting envelopes, oldest first, and whether more are waiting.
    fn pending(
        &self,
        mailbox: &MailboxId,
        max: usize,
    ) -> Result<(Vec<IncomingEnvelope>, bool), RelayError>;

    /// Deletes acknowledged envelopes; unknown ids (already deleted) are ignored so that a
    /// retried ack succeeds. Returns how many were removed.
    fn remove(&self, mailbox: &MailboxId, ids: &[EnvelopeId]) -> Result<u32, RelayError>;

    /// Deletes every envelope received before `cutoff` (seconds). Returns how many.
    fn expire(&self, cutoff: u64) -> Result<u64, RelayError>;

    fn stats(&self) -> Result<StoreStats, RelayError>;

    /// Resolves once every write made before the call is durable.
    fn sync(&self) -> SyncFuture<'_>;

    fn commit_counts(&self) -> CommitCounts;
}
