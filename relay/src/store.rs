//! Mailboxes, prekeys and queued envelopes, in sled.
//!
//! Nothing on disk names a mailbox: every key starts with the mailbox's *index*, a
//! domain-separated SHA-256 of the mailbox id, and published keys (which contain the owner's
//! libsignal identity key) are sealed with ChaCha20-Poly1305 under a key derived from the
//! mailbox id. Someone holding only the relay's disk therefore learns how many mailboxes and
//! envelopes there are, their sizes and arrival times, but not which identity keys are
//! registered nor which mailbox a contact card points to, unless they already know that
//! mailbox's id. Envelope payloads are stored as received: they are sealed-sender ciphertext.
//!
//! Trees (all keys big-endian so that scans run in order):
//! - `identities`: index -> sealed [`IdentityRecord`]
//! - `one_time`:   index | kind u8 | prekey id u32 -> sealed public prekey
//! - `queue`:      index | seq u64 -> envelope id [16] | received_at u64 | payload
//! - `by_id`:      index | envelope id [16] -> seq u64   (idempotent delivery, acks)
//! - `usage`:      index -> count u32 | bytes u64       (quotas)
//! - `expiry`:     received_at u64 | index | seq u64 -> ()
//!
//! Writes here are not durable by themselves: callers `sync()` before acknowledging.

use std::path::Path;

use amicus_protocol::message::IdentityRecord;
use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, IncomingEnvelope, MailboxId, PrekeyBundle, PrekeyUpload,
    PublicPrekey, SignedPublicPrekey,
};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
use zeroize::Zeroizing;

use crate::centre_store::CentreStore;
use crate::error::RelayError;
use amicus_io::GroupCommit;

const KIND_EC: u8 = 0;
const KIND_KYBER: u8 = 1;

/// The store's view of one mailbox: its on-disk index and its record-sealing key.
struct MailboxKeys {
    index: [u8; 32],
    seal: Zeroizing<[u8; 32]>,
}

impl MailboxKeys {
    fn of(mailbox: &MailboxId) -> Self {
        let mut h = Sha256::new();
        h.update(b"amicus/relay/index/v1");
        h.update(mailbox.0);
        let index: [u8; 32] = h.finalize().into();
        let mut seal = Zeroizing::new([0u8; 32]);
        // HKDF-Expand with a 32-byte output cannot fail.
        let _ = Hkdf::<Sha256>::new(Some(b"amicus/relay/seal/v1"), &mailbox.0)
            .expand(b"records", seal.as_mut());
        MailboxKeys { index, seal }
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(self.seal.as_ref()))
    }

    /// nonce | ciphertext, bound to the record's key so records cannot be swapped.
    fn seal(&self, record_key: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, RelayError> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: record_key,
                },
            )
            .map_err(|_| RelayError::Corrupt("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    fn open(&self, record_key: &[u8], sealed: &[u8]) -> Result<Vec<u8>, RelayError> {
        if sealed.len() < 12 {
            return Err(RelayError::Corrupt("sealed record too short"));
        }
        let (nonce, ct) = sealed.split_at(12);
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: record_key,
                },
            )
            .map_err(|_| RelayError::Corrupt("sealed record does not open"))
    }

    fn key(&self, suffix: &[u8]) -> Vec<u8> {
        let mut k = Vec::with_capacity(32 + suffix.len());
        k.extend_from_slice(&self.index);
        k.extend_from_slice(suffix);
        k
    }
}

/// Limits the store enforces.
#[derive(Debug, Clone, Copy)]
pub struct StoreLimits {
    pub mailbox_max_count: u32,
    pub mailbox_max_bytes: u64,
    pub max_one_time_prekeys: usize,
    pub cache_bytes: u64,
}

/// How a delivery went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Stored,
    /// An envelope with this id is already waiting: a retried send.
    AlreadyQueued,
}

/// Sizes for the relay's own metrics and the demo: counts only, nothing per user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreStats {
    pub mailboxes: usize,
    pub queued_envelopes: usize,
    pub queued_bytes: u64,
}

pub struct MailboxStore {
    db: sled::Db,
    identities: sled::Tree,
    one_time: sled::Tree,
    queue: sled::Tree,
    by_id: sled::Tree,
    usage: sled::Tree,
    expiry: sled::Tree,
    limits: StoreLimits,
    commit: GroupCommit,
    /// Roster, invitations and enrolment (see [`crate::centre_store`]).
    pub centre: CentreStore,
}

fn tx_err(e: TransactionError<RelayError>) -> RelayError {
    match e {
        TransactionError::Abort(inner) => inner,
        TransactionError::Storage(s) => RelayError::Storage(s),
    }
}

