//! The profile's local store: sled, with every value sealed by XChaCha20-Poly1305 under a key
//! derived from the profile's master key, and bound (as associated data) to its record key,
//! so a tampered, truncated or swapped record is detected rather than used.
//!
//! Record keys are a namespace byte followed by an id. Ids that would reveal something (a
//! peer's mailbox, an envelope id) are replaced by a keyed hash ([`LocalStore::blind`]), so the
//! store's structure says how many records there are, not whom they concern.
//!
//! Writes are collected in [`Changes`] and applied with [`LocalStore::commit`]: one atomic sled
//! batch, then the durable point (flush + fsync, see `amicus_io::sync_sled`). This is what
//! lets the client decrypt a message (which advances the ratchet) and store it in the inbox
//! as one step: after a crash either both happened or neither did.

pub(crate) mod signal;
pub(crate) mod vault;
pub(crate) mod wipe;

use std::collections::{BTreeMap, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::RngCore as _;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::{ClientError, Result};
use crate::secret::SecretKey;

/// Record namespaces. The byte values are part of the on-disk format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Ns {
    Meta = 1,
    Contact = 2,
    Session = 3,
    Identity = 4,
    PreKey = 5,
    SignedPreKey = 6,
    KyberPreKey = 7,
    BaseKeySeen = 8,
    Inbox = 9,
    Seen = 10,
    Outbox = 11,
    Quarantine = 12,
    /// Mandates held by Centre staff.
    Mandate = 13,
    /// Briefings sent, with their receipts.
    Sent = 14,
    /// Messages decided on but not yet encrypted (receipts, forwarded questions).
    Pending = 15,
    /// Attachment uploads in progress or done but not yet sent.
    Upload = 16,
    /// Briefings written and kept, not yet sealed (see `drafts`).
    Draft = 17,
    /// Attachments received as bytes and sealed into the profile (see `staged`).
    Staged = 18,
    /// Briefings saved as they are typed, not yet sent (see `writing`).
    Writing = 19,
    /// Sending tokens not yet spent (see `flows::tokens`).
    Token = 20,
    /// The token key of each period, as first seen (see `flows::tokens`).
    TokenKey = 21,
}

pub(crate) type Plain = Zeroizing<Vec<u8>>;

/// Pending writes: key -> new value (`None` deletes). Values are plaintext until commit.
#[derive(Default, Clone)]
pub(crate) struct Changes {
    writes: BTreeMap<Vec<u8>, Option<Plain>>,
}

impl Changes {
    pub(crate) fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.writes.insert(key, Some(Zeroizing::new(value)));
    }

    pub(crate) fn remove(&mut self, key: Vec<u8>) {
        self.writes.insert(key, None);
    }

    /// `Some(change)` if this key has a pending change.
    fn get(&self, key: &[u8]) -> Option<Option<&[u8]>> {
        self.writes
            .get(key)
            .map(|v| v.as_ref().map(|p| p.as_slice()))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Adds `other`'s writes; where both change a key, `other` wins.
    pub(crate) fn absorb(&mut self, other: Changes) {
        self.writes.extend(other.writes);
    }
}

pub(crate) struct LocalStore {
    db: sled::Db,
    dir: PathBuf,
    cipher: XChaCha20Poly1305,
    mac_key: SecretKey,
    synced_blobs: Mutex<HashSet<OsString>>,
}

impl LocalStore {
    pub(crate) fn open(dir: &Path, master: &SecretKey) -> Result<Self> {
        let db = sled::Config::new()
            .path(dir)
            .segment_size(8 * 1024 * 1024)
            .cache_capacity(16 * 1024 * 1024)
            .open()?;
        let hk = Hkdf::<Sha256>::new(Some(b"amicus/client/store/v1"), master.expose());
        let mut enc = Zeroizing::new([0u8; 32]);
        let mut mac = Zeroizing::new([0u8; 32]);
        // HKDF-Expand to 32 bytes cannot fail.
        let _ = hk.expand(b"records", enc.as_mut());
        let _ = hk.expand(b"ids", mac.as_mut());
        let mac_key = SecretKey::from_slice(mac.as_mut())
            .ok_or_else(|| ClientError::Corrupt("key derivation".into()))?;
        Ok(LocalStore {
            db,
            dir: dir.to_path_buf(),
            cipher: XChaCha20Poly1305::new(enc.as_ref().into()),
            mac_key,
            synced_blobs: Mutex::new(HashSet::new()),
        })
    }

    /// A record key with a plain id (sequence numbers, prekey ids, fixed names).
    pub(crate) fn key(ns: Ns, id: &[u8]) -> Vec<u8> {
        let mut k = Vec::with_capacity(1 + id.len());
        k.push(ns as u8);
        k.extend_from_slice(id);
        k
    }

