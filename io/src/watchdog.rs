//! The stall timer of a transfer: both ends give up on an attachment stream that makes no
//! progress for [`TRANSFER_STALL`], so a dead peer never holds buffers or a write lease.

use std::pin::Pin;
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// How long an attachment stream may go without progress before it is abandoned.
pub const TRANSFER_STALL: Duration = Duration::from_secs(60);

/// Re-arms a transfer's stall timer on progress, at most once a second: per-packet timer
/// resets cost more than the copy they guard.
pub struct Watchdog {
    next: Instant,
}

impl Watchdog {
    /// A watchdog whose first progress re-arms the timer.
    pub fn new() -> Self {
        Watchdog {
            next: Instant::now(),
        }
    }

    /// Records progress: pushes `stall` back to [`TRANSFER_STALL`] from now, unless it was
    /// pushed back less than a second ago.
    pub fn progress(&mut self, stall: Pin<&mut Sleep>) {
        let now = Instant::now();
        if now >= self.next {
            stall.reset(now + TRANSFER_STALL);
            self.next = now + Duration::from_secs(1);
        }
    }
}

impl Default for Watchdog {
    fn default() -> Self {
        Self::new()
    }
}