fn abort<T>(e: RelayError) -> Result<T, ConflictableTransactionError<RelayError>> {
    Err(ConflictableTransactionError::Abort(e))
}

fn read_usage(raw: Option<sled::IVec>) -> (u32, u64) {
    match raw.as_deref() {
        Some(v) if v.len() == 12 => {
            let mut count = [0u8; 4];
            let mut bytes = [0u8; 8];
            count.copy_from_slice(&v[..4]);
            bytes.copy_from_slice(&v[4..]);
            (u32::from_be_bytes(count), u64::from_be_bytes(bytes))
        }
        _ => (0, 0),
    }
}

fn write_usage(count: u32, bytes: u64) -> Vec<u8> {
    let mut v = count.to_be_bytes().to_vec();
    v.extend_from_slice(&bytes.to_be_bytes());
    v
}

/// A queued envelope as stored: id, arrival time, payload.
struct QueuedRecord<'a> {
    envelope_id: EnvelopeId,
    received_at: u64,
    payload: &'a [u8],
}

impl<'a> QueuedRecord<'a> {
    fn parse(raw: &'a [u8]) -> Result<Self, RelayError> {
        if raw.len() < 24 {
            return Err(RelayError::Corrupt("queued envelope too short"));
        }
        let (id, rest) = raw.split_at(16);
        let (at, payload) = rest.split_at(8);
        let mut envelope_id = [0u8; 16];
        envelope_id.copy_from_slice(id);
        let mut received_at = [0u8; 8];
        received_at.copy_from_slice(at);
        Ok(QueuedRecord {
            envelope_id: EnvelopeId(envelope_id),
            received_at: u64::from_be_bytes(received_at),
            payload,
        })
    }
}

fn expiry_key(received_at: u64, index: &[u8; 32], seq: &[u8]) -> Vec<u8> {
    let mut k = received_at.to_be_bytes().to_vec();
    k.extend_from_slice(index);
    k.extend_from_slice(seq);
    k
}

impl MailboxStore {
    pub fn open(dir: &Path, limits: StoreLimits) -> Result<Self, RelayError> {
        let db = sled::Config::new()
            .path(dir)
            // Large segments keep envelopes in the main log instead of sled's blob files.
            .segment_size(8 * 1024 * 1024)
            .cache_capacity(limits.cache_bytes)
            .open()?;
        let commit = GroupCommit::start(db.clone(), dir.to_path_buf());
        Ok(MailboxStore {
            identities: db.open_tree("identities")?,
            one_time: db.open_tree("one_time")?,
            queue: db.open_tree("queue")?,
            by_id: db.open_tree("by_id")?,
            usage: db.open_tree("usage")?,
            expiry: db.open_tree("expiry")?,
            centre: CentreStore::open(&db)?,
            db,
            limits,
            commit,
        })
    }

    /// The database, for stores that keep their own trees in it (attachment metadata).
    pub fn db(&self) -> &sled::Db {
        &self.db
    }

    /// Makes every write made so far durable (see [`amicus_io::GroupCommit`]).
    pub async fn sync(&self) -> Result<(), RelayError> {
        self.commit.sync().await.map_err(RelayError::Durability)
    }

    /// Stores published keys: replaces the identity record, adds one-time prekeys up to the
    /// per-mailbox cap (extra ones are ignored; the owner learns the count from
    /// `prekey_counts`).
    pub fn publish_prekeys(
        &self,
        mailbox: &MailboxId,
        upload: &PrekeyUpload,
    ) -> Result<(), RelayError> {
        let keys = MailboxKeys::of(mailbox);
        let record = upload.identity_record().to_bytes();
        self.identities
            .insert(keys.index, keys.seal(&keys.index, &record)?)?;
        let (mut ec, mut kyber) = self.prekey_counts(mailbox)?;
        let cap = self.limits.max_one_time_prekeys;
        for prekey in &upload.one_time {
            if ec as usize >= cap {
                break;
            }
            let k = keys.key(&[&[KIND_EC][..], &prekey.id.to_be_bytes()].concat());
            let mut w = prekey.id.to_be_bytes().to_vec();
            w.extend_from_slice(&prekey.public);
            if self.one_time.insert(&k, keys.seal(&k, &w)?)?.is_none() {
                ec += 1;
            }
        }
        for prekey in &upload.kyber_one_time {
            if kyber as usize >= cap {
                break;
            }
            let k = keys.key(&[&[KIND_KYBER][..], &prekey.id.to_be_bytes()].concat());
            if self
                .one_time
                .insert(&k, keys.seal(&k, &prekey.to_bytes())?)?
                .is_none()
            {
                kyber += 1;
            }
        }
        Ok(())
    }