    /// A record key whose id is a keyed hash of `logical`, so the key reveals nothing.
    pub(crate) fn blind(&self, ns: Ns, logical: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.mac_key.expose())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(&[ns as u8]);
        mac.update(logical);
        let tag = mac.finalize().into_bytes();
        Self::key(ns, &tag[..20])
    }

    fn seal(&self, key: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 24];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: key,
                },
            )
            .map_err(|_| ClientError::Corrupt("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    fn open_value(&self, key: &[u8], sealed: &[u8]) -> Result<Plain> {
        if sealed.len() < 24 + 16 {
            return Err(ClientError::Corrupt(format!(
                "record in namespace {} is truncated",
                key.first().copied().unwrap_or(0)
            )));
        }
        let (nonce, ct) = sealed.split_at(24);
        self.cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: key })
            .map(Zeroizing::new)
            .map_err(|_| {
                ClientError::Corrupt(format!(
                    "record in namespace {} failed authentication",
                    key.first().copied().unwrap_or(0)
                ))
            })
    }

    pub(crate) fn get(&self, key: &[u8]) -> Result<Option<Plain>> {
        match self.db.get(key)? {
            Some(sealed) => self.open_value(key, &sealed).map(Some),
            None => Ok(None),
        }
    }

    /// Reads through pending changes first.
    pub(crate) fn get_with(&self, changes: &Changes, key: &[u8]) -> Result<Option<Plain>> {
        match changes.get(key) {
            Some(Some(v)) => Ok(Some(Zeroizing::new(v.to_vec()))),
            Some(None) => Ok(None),
            None => self.get(key),
        }
    }

    /// Every record in a namespace, in key order.
    pub(crate) fn scan(&self, ns: Ns) -> Result<Vec<(Vec<u8>, Plain)>> {
        let mut out = Vec::new();
        for entry in self.db.scan_prefix([ns as u8]) {
            let (k, v) = entry?;
            let plain = self.open_value(&k, &v)?;
            out.push((k.to_vec(), plain));
        }
        Ok(out)
    }

    /// A fresh, increasing sequence number (inbox order, outbox order).
    pub(crate) fn next_seq(&self) -> Result<u64> {
        Ok(self.db.generate_id()?)
    }

    /// Applies `changes` atomically and makes them durable before returning.
    pub(crate) fn commit(&self, changes: Changes) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut batch = sled::Batch::default();
        for (key, value) in &changes.writes {
            match value {
                Some(plain) => batch.insert(key.as_slice(), self.seal(key, plain)?),
                None => batch.remove(key.as_slice()),
            }
        }
        self.db.apply_batch(batch)?;
        self.sync()
    }

    /// The durable point: sled flush plus fsync of its files.
    pub(crate) fn sync(&self) -> Result<()> {
        let mut synced = self.synced_blobs.lock().unwrap_or_else(|p| p.into_inner());
        amicus_io::sync_sled(&self.db, &self.dir, &mut synced)
            .map_err(|e| ClientError::Storage(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_sealed_and_bound_to_their_keys() {
        let dir = tempfile::tempdir().unwrap();
        let master = SecretKey::random();
        let store = LocalStore::open(dir.path(), &master).unwrap();
        let a = LocalStore::key(Ns::Inbox, &1u64.to_be_bytes());
        let b = LocalStore::key(Ns::Inbox, &2u64.to_be_bytes());
        let mut changes = Changes::default();
        changes.put(a.clone(), b"first canary message".to_vec());
        changes.put(b.clone(), b"second".to_vec());
        store.commit(changes).unwrap();
        assert_eq!(
            store.get(&a).unwrap().unwrap().as_slice(),
            b"first canary message"
        );

        // Swap the two sealed values: both must now fail authentication.
        let va = store.db.get(&a).unwrap().unwrap();
        let vb = store.db.get(&b).unwrap().unwrap();
        store.db.insert(&a, vb).unwrap();
        store.db.insert(&b, va.clone()).unwrap();
        assert!(matches!(store.get(&a), Err(ClientError::Corrupt(_))));
        // Flip a bit, truncate.
        let mut flipped = va.to_vec();
        flipped[30] ^= 1;
        store.db.insert(&a, flipped).unwrap();
        assert!(matches!(store.get(&a), Err(ClientError::Corrupt(_))));
        store.db.insert(&a, &va[..10]).unwrap();
        assert!(matches!(store.get(&a), Err(ClientError::Corrupt(_))));
        // Another master key opens nothing.
        drop(store);
        let other = LocalStore::open(dir.path(), &SecretKey::random()).unwrap();
        assert!(other.get(&b).is_err());
    }

    #[test]
    fn pending_changes_are_read_through() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path(), &SecretKey::random()).unwrap();
        let k = LocalStore::key(Ns::Meta, b"x");
        let mut changes = Changes::default();
        changes.put(k.clone(), b"v".to_vec());
        assert_eq!(
            store.get_with(&changes, &k).unwrap().unwrap().as_slice(),
            b"v"
        );
        assert!(store.get(&k).unwrap().is_none());
        changes.remove(k.clone());
        assert!(store.get_with(&changes, &k).unwrap().is_none());
    }

    #[test]
    fn blinded_ids_hide_the_logical_id() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::open(dir.path(), &SecretKey::random()).unwrap();
        let k = store.blind(Ns::Contact, b"mailbox-1");
        assert_eq!(k, store.blind(Ns::Contact, b"mailbox-1"));
        assert_ne!(k, store.blind(Ns::Contact, b"mailbox-2"));
        assert!(!k.windows(9).any(|w| w == b"mailbox-1"));
    }
}
