//! A token bucket per connection: a burst allowance refilled at a steady rate. Time comes
//! in as milliseconds from the service's clock, so tests refill it by moving the clock.

use std::time::Duration;

#[derive(Debug)]
pub struct TokenBucket {
    capacity: f64,
    tokens: f64,
    per_sec: f64,
    /// When it was last refilled, in ms since the epoch.
    last_ms: u64,
}

impl TokenBucket {
    /// A full bucket of `burst` tokens refilled at `per_sec` a second, from `now_ms` on.
    pub fn new(burst: u32, per_sec: u32, now_ms: u64) -> Self {
        TokenBucket {
            capacity: f64::from(burst),
            tokens: f64::from(burst),
            per_sec: f64::from(per_sec.max(1)),
            last_ms: now_ms,
        }
    }

    /// A bucket refilled at `per_hour` tokens an hour (for rare events such as new accounts).
    pub fn per_hour(burst: u32, per_hour: u32, now_ms: u64) -> Self {
        TokenBucket {
            per_sec: f64::from(per_hour.max(1)) / 3600.0,
            ..TokenBucket::new(burst, 1, now_ms)
        }
    }

    /// Takes `cost` tokens, or says how long until they would be available. A clock that
    /// went back refills nothing.
    pub fn try_take(&mut self, cost: u32, now_ms: u64) -> Result<(), Duration> {
        let elapsed = now_ms.saturating_sub(self.last_ms) as f64 / 1000.0;
        self.last_ms = self.last_ms.max(now_ms);
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.capacity);
        let cost = f64::from(cost);
        if self.tokens >= cost {
            self.tokens -= cost;
            Ok(())
        } else {
            let missing = cost - self.tokens;
            Err(Duration::from_secs_f64(missing / self.per_sec))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let start = 1_000_000;
        let mut bucket = TokenBucket::new(3, 10, start);
        for _ in 0..3 {
            bucket.try_take(1, start).unwrap();
        }
        let wait = bucket.try_take(1, start).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(100));
        bucket.try_take(1, start + 150).unwrap();
        // A clock that steps back neither refills nor panics.
        assert!(bucket.try_take(1, start).is_err());
    }
}
