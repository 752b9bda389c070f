//! Power-loss tests: as the kill test (the real `amicus-relay` binary under steady
//! delivering and fetching, SIGKILLed at random moments and restarted on the same data),
//! but with the data directory on a filesystem that forgets every write no fsync covered
//! (`support/lazy_fs.rs`), and a power cut after every kill. SIGKILL alone leaves the
//! kernel's page cache intact and cannot catch a missing or misplaced fsync; this does.
//! Across all cuts: the store opens every time with the same keys, every envelope the
//! relay acknowledged reaches the reader exactly as sent, and no envelope whose deletion
//! the relay acknowledged is ever served again.
//!
//! `AMICUS_POWER_CUTS` sets the number of cuts (100 by default, as CI runs it); the longer
//! run is `AMICUS_POWER_CUTS=1000 cargo test -p amicus-relay --test power_loss --release --
//! --nocapture`. `AMICUS_POWER_SEED` replays a run's moments. Needs `/dev/fuse` and the
//! right to mount (root), as the CI machines have.

#[path = "support/lazy_fs.rs"]
mod lazy_fs;
mod support;

use std::time::Instant;

use lazy_fs::LazyFsControl;
use support::ledger::crash_cycles;

#[test]
fn power_cuts_at_random_moments_lose_nothing_acknowledged() {
    let cuts: u64 = std::env::var("AMICUS_POWER_CUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let seed: u64 = std::env::var("AMICUS_POWER_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0xC0FFEE);
    let dir = tempfile::tempdir().unwrap();
    let mountpoint = dir.path().join("volatile");
    std::fs::create_dir(&mountpoint).unwrap();
    let fs = LazyFsControl::mount(&mountpoint)
        .expect("mounting the test filesystem (needs /dev/fuse and root)");
    let started = Instant::now();
    let l = crash_cycles(dir.path(), &mountpoint.join("relay"), cuts, seed, &|| {
        fs.power_cut()
    });
    let report = fs.report();
    eprintln!(
        "power-loss test: {} power cuts in {:.1} s, {} syncs, {} unsynced writes thrown away, \
         {} envelopes acknowledged, {} received, {} served again after a cut (before their \
         deletion was acknowledged), {} lost, {} violations",
        report.cuts,
        started.elapsed().as_secs_f64(),
        report.syncs,
        report.lost_writes,
        l.acked.len(),
        l.received.len(),
        l.redelivered,
        l.lost().len(),
        l.violations.len()
    );
    assert_eq!(report.cuts, cuts);
    assert!(
        report.lost_writes > 0,
        "no cut ever threw a write away: the test did not test anything"
    );
    l.assert_sound(cuts);
}
