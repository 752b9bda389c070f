//! The relay's side of proof of work at the Centre's intake (see `amicus_protocol::work`):
//! an hourly random seed (memory only: a restart only makes senders solve again), the
//! difficulty raised with the intake's recent load, and a relay-wide budget of checks so
//! that bogus proofs cannot make the relay spend its CPU on Argon2.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

use amicus_protocol::work::{MAX_WORK_DIFFICULTY, WorkTerms};
use rand::RngCore as _;

use crate::ratelimit::TokenBucket;

/// One seed per hour.
const EPOCH_SECS: u64 = 3600;

/// How far back the load is counted.
const LOAD_WINDOW_MS: u64 = 60_000;

pub struct IntakeWork {
    seeds: Mutex<BTreeMap<u64, [u8; 32]>>,
    /// When each recent worked delivery was stored, for the load.
    recent: Mutex<VecDeque<u64>>,
    checks: Mutex<TokenBucket>,
    base_difficulty: u8,
    memory_kib: u32,
    busy_per_minute: u32,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl IntakeWork {
    pub fn new(
        base_difficulty: u8,
        memory_kib: u32,
        busy_per_minute: u32,
        checks_per_sec: u32,
        now_ms: u64,
    ) -> Self {
        IntakeWork {
            seeds: Mutex::new(BTreeMap::new()),
            recent: Mutex::new(VecDeque::new()),
            checks: Mutex::new(TokenBucket::new(
                checks_per_sec.saturating_mul(2),
                checks_per_sec,
                now_ms,
            )),
            base_difficulty: base_difficulty.min(MAX_WORK_DIFFICULTY),
            memory_kib,
            busy_per_minute: busy_per_minute.max(1),
        }
    }

    /// The difficulty now: the base, plus one bit each time the last minute's worked
    /// deliveries doubled past `busy_per_minute`.
    pub fn difficulty(&self, now_ms: u64) -> u8 {
        let mut recent = lock(&self.recent);
        while recent
            .front()
            .is_some_and(|t| t.saturating_add(LOAD_WINDOW_MS) <= now_ms)
        {
            recent.pop_front();
        }
        let load = recent.len() as u64 / u64::from(self.busy_per_minute);
        let extra = u64::BITS - load.leading_zeros(); // floor(log2(load)) + 1, 0 for none
        (u32::from(self.base_difficulty) + extra).min(u32::from(MAX_WORK_DIFFICULTY)) as u8
    }

    /// The seed of `epoch`, made when first needed; only this hour's and the last one's.
    fn seed(&self, epoch: u64, current: u64) -> Option<[u8; 32]> {
        if epoch > current || epoch.saturating_add(1) < current {
            return None;
        }
        let mut seeds = lock(&self.seeds);
        seeds.retain(|e, _| e.saturating_add(1) >= current);
        if epoch == current {
            return Some(*seeds.entry(epoch).or_insert_with(|| {
                let mut seed = [0u8; 32];
                rand::rng().fill_bytes(&mut seed);
                seed
            }));
        }
        seeds.get(&epoch).copied()
    }

    /// What a proof must meet now.
    pub fn terms(&self, now_ms: u64) -> WorkTerms {
        let epoch = now_ms / 1000 / EPOCH_SECS;
        WorkTerms {
            epoch,
            seed: self.seed(epoch, epoch).unwrap_or([0; 32]),
            difficulty: self.difficulty(now_ms),
            memory_kib: self.memory_kib,
        }
    }

    /// The terms a proof of `epoch` is checked against now (the current difficulty), if
    /// its seed is still known.
    pub fn terms_for(&self, epoch: u64, now_ms: u64) -> Option<WorkTerms> {
        let current = now_ms / 1000 / EPOCH_SECS;
        Some(WorkTerms {
            epoch,
            seed: self.seed(epoch, current)?,
            difficulty: self.difficulty(now_ms),
            memory_kib: self.memory_kib,
        })
    }

    /// Takes one check from the relay-wide budget.
    pub fn take_check(&self, now_ms: u64) -> bool {
        lock(&self.checks).try_take(1, now_ms).is_ok()
    }

    /// A worked delivery was stored: it counts towards the load.
    pub fn stored(&self, now_ms: u64) {
        lock(&self.recent).push_back(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulty_rises_with_the_load_and_falls_back() {
        let work = IntakeWork::new(10, 64, 5, 100, 0);
        assert_eq!(work.difficulty(0), 10);
        for _ in 0..4 {
            work.stored(1_000);
        }
        assert_eq!(work.difficulty(1_000), 10, "below the busy mark");
        work.stored(1_000);
        assert_eq!(work.difficulty(1_000), 11);
        for _ in 0..5 {
            work.stored(2_000);
        }
        assert_eq!(work.difficulty(2_000), 12, "twice the busy mark");
        assert_eq!(work.difficulty(62_000), 10, "a quiet minute later");
    }

    #[test]
    fn seeds_last_two_hours_and_checks_are_budgeted() {
        let work = IntakeWork::new(10, 64, 5, 1, 0);
        let now = 3 * 3_600_000 + 5;
        let terms = work.terms(now);
        assert_eq!(terms.epoch, 3);
        assert_eq!(work.terms_for(3, now + 3_600_000).unwrap().seed, terms.seed);
        assert!(work.terms_for(3, now + 7_200_000).is_none());
        assert!(work.terms_for(4, now).is_none(), "no seed from the future");
        assert!(work.take_check(0) && work.take_check(0));
        assert!(!work.take_check(0), "the budget is spent");
        assert!(work.take_check(1_000));
    }
}
