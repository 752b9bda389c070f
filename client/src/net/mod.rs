//! The network: the pinned QUIC link to the relay, and resumable attachment transfers.

pub(crate) mod link;
pub(crate) mod transfer;