    pub fn identity(&self, mailbox: &MailboxId) -> Result<Option<IdentityRecord>, RelayError> {
        let keys = MailboxKeys::of(mailbox);
        let Some(sealed) = self.identities.get(keys.index)? else {
            return Ok(None);
        };
        let plain = keys.open(&keys.index, &sealed)?;
        IdentityRecord::from_bytes(&plain)
            .map(Some)
            .map_err(|_| RelayError::Corrupt("identity record"))
    }

    /// Counts of one-time EC and Kyber prekeys left.
    pub fn prekey_counts(&self, mailbox: &MailboxId) -> Result<(u32, u32), RelayError> {
        let keys = MailboxKeys::of(mailbox);
        let count = |kind: u8| -> Result<u32, RelayError> {
            let mut n = 0u32;
            for entry in self.one_time.scan_prefix(keys.key(&[kind])) {
                entry?;
                n += 1;
            }
            Ok(n)
        };
        Ok((count(KIND_EC)?, count(KIND_KYBER)?))
    }

    /// Removes and returns the first one-time prekey of `kind`, exactly once even under
    /// concurrent fetches (a removal that finds the key gone moves on to the next).
    fn pop_one_time(&self, keys: &MailboxKeys, kind: u8) -> Result<Option<Vec<u8>>, RelayError> {
        for entry in self.one_time.scan_prefix(keys.key(&[kind])) {
            let (k, _) = entry?;
            if let Some(sealed) = self.one_time.remove(&k)? {
                return keys.open(&k, &sealed).map(Some);
            }
        }
        Ok(None)
    }

    /// A bundle for a session start, consuming one-time prekeys. `None` if the mailbox is
    /// not registered.
    pub fn take_bundle(&self, mailbox: &MailboxId) -> Result<Option<PrekeyBundle>, RelayError> {
        let Some(identity) = self.identity(mailbox)? else {
            return Ok(None);
        };
        let keys = MailboxKeys::of(mailbox);
        let one_time = match self.pop_one_time(&keys, KIND_EC)? {
            Some(raw) if raw.len() > 4 => {
                let (id, public) = raw.split_at(4);
                let mut id_bytes = [0u8; 4];
                id_bytes.copy_from_slice(id);
                Some(PublicPrekey {
                    id: u32::from_be_bytes(id_bytes),
                    public: public.to_vec(),
                })
            }
            Some(_) => return Err(RelayError::Corrupt("one-time prekey")),
            None => None,
        };
        let kyber_prekey = match self.pop_one_time(&keys, KIND_KYBER)? {
            Some(raw) => SignedPublicPrekey::from_bytes(&raw)
                .map_err(|_| RelayError::Corrupt("kyber prekey"))?,
            None => identity.last_resort_kyber.clone(),
        };
        Ok(Some(PrekeyBundle {
            registration_id: identity.registration_id,
            device_id: identity.device_id,
            identity_key: identity.identity_key,
            signed_prekey: identity.signed_prekey,
            kyber_prekey,
            one_time,
        }))
    }

    /// Queues one envelope. Idempotent on (mailbox, envelope id) while the envelope waits.
    pub fn enqueue(&self, item: &DeliverItem, now: u64) -> Result<Enqueued, RelayError> {
        let keys = MailboxKeys::of(&item.mailbox);
        if !self.identities.contains_key(keys.index)? {
            return Err(RelayError::Refused(ErrorCode::UnknownRecipient));
        }
        let seq = self.db.generate_id()?.to_be_bytes();
        let queue_key = keys.key(&seq);
        let id_key = keys.key(&item.envelope_id.0);
        let mut value = Vec::with_capacity(24 + item.payload.len());
        value.extend_from_slice(&item.envelope_id.0);
        value.extend_from_slice(&now.to_be_bytes());
        value.extend_from_slice(&item.payload);
        let size = item.payload.len() as u64;
        let limits = self.limits;
        let expiry = expiry_key(now, &keys.index, &seq);
        (&self.queue, &self.by_id, &self.usage, &self.expiry)
            .transaction(|(queue, by_id, usage, expiry_tree)| {
                if by_id.get(&id_key)?.is_some() {
                    return Ok(Enqueued::AlreadyQueued);
                }
                let (count, bytes) = read_usage(usage.get(keys.index)?);
                if count >= limits.mailbox_max_count
                    || bytes.saturating_add(size) > limits.mailbox_max_bytes
                {
                    return abort(RelayError::Refused(ErrorCode::QuotaExceeded));
                }
                queue.insert(queue_key.as_slice(), value.as_slice())?;
                by_id.insert(id_key.as_slice(), &seq[..])?;
                expiry_tree.insert(expiry.as_slice(), &[][..])?;
                usage.insert(&keys.index[..], write_usage(count + 1, bytes + size))?;
                Ok(Enqueued::Stored)
            })
            .map_err(tx_err)
    }

