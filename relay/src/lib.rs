//! The Amicus relay: a QUIC store-and-forward server that holds only ciphertext.
//!
//! Layers, from the wire inwards (mini-redis style):
//! - [`server`]: the quinn endpoint, connection and stream tasks; a thin async driver.
//! - [`service`]: answers one decoded [`amicus_protocol::Request`] for one connection's
//!   [`service::Session`]; no sockets, tested directly.
//! - [`store`]: mailboxes, prekeys and queued envelopes in sled, behind a narrow interface.
//! - [`centre_store`]: the signed roster, invitations and enrolment marks.
//! - [`blob_store`] and [`attachments`]: attachment ciphertext in files, streamed in and
//!   out with resumable offsets.
//! - `amicus_io` (its own crate, shared with the client): the durable point (sled flush +
//!   fsync, group commit) and attachment files written with direct, double-buffered writes.
//! - [`tokens`]: sending tokens: period keys, issuance counts, spent nonces.
//! - [`window`]: receive windows, small per connection, widened for checked uploads.

pub mod addresses;
pub mod attachments;
pub mod blob_store;
pub mod centre_store;
pub mod config;
pub mod config_file;
pub mod error;
pub mod keys;
pub mod metrics;
pub mod published;
pub mod ratelimit;
pub mod server;
pub mod service;
pub mod store;
pub mod tcp_route;
pub mod tokens;
pub mod transport;
pub mod window;
pub mod work;

pub use server::{RunningRelay, start};

pub use config::RelayConfig;
pub use error::RelayError;

/// What fuzz targets and the corpus tests need; not part of the stable interface.
#[doc(hidden)]
pub mod internal {
    /// The property the relay-side fuzz target checks.
    pub mod fuzzing {
        use amicus_protocol::SignedPublicPrekey;
        use amicus_protocol::message::IdentityRecord;

        /// Records the relay reads back from its own disk: decoding is total.
        pub fn relay_records(data: &[u8]) {
            let _ = IdentityRecord::from_bytes(data);
            let _ = SignedPublicPrekey::from_bytes(data);
            let _ = crate::blob_store::BlobRecord::decode(data);
            crate::store::layout::decode_all(data);
        }
    }
}
