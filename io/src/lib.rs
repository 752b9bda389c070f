//! I/O primitives that the client and the relay share, so that both sides have one
//! implementation of each: the durable point (sled flush plus fsync, group commit, atomic
//! file replacement), attachment files written and read with direct I/O (page cache where
//! the platform or filesystem has no `O_DIRECT`), the QUIC transport parameters and the
//! transfer stall watchdog. It depends on no other Amicus crate.

mod blob_file;
mod durable;
mod quic;
mod watchdog;

// The public interface is:
pub use blob_file::{
    ALIGN, AlignedBuf, AppendError, BlobAppender, STAGE, WriteLease, open_direct_read,
    read_exact_at,
};
pub use durable::{GroupCommit, create_private_dir, sync_sled, write_atomic};
pub use quic::{
    CONNECTION_WINDOW, HTTP2_MAX_FRAME, STREAM_WINDOW, TRANSFER_WINDOW, transport_config,
};
pub use watchdog::{TRANSFER_STALL, Watchdog};
