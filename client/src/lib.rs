//! The Amicus client engine: a profile (libsignal identity, sessions, contacts, inbox,
//! outbox) in an encrypted local store, and the flows that send and receive sealed
//! briefings, follow the Centre's roster, carry mandates and presentations, and move
//! attachments through a relay. Front ends use it through `amicus-app`.
//!
//! # Layout
//! - `profile`: [`Profile`], its identity, contacts, inbox and retention.
//! - `store/`: the sealed local store (`mod`), libsignal's store traits over it (`signal`),
//!   the passphrase-wrapped key (`vault`), destroying a profile (`wipe`).
//! - `net/`: the pinned QUIC link to the relay (`link`), resumable transfers (`transfer`).
//! - `flows/`, each an `impl Profile` block: `send`, `receive` (sync), `drafts`, `prekeys`,
//!   `roster`, `centre` (root key, roster publication, invitations), `proxy` and
//!   `proxy_receive` (mandates, presentations, receipts, questions), `attachments`.
//!
//! The pure domain (briefings, content, mandates, records, secrets) is `amicus-core`.
//! Errors are data ([`ClientError`]); long work reports through observer traits
//! ([`TransferProgress`], [`SyncObserver`]); every public async operation returns a `Send`
//! future, so that any runtime or binding can drive it.

mod error;
mod flows;
mod net;
mod profile;
mod store;

// The pure domain, under short paths inside this crate.
use amicus_core::{attachment, briefing, content, mandate, proxy_records, records, secret};

// The public interface is:
pub use error::{ClientError, FileProblem, Result};
pub use flows::centre::MAX_INVITATION_DAYS;
pub use flows::proxy::MandateOptions;
pub use flows::receive::{NoObserver, SyncObserver, SyncReport};
pub use flows::roster::RosterUpdate;
pub use flows::send::{SendReport, WaitReason};
pub use flows::staged::{StagedAttachment, StagedWriter};
pub use net::link::{Approach, RouteKind};
pub use net::proxy::{Proxy, ProxyProblem};
pub use net::transfer::{OpenedAttachment, Quiet, TransferProgress};
pub use profile::{NewProfile, Profile, now_ms};
pub use store::vault::{KdfParams, MIN_PASSPHRASE_CHARS};
pub use store::wipe::{set_wipe_after, wipe, wipe_after};

/// What the workspace's own tests and benchmark reach into: the raw relay link and the
/// transfer steps. Not a stable interface.
#[doc(hidden)]
pub mod internal {
    pub use crate::net::link::{RelayLink, client_endpoint, tcp_route_tls};
    pub use crate::net::stream::{Incoming, Outgoing};
    /// Writes a new `profile.key` (a device test replaces one after a wipe).
    pub use crate::store::vault::create as create_key_file;

    /// Sending tokens out of `profile`'s wallet (fetched first if it holds too few), no
    /// longer kept there: for tests and tools that speak the wire directly and must pay as
    /// any client does.
    pub async fn spend_tokens(
        profile: &crate::Profile,
        n: usize,
    ) -> crate::Result<Vec<amicus_protocol::tokens::SpendToken>> {
        let link = profile.anonymous_link().await?;
        let held = profile.take_tokens(&link, n).await;
        link.close().await;
        let held = held?;
        let tokens = held.iter().map(|h| h.token.clone()).collect();
        profile.tokens_used(held)?;
        Ok(tokens)
    }

    /// The steps of an attachment transfer, one request each.
    pub mod transfer {
        pub use crate::net::transfer::{
            Quiet, Source, TransferProgress, Upload, create_blob, digest_of, download_attempt,
            open_sealed, request_blob,
        };
    }
}
