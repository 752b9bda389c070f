//! Converting a layout-1 store (six trees, one multi-tree transaction per envelope) to
//! layout 2 (one tree), at open, before the relay serves anything.
//!
//! Layout 1 kept `identities` (index -> sealed record), `one_time` (index | kind | id ->
//! sealed prekey), `queue` (index | seq -> record), `by_id`, `usage` and `expiry`. Sealed
//! records keep their bytes (layout 2 seals with the same associated data, see
//! [`super::layout`]); queued records keep theirs and their sequence numbers; what `by_id`,
//! `usage` and `expiry` held is rebuilt in memory from the queue at every start.
//!
//! Crash safety: everything is copied and made durable before any old tree is dropped, and
//! the drops are made durable before the store is used. A crash during the copy or the
//! drops leaves old trees behind, and the next start copies them again: the copies land on
//! the same keys, and nothing has been served in between to be undone (no envelope
//! acknowledged or prekey handed out from the new layout while an old tree remains).

use std::collections::HashSet;
use std::path::Path;

use super::layout::{IDENTITY, ONE_TIME, QUEUED, QueuedRecord, prefixed};
use crate::error::RelayError;

const LEGACY_TREES: [&str; 6] = [
    "identities",
    "one_time",
    "queue",
    "by_id",
    "usage",
    "expiry",
];
/// Records written per batch while copying.
const BATCH: usize = 4096;

/// What a conversion carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrated {
    pub mailboxes: u64,
    pub prekeys: u64,
    pub envelopes: u64,
}

/// Converts the layout-1 trees in `db`, if any, into `tree`. `None` when there was
/// nothing to convert.
pub(super) fn from_layout_1(
    db: &sled::Db,
    tree: &sled::Tree,
    dir: &Path,
) -> Result<Option<Migrated>, RelayError> {
    let present: Vec<&str> = LEGACY_TREES
        .into_iter()
        .filter(|name| db.tree_names().iter().any(|t| t == name.as_bytes()))
        .collect();
    if present.is_empty() {
        return Ok(None);
    }
    let mut moved = Migrated {
        mailboxes: 0,
        prekeys: 0,
        envelopes: 0,
    };
    if present.contains(&"identities") {
        moved.mailboxes = copy(&db.open_tree("identities")?, tree, |k, v, batch| {
            batch.insert(prefixed(IDENTITY, &[k]), v);
            Ok(())
        })?;
    }
    if present.contains(&"one_time") {
        moved.prekeys = copy(&db.open_tree("one_time")?, tree, |k, v, batch| {
            batch.insert(prefixed(ONE_TIME, &[k]), v);
            Ok(())
        })?;
    }
    if present.contains(&"queue") {
        moved.envelopes = copy(&db.open_tree("queue")?, tree, |k, v, batch| {
            if k.len() != 40 {
                return Err(RelayError::Corrupt("layout-1 queue key"));
            }
            // Parsed only to refuse a damaged record now rather than at every start.
            QueuedRecord::parse(v)?;
            batch.insert(prefixed(QUEUED, &[k]), v);
            Ok(())
        })?;
    }
    let durable = |what: &str| {
        amicus_io::sync_sled(db, dir, &mut HashSet::new())
            .map_err(|e| RelayError::Durability(format!("{what}: {e}")))
    };
    durable("converting the store to layout 2")?;
    for name in present {
        db.drop_tree(name)?;
    }
    durable("removing the layout-1 trees")?;
    tracing::info!(
        mailboxes = moved.mailboxes,
        prekeys = moved.prekeys,
        envelopes = moved.envelopes,
        "store converted from layout 1 to layout 2"
    );
    Ok(Some(moved))
}