    /// Up to `max` waiting envelopes, oldest first, and whether more are waiting.
    pub fn pending(
        &self,
        mailbox: &MailboxId,
        max: usize,
    ) -> Result<(Vec<IncomingEnvelope>, bool), RelayError> {
        let keys = MailboxKeys::of(mailbox);
        let mut items = Vec::new();
        for entry in self.queue.scan_prefix(keys.index) {
            let (_, raw) = entry?;
            if items.len() == max {
                return Ok((items, true));
            }
            let record = QueuedRecord::parse(&raw)?;
            items.push(IncomingEnvelope {
                envelope_id: record.envelope_id,
                received_at: record.received_at,
                payload: record.payload.to_vec(),
            });
        }
        Ok((items, false))
    }

    /// Deletes acknowledged envelopes; unknown ids (already deleted) are ignored so that a
    /// retried ack succeeds. Returns how many were removed.
    pub fn remove(&self, mailbox: &MailboxId, ids: &[EnvelopeId]) -> Result<u32, RelayError> {
        let keys = MailboxKeys::of(mailbox);
        let mut removed = 0;
        for id in ids {
            if self.remove_one(&keys, &keys.key(&id.0))? {
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn remove_one(&self, keys: &MailboxKeys, id_key: &[u8]) -> Result<bool, RelayError> {
        (&self.queue, &self.by_id, &self.usage, &self.expiry)
            .transaction(|(queue, by_id, usage, expiry)| {
                let Some(seq) = by_id.remove(id_key)? else {
                    return Ok(false);
                };
                let Some(raw) = queue.remove(keys.key(&seq))? else {
                    return Ok(false);
                };
                let record = match QueuedRecord::parse(&raw) {
                    Ok(r) => r,
                    Err(e) => return abort(e),
                };
                expiry.remove(expiry_key(record.received_at, &keys.index, &seq))?;
                let (count, bytes) = read_usage(usage.get(keys.index)?);
                let size = record.payload.len() as u64;
                usage.insert(
                    &keys.index[..],
                    write_usage(count.saturating_sub(1), bytes.saturating_sub(size)),
                )?;
                Ok(true)
            })
            .map_err(tx_err)
    }

    /// Deletes every envelope that arrived before `cutoff` (seconds since the epoch).
    /// Returns how many were deleted.
    pub fn expire(&self, cutoff: u64) -> Result<u64, RelayError> {
        let mut deleted = 0;
        for entry in self.expiry.range(..cutoff.to_be_bytes().to_vec()) {
            let (k, _) = entry?;
            if k.len() != 8 + 32 + 8 {
                return Err(RelayError::Corrupt("expiry key"));
            }
            let mut index = [0u8; 32];
            index.copy_from_slice(&k[8..40]);
            let seq = &k[40..];
            let mut queue_key = index.to_vec();
            queue_key.extend_from_slice(seq);
            let removed = (&self.queue, &self.by_id, &self.usage, &self.expiry).transaction(
                |(queue, by_id, usage, expiry)| {
                    expiry.remove(&*k)?;
                    let Some(raw) = queue.remove(queue_key.as_slice())? else {
                        return Ok(false);
                    };
                    let record = match QueuedRecord::parse(&raw) {
                        Ok(r) => r,
                        Err(e) => return abort(e),
                    };
                    let mut id_key = index.to_vec();
                    id_key.extend_from_slice(&record.envelope_id.0);
                    by_id.remove(id_key)?;
                    let (count, bytes) = read_usage(usage.get(index)?);
                    usage.insert(
                        &index[..],
                        write_usage(
                            count.saturating_sub(1),
                            bytes.saturating_sub(record.payload.len() as u64),
                        ),
                    )?;
                    Ok(true)
                },
            );
            if removed.map_err(tx_err)? {
                deleted += 1;
            }
        }
        Ok(deleted)
    }

    pub fn stats(&self) -> Result<StoreStats, RelayError> {
        let mut queued_envelopes = 0;
        let mut queued_bytes = 0;
        for entry in self.usage.iter() {
            let (_, v) = entry?;
            let (count, bytes) = read_usage(Some(v));
            queued_envelopes += count as usize;
            queued_bytes += bytes;
        }
        Ok(StoreStats {
            mailboxes: self.identities.len(),
            queued_envelopes,
            queued_bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> StoreLimits {
        StoreLimits {
            mailbox_max_count: 3,
            mailbox_max_bytes: 1000,
            max_one_time_prekeys: 2,
            cache_bytes: 8 * 1024 * 1024,
        }
    }

    fn signed(id: u32) -> SignedPublicPrekey {
        SignedPublicPrekey {
            id,
            public: vec![id as u8; 33],
            signature: vec![1; 64],
        }
    }

    fn upload(one_time: u32) -> PrekeyUpload {
        PrekeyUpload {
            registration_id: 1,
            device_id: 1,
            identity_key: vec![0xAB; 33],
            signed_prekey: signed(1),
            last_resort_kyber: signed(2),
            one_time: (0..one_time)
                .map(|id| PublicPrekey {
                    id,
                    public: vec![7; 33],
                })
                .collect(),
            kyber_one_time: vec![signed(10)],
        }
    }

    fn item(mailbox: MailboxId, id: u8, len: usize) -> DeliverItem {
        DeliverItem {
            mailbox,
            envelope_id: EnvelopeId([id; 16]),
            payload: vec![id; len],
        }
    }

    #[tokio::test]
    async fn queue_dedupe_quota_ack_and_expiry() {
        let dir = tempfile::tempdir().unwrap();
        let store = MailboxStore::open(dir.path(), limits()).unwrap();
        let mb = MailboxId([1; 32]);
        assert!(matches!(
            store.enqueue(&item(mb, 1, 10), 100),
            Err(RelayError::Refused(ErrorCode::UnknownRecipient))
        ));
        store.publish_prekeys(&mb, &upload(5)).unwrap();
        assert_eq!(
            store.enqueue(&item(mb, 1, 10), 100).unwrap(),
            Enqueued::Stored
        );
        assert_eq!(
            store.enqueue(&item(mb, 1, 10), 100).unwrap(),
            Enqueued::AlreadyQueued
        );
        store.enqueue(&item(mb, 2, 10), 200).unwrap();
        store.enqueue(&item(mb, 3, 10), 300).unwrap();
        assert!(matches!(
            store.enqueue(&item(mb, 4, 10), 300),
            Err(RelayError::Refused(ErrorCode::QuotaExceeded))
        ));
        let (items, more) = store.pending(&mb, 2).unwrap();
        assert_eq!(items.len(), 2);
        assert!(more);
        assert_eq!(items[0].envelope_id, EnvelopeId([1; 16]));
        assert_eq!(store.remove(&mb, &[EnvelopeId([1; 16])]).unwrap(), 1);
        assert_eq!(store.remove(&mb, &[EnvelopeId([1; 16])]).unwrap(), 0);
        assert_eq!(store.expire(250).unwrap(), 1);
        let (items, more) = store.pending(&mb, 10).unwrap();
        assert_eq!(items.len(), 1);
        assert!(!more);
        assert_eq!(items[0].envelope_id, EnvelopeId([3; 16]));
        assert_eq!(store.stats().unwrap().queued_envelopes, 1);
        store.sync().await.unwrap();
    }

    #[test]
    fn one_time_prekeys_are_capped_and_handed_out_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = MailboxStore::open(dir.path(), limits()).unwrap();
        let mb = MailboxId([2; 32]);
        store.publish_prekeys(&mb, &upload(5)).unwrap();
        assert_eq!(store.prekey_counts(&mb).unwrap(), (2, 1));
        let first = store.take_bundle(&mb).unwrap().unwrap();
        let second = store.take_bundle(&mb).unwrap().unwrap();
        let third = store.take_bundle(&mb).unwrap().unwrap();
        assert_ne!(first.one_time, second.one_time);
        assert!(third.one_time.is_none());
        assert_eq!(first.kyber_prekey.id, 10);
        assert_eq!(second.kyber_prekey.id, 2, "falls back to last resort");
        assert!(store.take_bundle(&MailboxId([9; 32])).unwrap().is_none());
    }

    #[test]
    fn identity_keys_are_not_on_disk_in_the_clear() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = MailboxStore::open(dir.path(), limits()).unwrap();
            let mb = MailboxId([3; 32]);
            let mut up = upload(1);
            up.identity_key = b"IDENTITY-CANARY-0123456789abcdefg".to_vec();
            store.publish_prekeys(&mb, &up).unwrap();
            store.db.flush().unwrap();
        }
        for entry in walk(dir.path()) {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(
                !bytes.windows(15).any(|w| w == b"IDENTITY-CANARY"),
                "{entry:?}"
            );
            assert!(!bytes.windows(32).any(|w| w == [3u8; 32]), "{entry:?}");
        }
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
        out
    }
}
