//! The sled backend of [`MailboxStorage`]: layout 2 (see [`super::layout`]) in one tree,
//! one insert per envelope, what waits indexed in memory ([`super::waiting`]), durability
//! through the shared group commit.
//!
//! The database also holds the Centre's tree and the attachment records; they share this
//! store's durable point ([`MailboxStorage::sync`] syncs the whole database).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use amicus_protocol::message::IdentityRecord;
use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, IncomingEnvelope, MailboxId, PrekeyBundle, PrekeyUpload,
    PublicPrekey, SignedPublicPrekey,
};

use super::layout::{
    IDENTITY, Index, KIND_EC, KIND_KYBER, QUEUED, QueuedRecord, identity_key, index_of,
    one_time_key, one_time_prefix, prefixed, queued_key, sealing_context, seq_of,
};
use super::sealing::{RecordSeal, mailbox_index};
use super::waiting::{Mailboxes, Waiting};
use super::{CommitCounts, Enqueued, MailboxStorage, StoreLimits, StoreStats, SyncFuture, migrate};
use crate::centre_store::CentreStore;
use crate::error::RelayError;
use amicus_io::GroupCommit;

pub struct MailboxStore {
    db: sled::Db,
    tree: sled::Tree,
    waiting: Mailboxes,
    /// The next queue sequence number: above every one on disk, so each mailbox's queue
    /// stays in arrival order across restarts. Taken under the mailbox's stripe lock.
    next_seq: AtomicU64,
    limits: StoreLimits,
    commit: GroupCommit,
    /// Roster, invitations and enrolment (see [`crate::centre_store`]).
    pub centre: CentreStore,
    /// What the opening converted from layout 1, if anything.
    pub migrated: Option<migrate::Migrated>,
}

impl MailboxStore {
    /// Opens (or creates) the store in `dir`, converting a layout-1 store first.
    pub fn open(dir: &Path, limits: StoreLimits) -> Result<Self, RelayError> {
        let db = sled::Config::new()
            .path(dir)
            // Large segments keep envelopes in the main log instead of sled's blob files.
            .segment_size(8 * 1024 * 1024)
            .cache_capacity(limits.cache_bytes)
            .open()?;
        let tree = db.open_tree(super::layout::TREE)?;
        let migrated = migrate::from_layout_1(&db, &tree, dir)?;
        let waiting = Mailboxes::new();
        let mut next_seq = 0u64;
        for entry in tree.scan_prefix([IDENTITY]) {
            let (k, _) = entry?;
            let index = index_of(&k)?;
            waiting.lock(&index).entry(index).or_default().registered = true;
        }
        // A record that cannot be read (or repeats an id already indexed) is left on disk
        // but not indexed: never served, never counted, and it does not stop the relay.
        let mut left_aside = 0u64;
        for entry in tree.scan_prefix([QUEUED]) {
            let (k, v) = entry?;
            // Counted even for a record left aside, so that no new envelope overwrites it.
            if let Ok(seq) = seq_of(&k) {
                next_seq = next_seq.max(seq.saturating_add(1));
            }
            let readable = index_of(&k).and_then(|index| {
                let seq = seq_of(&k)?;
                let record = QueuedRecord::parse(&v)?;
                let len = u32::try_from(record.payload.len())
                    .map_err(|_| RelayError::Corrupt("queued envelope length"))?;
                Ok((index, seq, record.envelope_id.0, record.received_at, len))
            });
            let Ok((index, seq, id, received_at, len)) = readable else {
                left_aside += 1;
                continue;
            };
            let mut stripe = waiting.lock(&index);
            let state = stripe.entry(index).or_default();
            if state.waiting.contains_key(&id) {
                left_aside += 1;
                continue;
            }
            state.add(
                id,
                Waiting {
                    seq,
                    received_at,
                    len,
                },
            );
        }
        if left_aside > 0 {
            tracing::error!(
                records = left_aside,
                "queued records that cannot be read were left aside, unserved"
            );
        }
        let commit = GroupCommit::start(db.clone(), dir.to_path_buf());
        Ok(MailboxStore {
            centre: CentreStore::open(&db)?,
            db,
            tree,
            waiting,
            next_seq: AtomicU64::new(next_seq),
            limits,
            commit,
            migrated,
        })
    }

    /// The database, for stores that keep their own trees in it (attachment metadata).
    pub fn db(&self) -> &sled::Db {
        &self.db
    }

    /// Removes and returns the first one-time prekey of `kind`, exactly once even under
    /// concurrent fetches (a removal that finds the key gone moves on to the next).
    fn pop_one_time(
        &self,
        index: &Index,
        seal: &RecordSeal,
        kind: u8,
    ) -> Result<Option<Vec<u8>>, RelayError> {
        for entry in self.tree.scan_prefix(one_time_prefix(index, kind)) {
            let (k, _) = entry?;
            if let Some(sealed) = self.tree.remove(&k)? {
                return seal.open(sealing_context(&k), &sealed).map(Some);
            }
        }
        Ok(None)
    }

