//! The network: the pinned link to the relay over QUIC or the TCP route, and resumable
//! attachment transfers.

pub(crate) mod link;
pub(crate) mod proxy;
pub(crate) mod route;
pub(crate) mod stream;
pub(crate) mod tcp;
pub(crate) mod transfer;
