//! The test suite every [`MailboxStorage`] backend must pass (as matrix-rust-sdk runs one
//! store suite against each of its backends). The sled backend runs it in its unit tests;
//! a new backend calls [`run_all`] from its own, with the feature `conformance`.
//!
//! Each check opens the backend on a fresh directory through `open`, so reopening (a
//! restart) is part of the contract: what was synced must be there, quotas included.

use std::path::{Path, PathBuf};

use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, MailboxId, PrekeyUpload, PublicPrekey, SignedPublicPrekey,
};

use super::{Enqueued, MailboxStorage, StoreLimits};
use crate::error::RelayError;

/// Opens a backend on a directory with the given limits.
pub type Open<'a> = &'a dyn Fn(&Path, StoreLimits) -> Result<Box<dyn MailboxStorage>, RelayError>;

pub fn limits_with(count: u32, bytes: u64, prekeys: usize) -> StoreLimits {
    StoreLimits {
        mailbox_max_count: count,
        mailbox_max_bytes: bytes,
        max_one_time_prekeys: prekeys,
        cache_bytes: 8 * 1024 * 1024,
    }
}

/// Three envelopes or 1000 bytes per mailbox, two one-time prekeys of each kind.
pub fn limits() -> StoreLimits {
    limits_with(3, 1000, 2)
}

fn signed(id: u32) -> SignedPublicPrekey {
    SignedPublicPrekey {
        id,
        public: vec![id as u8; 33],
        signature: vec![1; 64],
    }
}

/// A registration with `one_time` EC prekeys and one Kyber prekey (id 10).
pub fn upload(one_time: u32) -> PrekeyUpload {
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

fn ids(store: &dyn MailboxStorage, mailbox: &MailboxId) -> Vec<u8> {
    let (items, _) = store.pending(mailbox, 1000).expect("pending");
    items.iter().map(|e| e.envelope_id.0[0]).collect()
}

fn fresh(root: &Path, name: &str) -> PathBuf {
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).expect("test directory");
    dir
}

/// Runs every check, each in its own directory under `root`.
pub async fn run_all(root: &Path, open: Open<'_>) {
    queue_dedupe_quota_ack_and_expiry(&fresh(root, "queue"), open).await;
    one_time_prekeys_are_capped_and_handed_out_once(&fresh(root, "prekeys"), open);
    what_was_synced_survives_a_reopen(&fresh(root, "reopen"), open).await;
    concurrent_deliveries_never_overshoot_a_quota(&fresh(root, "concurrent"), open);
    expiry_keeps_what_is_recent_across_a_reopen(&fresh(root, "expiry"), open).await;
}

pub async fn queue_dedupe_quota_ack_and_expiry(dir: &Path, open: Open<'_>) {
    let store = open(dir, limits()).expect("open");
    let mb = MailboxId([1; 32]);
    assert!(matches!(
        store.enqueue(&item(mb, 1, 10), 100),
        Err(RelayError::Refused(ErrorCode::UnknownRecipient))
    ));
    store.publish_prekeys(&mb, &upload(5)).expect("publish");
    assert_eq!(
        store.enqueue(&item(mb, 1, 10), 100).expect("enqueue"),
        Enqueued::Stored
    );
    assert_eq!(
        store.enqueue(&item(mb, 1, 10), 100).expect("enqueue"),
        Enqueued::AlreadyQueued
    );
    store.enqueue(&item(mb, 2, 10), 200).expect("enqueue");
    store.enqueue(&item(mb, 3, 10), 300).expect("enqueue");
    assert!(matches!(
        store.enqueue(&item(mb, 4, 10), 300),
        Err(RelayError::Refused(ErrorCode::QuotaExceeded))
    ));
    let (items, more) = store.pending(&mb, 2).expect("pending");
    assert_eq!(items.len(), 2);
    assert!(more);
    assert_eq!(items[0].envelope_id, EnvelopeId([1; 16]));
    assert_eq!(items[0].received_at, 100);
    assert_eq!(items[0].payload, vec![1; 10]);
    // An id named twice in one ack counts once.
    assert_eq!(
        store
            .remove(&mb, &[EnvelopeId([1; 16]), EnvelopeId([1; 16])])
            .expect("remove"),
        1
    );
    assert_eq!(
        store.remove(&mb, &[EnvelopeId([1; 16])]).expect("remove"),
        0
    );
    assert_eq!(store.expire(250).expect("expire"), 1);
    assert_eq!(ids(&*store, &mb), vec![3]);
    let stats = store.stats().expect("stats");
    assert_eq!(
        (stats.mailboxes, stats.queued_envelopes, stats.queued_bytes),
        (1, 1, 10)
    );
    // The byte quota: 990 more bytes do not fit beside the 10 waiting.
    assert!(matches!(
        store.enqueue(&item(mb, 5, 991), 300),
        Err(RelayError::Refused(ErrorCode::QuotaExceeded))
    ));
    store.enqueue(&item(mb, 5, 990), 300).expect("exactly full");
    // An acknowledged id may be delivered again (a new envelope that reuses it).
    store.remove(&mb, &[EnvelopeId([3; 16])]).expect("remove");
    assert_eq!(
        store.enqueue(&item(mb, 3, 10), 400).expect("enqueue"),
        Enqueued::Stored
    );
    assert_eq!(ids(&*store, &mb), vec![5, 3]);
    store.sync().await.expect("sync");
    let counts = store.commit_counts();
    assert!(counts.rounds >= 1 && counts.requests >= counts.rounds);
}