    fn count_prefix(&self, prefix: Vec<u8>) -> Result<u32, RelayError> {
        let mut n = 0u32;
        for entry in self.tree.scan_prefix(prefix) {
            entry?;
            n += 1;
        }
        Ok(n)
    }
}

impl MailboxStorage for MailboxStore {
    fn publish_prekeys(
        &self,
        mailbox: &MailboxId,
        upload: &PrekeyUpload,
    ) -> Result<(), RelayError> {
        let index = mailbox_index(mailbox);
        let seal = RecordSeal::of(mailbox);
        let key = identity_key(&index);
        let record = upload.identity_record().to_bytes();
        self.tree
            .insert(&key, seal.seal(sealing_context(&key), &record)?)?;
        self.waiting
            .lock(&index)
            .entry(index)
            .or_default()
            .registered = true;
        let (mut ec, mut kyber) = self.prekey_counts(mailbox)?;
        let cap = self.limits.max_one_time_prekeys;
        for prekey in &upload.one_time {
            if ec as usize >= cap {
                break;
            }
            let k = one_time_key(&index, KIND_EC, prekey.id);
            let mut w = prekey.id.to_be_bytes().to_vec();
            w.extend_from_slice(&prekey.public);
            if self
                .tree
                .insert(&k, seal.seal(sealing_context(&k), &w)?)?
                .is_none()
            {
                ec += 1;
            }
        }
        for prekey in &upload.kyber_one_time {
            if kyber as usize >= cap {
                break;
            }
            let k = one_time_key(&index, KIND_KYBER, prekey.id);
            let sealed = seal.seal(sealing_context(&k), &prekey.to_bytes())?;
            if self.tree.insert(&k, sealed)?.is_none() {
                kyber += 1;
            }
        }
        Ok(())
    }

    fn identity(&self, mailbox: &MailboxId) -> Result<Option<IdentityRecord>, RelayError> {
        let key = identity_key(&mailbox_index(mailbox));
        let Some(sealed) = self.tree.get(&key)? else {
            return Ok(None);
        };
        let plain = RecordSeal::of(mailbox).open(sealing_context(&key), &sealed)?;
        IdentityRecord::from_bytes(&plain)
            .map(Some)
            .map_err(|_| RelayError::Corrupt("identity record"))
    }

    fn prekey_counts(&self, mailbox: &MailboxId) -> Result<(u32, u32), RelayError> {
        let index = mailbox_index(mailbox);
        Ok((
            self.count_prefix(one_time_prefix(&index, KIND_EC))?,
            self.count_prefix(one_time_prefix(&index, KIND_KYBER))?,
        ))
    }

