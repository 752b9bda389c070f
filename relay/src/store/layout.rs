//! Layout 2: one sled tree, `mailboxes`, with prefixed big-endian keys; one envelope is
//! one record, written by one plain insert.
//!
//! - `m | index [32]`                     -> sealed identity record
//! - `o | index | kind u8 | prekey id u32` -> sealed public prekey
//! - `q | index | seq u64`                -> envelope id [16] | received_at u64 | payload
//!
//! One record per envelope is what makes group commit work with sled: a single insert
//! takes sled's shared lock, so deliveries go on while the durable point flushes the log,
//! whereas an `apply_batch` or a transaction takes sled's exclusive lock and waits for
//! every flush (measured: batches of 9 at 64 clients with two records per envelope, see
//! BENCHMARKS.md). What a second record would index (envelope id -> queue position, the
//! quota counters, arrival times for expiry) is kept in memory ([`super::waiting`]) and
//! rebuilt from the `q` records at start.
//!
//! The sealing key's associated data is the record key without its prefix byte, which is
//! exactly the key layout 1 used, so sealed records move between layouts unchanged.

use amicus_protocol::EnvelopeId;

use crate::error::RelayError;

pub(super) const TREE: &str = "mailboxes";

pub(super) const IDENTITY: u8 = b'm';
pub(super) const ONE_TIME: u8 = b'o';
pub(super) const QUEUED: u8 = b'q';

pub(super) const KIND_EC: u8 = 0;
pub(super) const KIND_KYBER: u8 = 1;

pub(super) type Index = [u8; 32];

pub(super) fn prefixed(prefix: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    k.push(prefix);
    for part in parts {
        k.extend_from_slice(part);
    }
    k
}

pub(super) fn identity_key(index: &Index) -> Vec<u8> {
    prefixed(IDENTITY, &[index])
}

pub(super) fn one_time_prefix(index: &Index, kind: u8) -> Vec<u8> {
    prefixed(ONE_TIME, &[index, &[kind]])
}

pub(super) fn one_time_key(index: &Index, kind: u8, id: u32) -> Vec<u8> {
    prefixed(ONE_TIME, &[index, &[kind], &id.to_be_bytes()])
}

pub(super) fn queued_key(index: &Index, seq: u64) -> Vec<u8> {
    prefixed(QUEUED, &[index, &seq.to_be_bytes()])
}

/// The associated data a record is sealed with: its key without the prefix byte.
pub(super) fn sealing_context(key: &[u8]) -> &[u8] {
    key.get(1..).unwrap_or_default()
}

/// The mailbox index inside a `q`, `m` or `o` key.
pub(super) fn index_of(key: &[u8]) -> Result<Index, RelayError> {
    key.get(1..33)
        .and_then(|s| s.try_into().ok())
        .ok_or(RelayError::Corrupt("record key"))
}

fn be_u64(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(bytes);
    u64::from_be_bytes(b)
}

/// A queued envelope as stored: id, arrival time, payload (the same bytes in both layouts).
pub(super) struct QueuedRecord<'a> {
    pub(super) envelope_id: EnvelopeId,
    pub(super) received_at: u64,
    pub(super) payload: &'a [u8],
}

impl<'a> QueuedRecord<'a> {
    pub(super) fn encode(id: &EnvelopeId, received_at: u64, payload: &[u8]) -> Vec<u8> {
        let mut value = Vec::with_capacity(24 + payload.len());
        value.extend_from_slice(&id.0);
        value.extend_from_slice(&received_at.to_be_bytes());
        value.extend_from_slice(payload);
        value
    }

    pub(super) fn parse(raw: &'a [u8]) -> Result<Self, RelayError> {
        if raw.len() < 24 {
            return Err(RelayError::Corrupt("queued envelope too short"));
        }
        let (id, rest) = raw.split_at(16);
        let (at, payload) = rest.split_at(8);
        let mut envelope_id = [0u8; 16];
        envelope_id.copy_from_slice(id);
        Ok(QueuedRecord {
            envelope_id: EnvelopeId(envelope_id),
            received_at: be_u64(at),
            payload,
        })
    }
}

/// The queue position inside a `q` key.
pub(super) fn seq_of(key: &[u8]) -> Result<u64, RelayError> {
    key.get(33..41)
        .filter(|_| key.len() == 41)
        .map(be_u64)
        .ok_or(RelayError::Corrupt("queue key"))
}

/// Every decoder of this layout on arbitrary bytes (for the relay-records fuzz target):
/// each returns an error, never panics.
pub(crate) fn decode_all(data: &[u8]) {
    let _ = QueuedRecord::parse(data);
    let _ = index_of(data);
    let _ = seq_of(data);
    let _ = sealing_context(data);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_short_ones_are_refused() {
        assert_eq!(seq_of(&queued_key(&[3; 32], 7)).unwrap(), 7);
        assert!(seq_of(&identity_key(&[3; 32])).is_err());
        let raw = QueuedRecord::encode(&EnvelopeId([4; 16]), 9, b"sealed");
        let q = QueuedRecord::parse(&raw).unwrap();
        assert_eq!(
            (q.envelope_id, q.received_at, q.payload),
            (EnvelopeId([4; 16]), 9, &b"sealed"[..])
        );
        assert!(QueuedRecord::parse(&[0; 23]).is_err());
        assert!(index_of(&[QUEUED; 32]).is_err());
        assert_eq!(sealing_context(&identity_key(&[5; 32])), &[5u8; 32][..]);
    }
}
