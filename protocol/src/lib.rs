//! The Amicus wire format: pure types and total codecs, no I/O.
//!
//! A client and the relay talk over QUIC. Every request opens a fresh bidirectional stream,
//! sends one [`Request`] frame and reads one [`Response`] frame. A frame is a 4-byte big-endian
//! body length followed by the body; the body starts with the protocol version byte and a
//! message tag. The exact layout of every message is specified in `PROTOCOL.md`.
//!
//! Every decoder in this crate is total: it returns [`DecodeError`] on any input and never
//! panics, and each has a fuzz target under `fuzz/`.

#![warn(missing_docs)]

pub mod card;
pub mod checks;
mod clock;
pub mod codec;
pub mod error;
pub mod frame;
pub mod ids;
pub mod invitation;
pub mod limits;
pub mod message;
pub mod roster;
pub mod tokens;
pub mod work;

pub use card::ContactCard;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{DecodeError, ErrorCode};
pub use ids::{BlobId, EnvelopeId, MailboxId, RelayPin};
pub use invitation::{Invitation, InvitedRole};
pub use message::{
    DeliverItem, DeliveryStatus, IncomingEnvelope, PaidItem, PrekeyBundle, PrekeyUpload,
    PublicPrekey, Request, Response, SignedPublicPrekey, WorkedItem, auth_message,
};
pub use roster::{Role, Roster, RosterEntry, SignedRoster};

/// The wire protocol version this crate speaks. A peer that sends another version gets
/// [`ErrorCode::UnsupportedVersion`].
pub const PROTOCOL_VERSION: u8 = 1;

/// The ALPN protocol name negotiated in the TLS handshake.
pub const ALPN: &[u8] = b"amicus/1";
