//! Attachment blobs: ciphertext in one plain file per blob under `attachments/`, and a small
//! metadata record per blob in the sled tree `blobs`.
//!
//! Why files and not sled: a blob is written once, sequentially, and read sequentially.
//! A file takes each byte once (the benchmark measures bytes written per attachment byte);
//! sled would write every value into its log and again when it compacts segments, and it
//! holds large values in memory while it does. The file's length after `fsync` is the
//! durable upload progress, so a resumed upload asks for nothing more.
//!
//! Record (`blobs` tree, key = blob id):
//! `size u64 | complete u8 | expires_at u64 | upload_hash [32] | n u8 | n × (reader_hash [32] | released u8)`
//!
//! Capabilities are stored only as SHA-256 hashes: the store alone does not let anyone
//! upload to, read or release a blob. Nothing here identifies who uploaded or who reads.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use amicus_protocol::limits::MAX_BLOB_READERS;
use amicus_protocol::{BlobId, ErrorCode};
use rand::RngCore as _;
use sha2::{Digest, Sha256};

use crate::error::RelayError;

/// One blob's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobRecord {
    pub size: u64,
    pub complete: bool,
    pub expires_at: u64,
    upload_hash: [u8; 32],
    readers: Vec<([u8; 32], bool)>,
}

impl BlobRecord {
    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(50 + self.readers.len() * 33);
        v.extend_from_slice(&self.size.to_be_bytes());
        v.push(u8::from(self.complete));
        v.extend_from_slice(&self.expires_at.to_be_bytes());
        v.extend_from_slice(&self.upload_hash);
        // At most MAX_BLOB_READERS (64), checked at creation.
        v.push(u8::try_from(self.readers.len()).unwrap_or(u8::MAX));
        for (hash, released) in &self.readers {
            v.extend_from_slice(hash);
            v.push(u8::from(*released));
        }
        v
    }

    /// Decodes a stored record. Total: damaged bytes are an error.
    pub fn decode(raw: &[u8]) -> Result<Self, RelayError> {
        let corrupt = || RelayError::Corrupt("blob record");
        let u64_at = |at: usize| -> Result<u64, RelayError> {
            let bytes = raw.get(at..at + 8).ok_or_else(corrupt)?;
            Ok(u64::from_be_bytes(bytes.try_into().map_err(|_| corrupt())?))
        };
        let size = u64_at(0)?;
        let complete = *raw.get(8).ok_or_else(corrupt)? == 1;
        let expires_at = u64_at(9)?;
        let upload_hash: [u8; 32] = raw
            .get(17..49)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(corrupt)?;
        let n = usize::from(*raw.get(49).ok_or_else(corrupt)?);
        let rest = raw.get(50..).ok_or_else(corrupt)?;
        if rest.len() != n * 33 {
            return Err(corrupt());
        }
        let readers = rest
            .chunks_exact(33)
            .map(|c| {
                let mut hash = [0u8; 32];
                hash.copy_from_slice(&c[..32]);
                (hash, c[32] == 1)
            })
            .collect();
        Ok(BlobRecord {
            size,
            complete,
            expires_at,
            upload_hash,
            readers,
        })
    }

    fn reader_index(&self, token: &[u8; 32]) -> Option<usize> {
        let hash = token_hash(token);
        self.readers.iter().position(|(h, _)| *h == hash)
    }

    fn remaining(&self) -> u16 {
        self.readers
            .iter()
            .filter(|(_, released)| !released)
            .count() as u16
    }
}