pub fn one_time_prekeys_are_capped_and_handed_out_once(dir: &Path, open: Open<'_>) {
    let store = open(dir, limits()).expect("open");
    let mb = MailboxId([2; 32]);
    store.publish_prekeys(&mb, &upload(5)).expect("publish");
    assert_eq!(store.prekey_counts(&mb).expect("counts"), (2, 1));
    let identity = store.identity(&mb).expect("identity").expect("registered");
    assert_eq!(identity.identity_key, vec![0xAB; 33]);
    let first = store.take_bundle(&mb).expect("bundle").expect("registered");
    let second = store.take_bundle(&mb).expect("bundle").expect("registered");
    let third = store.take_bundle(&mb).expect("bundle").expect("registered");
    assert_ne!(first.one_time, second.one_time);
    assert!(third.one_time.is_none());
    assert_eq!(first.kyber_prekey.id, 10);
    assert_eq!(second.kyber_prekey.id, 2, "falls back to the last resort");
    assert!(
        store
            .take_bundle(&MailboxId([9; 32]))
            .expect("bundle")
            .is_none()
    );
    assert!(
        store
            .identity(&MailboxId([9; 32]))
            .expect("identity")
            .is_none()
    );
    // Publishing again tops up to the cap, never beyond.
    store.publish_prekeys(&mb, &upload(5)).expect("publish");
    assert_eq!(store.prekey_counts(&mb).expect("counts"), (2, 1));
}

pub async fn what_was_synced_survives_a_reopen(dir: &Path, open: Open<'_>) {
    let mb = MailboxId([3; 32]);
    {
        let store = open(dir, limits()).expect("open");
        store.publish_prekeys(&mb, &upload(2)).expect("publish");
        store.take_bundle(&mb).expect("bundle");
        for id in 1..=3 {
            store.enqueue(&item(mb, id, 10), 100).expect("enqueue");
        }
        store.remove(&mb, &[EnvelopeId([2; 16])]).expect("remove");
        store.sync().await.expect("sync");
    }
    let store = open(dir, limits()).expect("reopen");
    assert!(store.identity(&mb).expect("identity").is_some());
    assert_eq!(store.prekey_counts(&mb).expect("counts"), (1, 0));
    assert_eq!(
        ids(&*store, &mb),
        vec![1, 3],
        "the acknowledged one stays gone"
    );
    assert_eq!(store.stats().expect("stats").queued_envelopes, 2);
    assert_eq!(
        store.enqueue(&item(mb, 1, 10), 100).expect("enqueue"),
        Enqueued::AlreadyQueued
    );
    // The quota counts what waited before the restart: one more fits, then no more.
    store.enqueue(&item(mb, 4, 10), 100).expect("enqueue");
    assert!(matches!(
        store.enqueue(&item(mb, 5, 10), 100),
        Err(RelayError::Refused(ErrorCode::QuotaExceeded))
    ));
    assert_eq!(
        ids(&*store, &mb),
        vec![1, 3, 4],
        "new ones queue after old ones"
    );
}

pub fn concurrent_deliveries_never_overshoot_a_quota(dir: &Path, open: Open<'_>) {
    let store = open(dir, limits_with(50, 1 << 20, 2)).expect("open");
    let mb = MailboxId([4; 32]);
    store.publish_prekeys(&mb, &upload(0)).expect("publish");
    let stored = std::sync::atomic::AtomicU32::new(0);
    std::thread::scope(|s| {
        for t in 0..8u8 {
            let (store, stored) = (&store, &stored);
            s.spawn(move || {
                for n in 0..25u8 {
                    let mut it = item(mb, 0, 16);
                    it.envelope_id = EnvelopeId([t * 25 + n; 16]);
                    match store.enqueue(&it, 100) {
                        Ok(Enqueued::Stored) => {
                            stored.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        Err(RelayError::Refused(ErrorCode::QuotaExceeded)) => {}
                        other => panic!("unexpected {other:?}"),
                    }
                }
            });
        }
    });
    assert_eq!(stored.into_inner(), 50);
    assert_eq!(store.stats().expect("stats").queued_envelopes, 50);
    assert_eq!(ids(&*store, &mb).len(), 50);
}

pub async fn expiry_keeps_what_is_recent_across_a_reopen(dir: &Path, open: Open<'_>) {
    let (a, b) = (MailboxId([5; 32]), MailboxId([6; 32]));
    {
        let store = open(dir, limits()).expect("open");
        for mb in [a, b] {
            store.publish_prekeys(&mb, &upload(0)).expect("publish");
        }
        store.enqueue(&item(a, 1, 10), 10).expect("enqueue");
        store.enqueue(&item(a, 2, 10), 50).expect("enqueue");
        store.enqueue(&item(b, 3, 10), 60).expect("enqueue");
        store.sync().await.expect("sync");
    }
    let store = open(dir, limits()).expect("reopen");
    assert_eq!(store.expire(5).expect("expire"), 0);
    assert_eq!(store.expire(55).expect("expire"), 2);
    assert_eq!(ids(&*store, &a), Vec::<u8>::new());
    assert_eq!(ids(&*store, &b), vec![3]);
    assert_eq!(store.expire(55).expect("expire"), 0);
    assert_eq!(store.expire(61).expect("expire"), 1);
    let stats = store.stats().expect("stats");
    assert_eq!((stats.queued_envelopes, stats.queued_bytes), (0, 0));
}
