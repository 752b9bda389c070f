//! What waits in each mailbox, in memory only: registered or not, and for each waiting
//! envelope its id, queue position, arrival and size. Rebuilt from the `m` and `q` records
//! at start, so that a delivery is one insert of one record and nothing else on disk
//! (layout 1 wrote four records in a four-tree transaction per envelope).
//!
//! It answers a retried delivery (same envelope id), an ack by id, the quotas and expiry
//! without touching the disk. Cost: about 50 bytes of memory per waiting envelope.
//!
//! Striped: a delivery locks only its mailbox's stripe, across the quota check, the
//! duplicate check and the write, so that concurrent deliveries to one mailbox cannot
//! overshoot its quota while deliveries to other mailboxes go on.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::layout::Index;

const STRIPES: usize = 64;

/// Where a waiting envelope is and what it weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Waiting {
    pub(super) seq: u64,
    pub(super) received_at: u64,
    pub(super) len: u32,
}

#[derive(Debug, Default)]
pub(super) struct MailboxState {
    pub(super) registered: bool,
    pub(super) bytes: u64,
    pub(super) waiting: HashMap<[u8; 16], Waiting>,
}

impl MailboxState {
    pub(super) fn add(&mut self, id: [u8; 16], entry: Waiting) {
        self.bytes = self.bytes.saturating_add(u64::from(entry.len));
        self.waiting.insert(id, entry);
    }

    pub(super) fn take(&mut self, id: &[u8; 16]) -> Option<Waiting> {
        let entry = self.waiting.remove(id)?;
        self.bytes = self.bytes.saturating_sub(u64::from(entry.len));
        if self.waiting.is_empty() {
            // Give the memory back: most mailboxes are empty most of the time.
            self.waiting = HashMap::new();
        }
        Some(entry)
    }
}

pub(super) type Stripe = HashMap<Index, MailboxState>;

pub(super) struct Mailboxes {
    stripes: Vec<Mutex<Stripe>>,
}

impl Mailboxes {
    pub(super) fn new() -> Self {
        Mailboxes {
            stripes: (0..STRIPES).map(|_| Mutex::new(HashMap::new())).collect(),
        }
    }

    /// The stripe holding `index`. A poisoned lock only means a panic mid-update of plain
    /// data; the disk, not this table, is the truth, and the next start rebuilds it.
    pub(super) fn lock(&self, index: &Index) -> MutexGuard<'_, Stripe> {
        lock(&self.stripes[usize::from(index[0]) % STRIPES])
    }

    /// Every stripe in turn, for sweeps and totals.
    pub(super) fn stripes(&self) -> impl Iterator<Item = MutexGuard<'_, Stripe>> {
        self.stripes.iter().map(lock)
    }

    /// (registered mailboxes, waiting envelopes, waiting bytes).
    pub(super) fn totals(&self) -> (usize, usize, u64) {
        let (mut mailboxes, mut count, mut bytes) = (0, 0, 0);
        for stripe in self.stripes() {
            for state in stripe.values() {
                mailboxes += usize::from(state.registered);
                count += state.waiting.len();
                bytes += state.bytes;
            }
        }
        (mailboxes, count, bytes)
    }
}

fn lock(stripe: &Mutex<Stripe>) -> MutexGuard<'_, Stripe> {
    stripe.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_follow_arrivals_and_removals() {
        let table = Mailboxes::new();
        let entry = |seq, len| Waiting {
            seq,
            received_at: 5,
            len,
        };
        {
            let mut stripe = table.lock(&[1; 32]);
            let state = stripe.entry([1; 32]).or_default();
            state.registered = true;
            state.add([1; 16], entry(0, 10));
            state.add([2; 16], entry(1, 5));
        }
        assert_eq!(table.totals(), (1, 2, 15));
        let mut stripe = table.lock(&[1; 32]);
        let state = stripe.get_mut(&[1; 32]).unwrap();
        assert_eq!(state.take(&[1; 16]), Some(entry(0, 10)));
        assert_eq!(state.take(&[1; 16]), None);
        assert_eq!(state.take(&[2; 16]).map(|w| w.seq), Some(1));
        assert_eq!((state.waiting.len(), state.bytes), (0, 0));
    }
}
