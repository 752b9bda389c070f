//! The client's domain, pure: what a briefing is, the end-to-end content kinds and their
//! accepted versions, presentation mandates and their checks, the roster chain check, the
//! sealed attachment format, the records a profile keeps, and secrets that zeroize.
//!
//! No I/O: no tokio, quinn or sled. Time comes in as an argument or through a [`Clock`];
//! randomness comes from the caller's thread RNG. Every decoder is total (an error, never a
//! panic) and has a fuzz target; the properties the fuzzers check live in
//! [`internal::fuzzing`].
//!
//! # Layout
//! - [`briefing`]: the structured briefing (facts, text, attachments) and its hash.
//! - [`content`]: every end-to-end content kind, padding, and the version range.
//! - [`mandate`]: signed presentation mandates and the check a presentation must pass.
//! - [`roster`]: the signed roster chain check.
//! - [`attachment`]: STREAM-sealed attachments, Padmé padding, pointers, reader tokens.
//! - [`records`], [`proxy_records`], [`upload_record`], [`draft`]: what a profile stores,
//!   as codecs.
//! - [`secret`]: fixed-size secrets that zeroize on drop and never print.
//! - [`Clock`]: time, passed in.

#![warn(missing_docs)]

pub mod attachment;
pub mod briefing;
pub mod content;
pub mod draft;
pub mod mandate;
pub mod proxy_records;
pub mod records;
pub mod roster;
pub mod secret;
pub mod upload_record;

/// Time, passed in (defined beside the wire format so that the relay shares it).
pub use amicus_protocol::{Clock, ManualClock, SystemClock};

/// What fuzz targets and the corpus tests need; not part of the stable interface.
#[doc(hidden)]
pub mod internal {
    pub mod fuzzing;
}
