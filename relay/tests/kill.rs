//! Kill tests: the real `amicus-relay` binary under steady delivering and fetching, killed
//! with SIGKILL at random moments and restarted on the same data, cycle after cycle.
//! After every restart the store must open; across all cycles, every envelope the relay
//! acknowledged must reach the reader, and no envelope whose deletion the relay
//! acknowledged may ever be served again.
//!
//! `AMICUS_KILL_CYCLES` sets the number of cycles (200 by default, as CI runs it); the
//! longer run is `AMICUS_KILL_CYCLES=2000 cargo test -p amicus-relay --test kill --release
//! -- --nocapture`. The kill moments come from a seeded generator (`AMICUS_KILL_SEED`), so
//! a failing run can be replayed.

mod support;

use std::time::Instant;

use support::ledger::crash_cycles;

#[test]
fn sigkill_at_random_moments_loses_nothing_acknowledged() {
    let cycles: u64 = std::env::var("AMICUS_KILL_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("AMICUS_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let l = crash_cycles(dir.path(), &dir.path().join("relay"), cycles, seed, &|| {});
    eprintln!(
        "kill test: {cycles} SIGKILL cycles in {:.1} s, {} envelopes acknowledged, {} received, \
         {} served again after a kill (before their deletion was acknowledged), {} lost, {} violations",
        started.elapsed().as_secs_f64(),
        l.acked.len(),
        l.received.len(),
        l.redelivered,
        l.lost().len(),
        l.violations.len()
    );
    l.assert_sound(cycles);
}
