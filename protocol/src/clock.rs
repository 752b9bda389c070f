//! Time, passed in. The pure crates never read the system clock: their decisions take
//! `now` as an argument (as libsignal's do). The client engine and the relay service hold a
//! [`Clock`], the system's in production, a [`ManualClock`] in tests, so that tests move
//! time forward instead of waiting for it (invitation, mandate and term expiry, retention,
//! rate-limit refill). One trait for both sides, so one test clock drives both.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, from some source.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current time in milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;

    /// The current time in whole seconds since the Unix epoch.
    fn now_secs(&self) -> u64 {
        self.now_ms() / 1000
    }
}

/// The operating system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }
}

/// A clock that moves only when told to: for tests of expiry and retention.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    ms: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock showing `ms` milliseconds since the epoch.
    pub fn at_ms(ms: u64) -> Self {
        ManualClock {
            ms: Arc::new(AtomicU64::new(ms)),
        }
    }

    /// A clock showing the system's time now, then moving only when told to.
    pub fn starting_now() -> Self {
        Self::at_ms(SystemClock.now_ms())
    }

    /// Moves the clock (and every clone of it) forward by `ms` milliseconds.
    pub fn advance_ms(&self, ms: u64) {
        self.ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Moves the clock forward by whole days.
    pub fn advance_days(&self, days: u64) {
        self.advance_ms(days * 86_400_000);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.ms.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told_and_clones_share_it() {
        let clock = ManualClock::at_ms(5_000);
        let view = clock.clone();
        assert_eq!((clock.now_ms(), clock.now_secs()), (5_000, 5));
        clock.advance_days(1);
        assert_eq!(view.now_ms(), 5_000 + 86_400_000);
        assert!(SystemClock.now_ms() > 1_700_000_000_000);
    }
}