/// SHA-256 of a capability token, as stored and as the client sends it at creation.
pub fn token_hash(token: &[u8; 32]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// Limits the blob store enforces.
#[derive(Debug, Clone, Copy)]
pub struct BlobLimits {
    pub max_blob: u64,
    pub max_total: u64,
    pub retention_secs: u64,
    /// How long an unfinished upload keeps its reservation after its last upload request.
    pub reservation_secs: u64,
    /// Most bytes unfinished uploads may reserve at once.
    pub max_pending: u64,
}

pub struct BlobStore {
    dir: PathBuf,
    tree: sled::Tree,
    limits: BlobLimits,
    /// Sum of the declared sizes of every stored blob: the room already promised.
    reserved: Mutex<u64>,
    /// The part of it promised to uploads not finished yet.
    pending: Mutex<u64>,
    /// One lock per blob being written, holding the current upload's generation. A newer
    /// upload of the same blob (the client reconnected) bumps it; the older one stops at
    /// its next write instead of writing over the newer one.
    writers: Mutex<HashMap<BlobId, Arc<tokio::sync::Mutex<u64>>>>,
    /// Uploads running now, per blob: the expiry sweep leaves these blobs alone (a large
    /// file on a slow link may take longer than a reservation).
    active: Arc<Mutex<HashMap<BlobId, usize>>>,
}

/// Marks a blob as being uploaded for as long as it lives.
pub struct ActiveUpload {
    active: Arc<Mutex<HashMap<BlobId, usize>>>,
    blob: BlobId,
}

impl Drop for ActiveUpload {
    fn drop(&mut self) {
        let mut active = lock(&self.active);
        if let Some(n) = active.get_mut(&self.blob) {
            *n -= 1;
            if *n == 0 {
                active.remove(&self.blob);
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn refused(code: ErrorCode) -> RelayError {
    RelayError::Refused(code)
}

impl BlobStore {
    pub fn open(db: &sled::Db, dir: &Path, limits: BlobLimits) -> Result<Self, RelayError> {
        std::fs::create_dir_all(dir).map_err(|e| RelayError::io(dir, e))?;
        let tree = db.open_tree("blobs")?;
        let (mut reserved, mut pending) = (0u64, 0u64);
        for entry in tree.iter() {
            let (_, v) = entry?;
            let record = BlobRecord::decode(&v)?;
            reserved = reserved.saturating_add(record.size);
            if !record.complete {
                pending = pending.saturating_add(record.size);
            }
        }
        Ok(BlobStore {
            dir: dir.to_path_buf(),
            tree,
            limits,
            reserved: Mutex::new(reserved),
            pending: Mutex::new(pending),
            writers: Mutex::new(HashMap::new()),
            active: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    pub fn path(&self, blob: &BlobId) -> PathBuf {
        self.dir.join(format!("{}.blob", blob.to_hex()))
    }

    fn record(&self, blob: &BlobId) -> Result<BlobRecord, RelayError> {
        let raw = self
            .tree
            .get(blob.0)?
            .ok_or(refused(ErrorCode::BlobUnknown))?;
        BlobRecord::decode(&raw)
    }

    /// Bytes promised to stored blobs (for metrics and tests).
    pub fn reserved_bytes(&self) -> u64 {
        *lock(&self.reserved)
    }

    /// Bytes promised to uploads not finished yet.
    pub fn pending_bytes(&self) -> u64 {
        *lock(&self.pending)
    }

    /// Reserves room and writes the record and an empty file. The caller makes it durable
    /// (sled sync) before answering.
    pub fn create(
        &self,
        size: u64,
        upload_hash: [u8; 32],
        reader_hashes: &[[u8; 32]],
        now: u64,
    ) -> Result<(BlobId, u64), RelayError> {
        if size == 0 || reader_hashes.is_empty() || reader_hashes.len() > MAX_BLOB_READERS {
            return Err(refused(ErrorCode::Malformed));
        }
        if size > self.limits.max_blob {
            return Err(refused(ErrorCode::BlobTooLarge));
        }
        let mut reserved = lock(&self.reserved);
        let mut pending = lock(&self.pending);
        let after = reserved.saturating_add(size);
        let pending_after = pending.saturating_add(size);
        if after > self.limits.max_total || pending_after > self.limits.max_pending {
            return Err(refused(ErrorCode::BlobStoreFull));
        }
        let mut id = [0u8; 16];
        rand::rng().fill_bytes(&mut id);
        let blob = BlobId(id);
        // Until the upload finishes, only the short reservation: see `progressed`.
        let expires_at = now.saturating_add(self.reservation_secs());
        let record = BlobRecord {
            size,
            complete: false,
            expires_at,
            upload_hash,
            readers: reader_hashes.iter().map(|h| (*h, false)).collect(),
        };
        let path = self.path(&blob);
        File::create(&path)
            .and_then(|f| f.sync_all())
            .and_then(|()| File::open(&self.dir)?.sync_all())
            .map_err(|e| RelayError::io(&path, e))?;
        self.tree.insert(blob.0, record.encode())?;
        *reserved = after;
        *pending = pending_after;
        Ok((blob, expires_at))
    }

    fn reservation_secs(&self) -> u64 {
        self.limits.reservation_secs.min(self.limits.retention_secs)
    }

    /// Marks `blob` as being uploaded until the returned guard is dropped.
    pub fn uploading(&self, blob: &BlobId) -> ActiveUpload {
        *lock(&self.active).entry(*blob).or_default() += 1;
        ActiveUpload {
            active: self.active.clone(),
            blob: *blob,
        }
    }

    /// An upload request came for an unfinished blob: its reservation runs again from now.
    /// The caller syncs sled with the upload's own durable point.
    pub fn progressed(&self, blob: &BlobId, now: u64) -> Result<(), RelayError> {
        let mut record = self.record(blob)?;
        if record.complete {
            return Ok(());
        }
        record.expires_at = now.saturating_add(self.reservation_secs());
        self.tree.insert(blob.0, record.encode())?;
        Ok(())
    }

    /// The record, if `token` is its upload capability.
    pub fn check_upload(&self, blob: &BlobId, token: &[u8; 32]) -> Result<BlobRecord, RelayError> {
        let record = self.record(blob)?;
        if record.upload_hash != token_hash(token) {
            return Err(refused(ErrorCode::BlobUnknown));
        }
        Ok(record)
    }

    /// The record, if `token` is a read capability that has not been released, and the
    /// upload is finished.
    pub fn check_reader(&self, blob: &BlobId, token: &[u8; 32]) -> Result<BlobRecord, RelayError> {
        let record = self.record(blob)?;
        match record.reader_index(token) {
            Some(i) if !record.readers[i].1 => {}
            _ => return Err(refused(ErrorCode::BlobUnknown)),
        }
        if !record.complete {
            return Err(refused(ErrorCode::BlobIncomplete));
        }
        Ok(record)
    }

    /// The write lock of one blob (see `writers`).
    pub fn writer(&self, blob: &BlobId) -> Arc<tokio::sync::Mutex<u64>> {
        lock(&self.writers).entry(*blob).or_default().clone()
    }

    /// Opens the blob's file for writing.
    /// Opens a blob's file for an upload (read too: a resumed upload reads back the start
    /// of its last, partly written block).
    pub fn open_for_write(&self, blob: &BlobId) -> Result<File, RelayError> {
        let path = self.path(blob);
        OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| RelayError::io(&path, e))
    }

    pub fn open_for_read(&self, blob: &BlobId) -> Result<File, RelayError> {
        let path = self.path(blob);
        File::open(&path).map_err(|e| RelayError::io(&path, e))
    }

    /// Marks the upload finished: from now the blob is kept for the full retention. The
    /// caller syncs sled before answering.
    pub fn mark_complete(&self, blob: &BlobId, now: u64) -> Result<(), RelayError> {
        let mut record = self.record(blob)?;
        if record.complete {
            return Ok(());
        }
        record.complete = true;
        record.expires_at = now.saturating_add(self.limits.retention_secs);
        self.tree.insert(blob.0, record.encode())?;
        let mut pending = lock(&self.pending);
        *pending = pending.saturating_sub(record.size);
        Ok(())
    }

    /// Records that one reader holds the blob; deletes it when none is left. Returns how
    /// many readers remain.
    pub fn release(&self, blob: &BlobId, token: &[u8; 32]) -> Result<u16, RelayError> {
        let mut record = self.check_reader(blob, token)?;
        if let Some(i) = record.reader_index(token) {
            record.readers[i].1 = true;
        }
        let remaining = record.remaining();
        if remaining == 0 {
            self.delete(blob, &record)?;
        } else {
            self.tree.insert(blob.0, record.encode())?;
        }
        Ok(remaining)
    }

    fn delete(&self, blob: &BlobId, record: &BlobRecord) -> Result<(), RelayError> {
        self.tree.remove(blob.0)?;
        let path = self.path(blob);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(RelayError::io(&path, e)),
        }
        lock(&self.writers).remove(blob);
        let mut reserved = lock(&self.reserved);
        *reserved = reserved.saturating_sub(record.size);
        if !record.complete {
            let mut pending = lock(&self.pending);
            *pending = pending.saturating_sub(record.size);
        }
        Ok(())
    }

    /// Deletes blobs past their expiry, fetched or not, and lapsed reservations, except a
    /// blob an upload is writing right now. Returns how many.
    pub fn expire(&self, now: u64) -> Result<u64, RelayError> {
        let mut expired = Vec::new();
        for entry in self.tree.iter() {
            let (k, v) = entry?;
            let record = BlobRecord::decode(&v)?;
            if record.expires_at <= now
                && let Ok(id) = <[u8; 16]>::try_from(&k[..])
            {
                expired.push((BlobId(id), record));
            }
        }
        let mut deleted = 0;
        for (blob, record) in &expired {
            if !lock(&self.active).contains_key(blob) {
                self.delete(blob, record)?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }

    /// Number of stored blobs and files under the directory (for tests and metrics).
    pub fn count(&self) -> usize {
        self.tree.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(max_total: u64) -> (tempfile::TempDir, sled::Db, BlobStore) {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::Config::new().temporary(true).open().unwrap();
        let blobs = BlobStore::open(
            &db,
            &dir.path().join("attachments"),
            BlobLimits {
                max_blob: 1000,
                max_total,
                retention_secs: 60,
                reservation_secs: 20,
                max_pending: max_total,
            },
        )
        .unwrap();
        (dir, db, blobs)
    }

    fn code(e: RelayError) -> ErrorCode {
        e.code()
    }

    #[test]
    fn record_round_trips_and_damage_is_an_error() {
        let r = BlobRecord {
            size: 7,
            complete: true,
            expires_at: 9,
            upload_hash: [1; 32],
            readers: vec![([2; 32], false), ([3; 32], true)],
        };
        let raw = r.encode();
        assert_eq!(BlobRecord::decode(&raw).unwrap(), r);
        for cut in 0..raw.len() {
            assert!(BlobRecord::decode(&raw[..cut]).is_err());
        }
    }

    #[test]
    fn sizes_and_room_are_checked_at_creation() {
        let (_d, _db, blobs) = store(1500);
        let readers = [token_hash(&[9; 32])];
        assert_eq!(
            code(blobs.create(1001, [0; 32], &readers, 0).unwrap_err()),
            ErrorCode::BlobTooLarge
        );
        blobs.create(1000, [0; 32], &readers, 0).unwrap();
        assert_eq!(
            code(blobs.create(501, [0; 32], &readers, 0).unwrap_err()),
            ErrorCode::BlobStoreFull
        );
        blobs.create(500, [0; 32], &readers, 0).unwrap();
        assert_eq!(blobs.reserved_bytes(), 1500);
    }

    #[test]
    fn readers_release_and_the_last_one_deletes() {
        let (_d, _db, blobs) = store(10_000);
        let (a, b) = ([1u8; 32], [2u8; 32]);
        let (blob, _) = blobs
            .create(
                10,
                token_hash(&[5; 32]),
                &[token_hash(&a), token_hash(&b)],
                0,
            )
            .unwrap();
        // Not readable before the upload finished; wrong capabilities look unknown.
        assert_eq!(
            code(blobs.check_reader(&blob, &a).unwrap_err()),
            ErrorCode::BlobIncomplete
        );
        assert_eq!(
            code(blobs.check_upload(&blob, &a).unwrap_err()),
            ErrorCode::BlobUnknown
        );
        blobs.check_upload(&blob, &[5; 32]).unwrap();
        blobs.mark_complete(&blob, 0).unwrap();
        assert_eq!(blobs.release(&blob, &a).unwrap(), 1);
        // A released capability no longer opens the blob.
        assert_eq!(
            code(blobs.check_reader(&blob, &a).unwrap_err()),
            ErrorCode::BlobUnknown
        );
        assert!(blobs.path(&blob).exists());
        assert_eq!(blobs.release(&blob, &b).unwrap(), 0);
        assert!(!blobs.path(&blob).exists());
        assert_eq!(blobs.count(), 0);
        assert_eq!(blobs.reserved_bytes(), 0);
    }

    #[test]
    fn expiry_deletes_and_frees_room() {
        let (_d, _db, blobs) = store(10_000);
        let (blob, expires_at) = blobs
            .create(10, [0; 32], &[token_hash(&[1; 32])], 100)
            .unwrap();
        // Unfinished: only the reservation (20 s here).
        assert_eq!(expires_at, 120);
        blobs.mark_complete(&blob, 110).unwrap();
        // Finished: the full retention from then.
        assert_eq!(blobs.record(&blob).unwrap().expires_at, 170);
        assert_eq!(blobs.expire(169).unwrap(), 0);
        assert_eq!(blobs.expire(170).unwrap(), 1);
        assert!(!blobs.path(&blob).exists());
        assert_eq!(blobs.reserved_bytes(), 0);
    }

    #[test]
    fn a_reservation_that_receives_nothing_lapses_and_one_being_written_does_not() {
        let (_d, _db, blobs) = store(10_000);
        let readers = [token_hash(&[1; 32])];
        let (idle, _) = blobs.create(500, [0; 32], &readers, 100).unwrap();
        let (busy, _) = blobs.create(500, [0; 32], &readers, 100).unwrap();
        let (resumed, _) = blobs.create(500, [0; 32], &readers, 100).unwrap();
        assert_eq!(blobs.pending_bytes(), 1500);
        // A resumed upload's reservation runs again from its last request.
        blobs.progressed(&resumed, 115).unwrap();
        let running = blobs.uploading(&busy);
        assert_eq!(
            blobs.expire(120).unwrap(),
            1,
            "only the idle reservation lapses"
        );
        assert!(blobs.record(&idle).is_err());
        assert!(
            blobs.record(&busy).is_ok(),
            "an upload in progress is left alone"
        );
        assert_eq!(blobs.pending_bytes(), 1000);
        drop(running);
        assert_eq!(blobs.expire(135).unwrap(), 2);
        assert_eq!((blobs.reserved_bytes(), blobs.pending_bytes()), (0, 0));
    }

    #[test]
    fn unfinished_uploads_can_reserve_only_their_share_of_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path().join("db")).unwrap();
        let limits = BlobLimits {
            max_blob: 1000,
            max_total: 3000,
            retention_secs: 60,
            reservation_secs: 20,
            max_pending: 1000,
        };
        let blobs = BlobStore::open(&db, &dir.path().join("blobs"), limits).unwrap();
        let readers = [token_hash(&[1; 32])];
        let (first, _) = blobs.create(1000, [0; 32], &readers, 0).unwrap();
        assert_eq!(
            code(blobs.create(1, [0; 32], &readers, 0).unwrap_err()),
            ErrorCode::BlobStoreFull
        );
        // Finished uploads no longer count against the share.
        blobs.mark_complete(&first, 1).unwrap();
        blobs.create(1000, [0; 32], &readers, 1).unwrap();
        // Counted again after a restart, from the records.
        drop(blobs);
        let blobs = BlobStore::open(&db, &dir.path().join("blobs"), limits).unwrap();
        assert_eq!(
            (blobs.reserved_bytes(), blobs.pending_bytes()),
            (2000, 1000)
        );
    }
}