    fn take_bundle(&self, mailbox: &MailboxId) -> Result<Option<PrekeyBundle>, RelayError> {
        let Some(identity) = self.identity(mailbox)? else {
            return Ok(None);
        };
        let index = mailbox_index(mailbox);
        let seal = RecordSeal::of(mailbox);
        let one_time = match self.pop_one_time(&index, &seal, KIND_EC)? {
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
        let kyber_prekey = match self.pop_one_time(&index, &seal, KIND_KYBER)? {
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

    fn enqueue(&self, item: &DeliverItem, now: u64) -> Result<Enqueued, RelayError> {
        let index = mailbox_index(&item.mailbox);
        let len = u32::try_from(item.payload.len())
            .map_err(|_| RelayError::Refused(ErrorCode::EnvelopeTooLarge))?;
        let mut stripe = self.waiting.lock(&index);
        let Some(state) = stripe.get_mut(&index).filter(|s| s.registered) else {
            return Err(RelayError::Refused(ErrorCode::UnknownRecipient));
        };
        if state.waiting.contains_key(&item.envelope_id.0) {
            return Ok(Enqueued::AlreadyQueued);
        }
        if state.waiting.len() >= self.limits.mailbox_max_count as usize
            || state.bytes.saturating_add(u64::from(len)) > self.limits.mailbox_max_bytes
        {
            return Err(RelayError::Refused(ErrorCode::QuotaExceeded));
        }
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        self.tree.insert(
            queued_key(&index, seq),
            QueuedRecord::encode(&item.envelope_id, now, &item.payload),
        )?;
        state.add(
            item.envelope_id.0,
            Waiting {
                seq,
                received_at: now,
                len,
            },
        );
        Ok(Enqueued::Stored)
    }

    fn pending(
        &self,
        mailbox: &MailboxId,
        max: usize,
    ) -> Result<(Vec<IncomingEnvelope>, bool), RelayError> {
        let index = mailbox_index(mailbox);
        let mut items = Vec::new();
        for entry in self.tree.scan_prefix(prefixed(QUEUED, &[&index])) {
            let (k, raw) = entry?;
            // Only what the index holds is served: what is served can be acknowledged.
            let indexed =
                seq_of(&k)
                    .ok()
                    .zip(QueuedRecord::parse(&raw).ok())
                    .filter(|(seq, record)| {
                        self.waiting
                            .lock(&index)
                            .get(&index)
                            .and_then(|state| state.waiting.get(&record.envelope_id.0))
                            .is_some_and(|w| w.seq == *seq)
                    });
            let Some((_, record)) = indexed else {
                continue;
            };
            if items.len() == max {
                return Ok((items, true));
            }
            items.push(IncomingEnvelope {
                envelope_id: record.envelope_id,
                received_at: record.received_at,
                payload: record.payload.to_vec(),
            });
        }
        Ok((items, false))
    }

    fn remove(&self, mailbox: &MailboxId, ids: &[EnvelopeId]) -> Result<u32, RelayError> {
        let index = mailbox_index(mailbox);
        let mut stripe = self.waiting.lock(&index);
        let Some(state) = stripe.get_mut(&index) else {
            return Ok(0);
        };
        let mut removed = 0;
        for id in ids {
            let Some(&entry) = state.waiting.get(&id.0) else {
                continue;
            };
            // Disk first: if the removal fails, the envelope is still waiting, and says so.
            self.tree.remove(queued_key(&index, entry.seq))?;
            state.take(&id.0);
            removed += 1;
        }
        Ok(removed)
    }

    fn expire(&self, cutoff: u64) -> Result<u64, RelayError> {
        let mut deleted = 0;
        for mut stripe in self.waiting.stripes() {
            for (index, state) in stripe.iter_mut() {
                let old: Vec<([u8; 16], u64)> = state
                    .waiting
                    .iter()
                    .filter(|(_, w)| w.received_at < cutoff)
                    .map(|(id, w)| (*id, w.seq))
                    .collect();
                for (id, seq) in old {
                    self.tree.remove(queued_key(index, seq))?;
                    state.take(&id);
                    deleted += 1;
                }
            }
        }
        Ok(deleted)
    }

    fn stats(&self) -> Result<StoreStats, RelayError> {
        let (mailboxes, queued_envelopes, queued_bytes) = self.waiting.totals();
        Ok(StoreStats {
            mailboxes,
            queued_envelopes,
            queued_bytes,
        })
    }

    fn sync(&self) -> SyncFuture<'_> {
        Box::pin(async move { self.commit.sync().await.map_err(RelayError::Durability) })
    }

    fn commit_counts(&self) -> CommitCounts {
        let (rounds, requests) = self.commit.counts();
        CommitCounts { rounds, requests }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::conformance;

    fn open(dir: &Path, limits: StoreLimits) -> Result<Box<dyn MailboxStorage>, RelayError> {
        Ok(Box::new(MailboxStore::open(dir, limits)?))
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn passes_the_conformance_suite() {
        let dir = tempfile::tempdir().unwrap();
        conformance::run_all(dir.path(), &open).await;
    }

    #[test]
    fn identity_keys_and_mailbox_ids_are_not_on_disk_in_the_clear() {
        let dir = tempfile::tempdir().unwrap();
        let mb = MailboxId([3; 32]);
        {
            let store = MailboxStore::open(dir.path(), conformance::limits()).unwrap();
            let mut up = conformance::upload(1);
            up.identity_key = b"IDENTITY-CANARY-0123456789abcdefg".to_vec();
            store.publish_prekeys(&mb, &up).unwrap();
            store
                .enqueue(
                    &DeliverItem {
                        mailbox: mb,
                        envelope_id: EnvelopeId([4; 16]),
                        payload: vec![5; 40],
                    },
                    1,
                )
                .unwrap();
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

    /// A damaged record and a repeated id (which only a damaged disk or a bug could write)
    /// neither stop the store from opening nor get served.
    #[tokio::test(flavor = "multi_thread")]
    async fn unreadable_records_are_left_aside_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let mb = MailboxId([6; 32]);
        let index = mailbox_index(&mb);
        {
            let store = MailboxStore::open(dir.path(), conformance::limits()).unwrap();
            store.publish_prekeys(&mb, &conformance::upload(0)).unwrap();
            let item = DeliverItem {
                mailbox: mb,
                envelope_id: EnvelopeId([1; 16]),
                payload: vec![1; 10],
            };
            store.enqueue(&item, 5).unwrap();
            store
                .tree
                .insert(queued_key(&index, 100), &[0u8; 7][..])
                .unwrap();
            let repeat = QueuedRecord::encode(&EnvelopeId([1; 16]), 6, b"again");
            store.tree.insert(queued_key(&index, 101), repeat).unwrap();
            store.sync().await.unwrap();
        }
        let store = MailboxStore::open(dir.path(), conformance::limits()).unwrap();
        let (items, more) = store.pending(&mb, 10).unwrap();
        assert!(!more);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].payload, vec![1; 10]);
        assert_eq!(store.stats().unwrap().queued_envelopes, 1);
        assert_eq!(store.remove(&mb, &[EnvelopeId([1; 16])]).unwrap(), 1);
        assert!(store.pending(&mb, 10).unwrap().0.is_empty());
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