/// Copies every record of `from` into `to` through `each`, in atomic batches; returns how
/// many records were read.
fn copy(
    from: &sled::Tree,
    to: &sled::Tree,
    each: impl Fn(&[u8], &[u8], &mut sled::Batch) -> Result<(), RelayError>,
) -> Result<u64, RelayError> {
    let mut batch = sled::Batch::default();
    let (mut in_batch, mut total) = (0usize, 0u64);
    for entry in from.iter() {
        let (k, v) = entry?;
        each(&k, &v, &mut batch)?;
        in_batch += 1;
        total += 1;
        if in_batch == BATCH {
            to.apply_batch(std::mem::take(&mut batch))?;
            in_batch = 0;
        }
    }
    to.apply_batch(batch)?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use amicus_protocol::{DeliverItem, EnvelopeId, MailboxId};

    use crate::store::{Enqueued, MailboxStorage, MailboxStore, conformance};

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for name in ["db", "conf"] {
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    }

    /// The fixture is a store written by the layout-1 code (see its README): every
    /// mailbox, prekey, envelope and Centre record comes through, and the old trees go.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_store_written_by_layout_1_is_converted_losing_nothing() {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-layout-1");
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture, dir.path());
        let limits = conformance::limits_with(100, 1 << 20, 10);
        {
            let store = MailboxStore::open(dir.path(), limits).unwrap();
            assert_eq!(
                store.migrated,
                Some(super::Migrated {
                    mailboxes: 3,
                    // 3 × (3 EC + 1 Kyber), less the two taken from mailbox 3.
                    prekeys: 10,
                    envelopes: 19,
                })
            );
            for name in super::LEGACY_TREES {
                assert!(!store.db().tree_names().iter().any(|t| t == name.as_bytes()));
            }
            check_fixture_contents(&store);
            // The store goes on: new envelopes queue after the old ones.
            let mb = MailboxId([2; 32]);
            let item = DeliverItem {
                mailbox: mb,
                envelope_id: EnvelopeId([99; 16]),
                payload: vec![99; 10],
            };
            assert_eq!(store.enqueue(&item, 2_000).unwrap(), Enqueued::Stored);
            let (items, _) = store.pending(&mb, 100).unwrap();
            assert_eq!(items.last().unwrap().envelope_id, EnvelopeId([99; 16]));
            store.sync().await.unwrap();
        }
        // Reopened: nothing to convert, same contents.
        let store = MailboxStore::open(dir.path(), limits).unwrap();
        assert_eq!(store.migrated, None);
        check_fixture_contents(&store);
        assert_eq!(store.stats().unwrap().queued_envelopes, 20);
    }

    fn check_fixture_contents(store: &MailboxStore) {
        for m in 1..=3u8 {
            let mb = MailboxId([m; 32]);
            let identity = store.identity(&mb).unwrap().unwrap();
            assert_eq!(identity.identity_key, vec![m; 33]);
            assert_eq!(identity.registration_id, u32::from(m));
            let expected = if m == 3 { (2, 0) } else { (3, 1) };
            assert_eq!(store.prekey_counts(&mb).unwrap(), expected, "mailbox {m}");
            let (items, more) = store.pending(&mb, 100).unwrap();
            assert!(!more);
            let expected: Vec<u8> = (1..=20u8).filter(|n| n % 3 + 1 == m && *n != 5).collect();
            let got: Vec<u8> = items
                .iter()
                .filter(|e| e.envelope_id.0[0] != 99)
                .map(|e| e.envelope_id.0[0])
                .collect();
            assert_eq!(got, expected, "mailbox {m}, in arrival order");
            for e in items.iter().filter(|e| e.envelope_id.0[0] != 99) {
                let n = e.envelope_id.0[0];
                assert_eq!(e.payload, vec![n; 100 + usize::from(n)]);
                assert_eq!(e.received_at, 1_000 + u64::from(n));
            }
        }
        assert_eq!(store.stats().unwrap().mailboxes, 3);
        // The Centre's tree is not the store's to convert: its invitation is still there.
        assert_eq!(store.db().open_tree("centre").unwrap().len(), 1);
    }
}
