//! Receive windows: how much quinn may buffer for the relay, per connection and in all.
//!
//! quinn buffers what a peer sends up to the connection's receive window, whether or not the
//! relay reads it, and that memory is outside the relay's request budgets. With one window
//! for every connection, memory grew by the window for each connection a hostile client
//! opened (4 MiB each, measured 12.4 MiB per hoarding connection with the budget). So an
//! ordinary connection gets a small window (`connection_window`, 256 KiB by default: a
//! briefing's frame still streams through it in a few round trips), and only an attachment
//! upload whose capability the relay has checked widens its connection's window to
//! [`TRANSFER_WINDOW`], taking the extra from a relay-wide pool (`transfer_window_total`).
//! When the pool is spent an upload still runs, at the small window. What quinn can hold
//! for the relay is then at most `max_connections × connection_window + the pool`.

use std::sync::{Arc, Mutex};

use quinn::{Connection, VarInt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The receive window of a connection while it uploads an attachment.
pub use amicus_io::TRANSFER_WINDOW;

/// A frame this small is read on the connection's own allowance when that is free, so
/// small requests never wait for what other connections hold.
pub const OWN_ALLOWANCE: usize = 64 * 1024;
/// Memory one upload holds for its file writes (two stages of its appender).
pub const UPLOAD_BUFFER: usize = 2 * amicus_io::STAGE;
/// Bytes a download reads from the file at a time.
pub const DOWNLOAD_CHUNK: usize = 1024 * 1024;
/// Chunk buffers kept for reuse by one download, besides the one read ahead and the one
/// being sent: fresh 1 MiB allocations cost page faults, zeroing and unmapping on every
/// chunk, more than the read itself on this class of VM.
pub const SPARE_CHUNKS: usize = 2;
/// Memory one download holds of its own: the chunk read ahead, the one being handed to
/// quinn, and the spares.
pub const DOWNLOAD_BUFFER: usize = (2 + SPARE_CHUNKS) * DOWNLOAD_CHUNK;

/// One connection's receive window.
pub struct ConnectionWindow {
    connection: Connection,
    base: u32,
    pool: Arc<Semaphore>,
    /// Uploads running on this connection, and the pool's share they hold.
    uploads: Mutex<(usize, Option<OwnedSemaphorePermit>)>,
}

impl ConnectionWindow {
    pub fn new(connection: Connection, base: u32, pool: Arc<Semaphore>) -> Arc<Self> {
        Arc::new(ConnectionWindow {
            connection,
            base,
            pool,
            uploads: Mutex::new((0, None)),
        })
    }

    /// Widens the window for an upload until the grant is dropped, if the pool has room.
    pub fn widen(self: &Arc<Self>) -> WindowGrant {
        let mut uploads = self.uploads.lock().unwrap_or_else(|p| p.into_inner());
        uploads.0 += 1;
        if uploads.1.is_none() {
            let extra = TRANSFER_WINDOW.saturating_sub(self.base);
            if let Ok(permit) = self.pool.clone().try_acquire_many_owned(extra) {
                uploads.1 = Some(permit);
                self.connection
                    .set_receive_window(VarInt::from_u32(TRANSFER_WINDOW));
            }
        }
        WindowGrant(self.clone())
    }
}

/// A widened window; the last grant of a connection narrows it again.
pub struct WindowGrant(Arc<ConnectionWindow>);

impl Drop for WindowGrant {
    fn drop(&mut self) {
        let w = &self.0;
        let mut uploads = w.uploads.lock().unwrap_or_else(|p| p.into_inner());
        uploads.0 = uploads.0.saturating_sub(1);
        if uploads.0 == 0 && uploads.1.take().is_some() {
            w.connection.set_receive_window(VarInt::from_u32(w.base));
        }
    }
}
