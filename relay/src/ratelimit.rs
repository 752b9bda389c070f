//! A token bucket per connection: a burst allowance refilled at a steady rate.

use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct TokenBucket {
    capacity: f64,
    tokens: f64,
    per_sec: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(burst: u32, per_sec: u32) -> Self {
        TokenBucket {
            capacity: f64::from(burst),
            tokens: f64::from(burst),
            per_sec: f64::from(per_sec.max(1)),
            last: Instant::now(),
        }
    }

    /// A bucket refilled at `per_hour` tokens an hour (for rare events such as new accounts).
    pub fn per_hour(burst: u32, per_hour: u32) -> Self {
        TokenBucket {
            per_sec: f64::from(per_hour.max(1)) / 3600.0,
            ..TokenBucket::new(burst, 1)
        }
    }

    /// Takes `cost` tokens, or says how long until they would be available.
    pub fn try_take(&mut self, cost: u32, now: Instant) -> Result<(), Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
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
        let start = Instant::now();
        let mut bucket = TokenBucket::new(3, 10);
        for _ in 0..3 {
            bucket.try_take(1, start).unwrap();
        }
        let wait = bucket.try_take(1, start).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(100));
        bucket
            .try_take(1, start + Duration::from_millis(150))
            .unwrap();
    }
}
