//! The Amicus client engine: a profile (libsignal identity, sessions, contacts, inbox,
//! outbox) in an encrypted local store, and the flows that send and receive sealed
//! briefings, follow the Centre's roster, carry mandates and presentations, and move
//! attachments through a relay. Front ends use it through `amicus-app`.
//!
//! # Layout
//! - `profile`: [`Profile`], its identity, contacts, inbox and retention; `store` (the
//!   sealed local store), `vault` (the passphrase-wrapped key), `wipe`.
//! - `signal_store`: libsignal's store traits over the sealed store.
//! - `transport`: the pinned QUIC link to the relay; `transfer`, `attachments`: resumable
//!   attachment uploads and downloads.
//! - the flows, each an `impl Profile` block: `send`, `receive` (sync), `prekeys`, `roster`,
//!   `centre` (root key, roster publication, invitations), `proxy` and `proxy_receive`
//!   (mandates, presentations, receipts, questions).
//!
//! The pure domain (briefings, content, mandates, records, secrets) is `amicus-core`.
//! Errors are data ([`ClientError`]); long work reports through observer traits
//! ([`TransferProgress`], [`SyncObserver`]); every public async operation returns a `Send`
//! future, so that any runtime or binding can drive it.

mod attachments;
mod centre;
mod drafts;
mod error;
mod prekeys;
mod profile;
mod proxy;
mod proxy_receive;
mod receive;
mod roster;
mod send;
mod signal_store;
mod store;
mod transfer;
mod transport;
mod vault;
mod wipe;

// The pure domain, under short paths inside this crate.
use amicus_core::{attachment, briefing, content, mandate, proxy_records, records, secret};

// The public interface is:
pub use centre::MAX_INVITATION_DAYS;
pub use error::{ClientError, FileProblem, Result};
pub use profile::{NewProfile, Profile, now_ms};
pub use proxy::MandateOptions;
pub use receive::{NoObserver, SyncObserver, SyncReport};
pub use roster::RosterUpdate;
pub use send::{SendReport, WaitReason};
pub use transfer::{Quiet, TransferProgress};
pub use vault::{KdfParams, MIN_PASSPHRASE_CHARS};
pub use wipe::{set_wipe_after, wipe, wipe_after};

/// What the workspace's own tests and benchmark reach into: the raw relay link and the
/// transfer steps. Not a stable interface.
#[doc(hidden)]
pub mod internal {
    pub use crate::transport::{RelayLink, client_endpoint};
    /// Writes a new `profile.key` (a device test replaces one after a wipe).
    pub use crate::vault::create as create_key_file;

    /// The steps of an attachment transfer, one request each.
    pub mod transfer {
        pub use crate::transfer::{
            Quiet, Source, TransferProgress, Upload, create_blob, digest_of, download_attempt,
            open_sealed, request_blob,
        };
    }
}
