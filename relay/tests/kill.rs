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

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng as _, SeedableRng as _};

use amicus_client::Profile;
use amicus_client::internal::RelayLink;
use amicus_protocol::{DeliverItem, EnvelopeId, MailboxId, RelayPin, Request, Response};
use support::{id_of, number_of, payload_of, registered_reader, start_relay};

#[derive(Default)]
struct Ledger {
    /// Envelope ids the relay acknowledged as durably stored.
    acked: HashSet<u64>,
    /// Envelope ids the reader has received (its durable dedupe set).
    received: HashSet<u64>,
    /// Envelope ids whose deletion the relay acknowledged.
    deleted: HashSet<u64>,
    /// Fetches of an id already received (allowed unless its deletion was acknowledged).
    redelivered: u64,
    violations: Vec<String>,
}

/// Delivers batches of fresh envelopes until aborted; records what was acknowledged.
async fn deliver_loop(
    addr: String,
    pin: RelayPin,
    mailbox: MailboxId,
    next: Arc<Mutex<u64>>,
    ledger: Arc<Mutex<Ledger>>,
) {
    let Ok(link) = RelayLink::connect(&addr, pin).await else {
        return;
    };
    loop {
        let numbers: Vec<u64> = {
            let mut n = next.lock().unwrap();
            let start = *n;
            *n += 8;
            (start..start + 8).collect()
        };
        let items = numbers
            .iter()
            .map(|&n| DeliverItem {
                mailbox,
                envelope_id: id_of(n),
                payload: payload_of(n),
            })
            .collect();
        match link.call_ok(&Request::Deliver { items }).await {
            Ok(Response::Delivered { statuses }) => {
                let mut l = ledger.lock().unwrap();
                for (n, status) in numbers.iter().zip(statuses) {
                    if status.is_ok() {
                        l.acked.insert(*n);
                    }
                }
            }
            _ => return,
        }
    }
}

/// Fetches and acknowledges until aborted (or forever); checks that nothing deleted
/// comes back.
async fn fetch_loop(
    addr: String,
    pin: RelayPin,
    owner: Arc<Profile>,
    ledger: Arc<Mutex<Ledger>>,
    stop_when_empty: bool,
) {
    let Ok(link) = RelayLink::connect(&addr, pin).await else {
        return;
    };
    let Ok(proof) = owner.authentication_proof(&link).await else {
        return;
    };
    if link.call_ok(&proof).await.is_err() {
        return;
    }
    loop {
        let Ok(Response::Envelopes { items, more }) =
            link.call_ok(&Request::Fetch { max: 16 }).await
        else {
            return;
        };
        let ids: Vec<EnvelopeId> = items.iter().map(|e| e.envelope_id).collect();
        {
            let mut l = ledger.lock().unwrap();
            for e in &items {
                let n = number_of(&e.envelope_id);
                if e.payload != payload_of(n) {
                    l.violations.push(format!("envelope {n} came back altered"));
                }
                if l.deleted.contains(&n) {
                    l.violations.push(format!(
                        "envelope {n} was served after its deletion was acknowledged"
                    ));
                }
                if !l.received.insert(n) {
                    l.redelivered += 1;
                }
            }
        }
        if !ids.is_empty() {
            match link.call_ok(&Request::Ack { ids: ids.clone() }).await {
                Ok(Response::Acked { .. }) => {
                    let mut l = ledger.lock().unwrap();
                    l.deleted.extend(ids.iter().map(number_of));
                }
                _ => return,
            }
        } else if stop_when_empty && !more {
            return;
        } else {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
}

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
    let data = dir.path().join("relay");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // A real reader, registered once.
    let (relay, addr, pin) = start_relay(&data, "127.0.0.1:0");
    let reader = runtime.block_on(registered_reader(&dir.path().join("reader"), &addr, pin));
    assert!(reader.is_registered());
    let mailbox = reader.mailbox();
    let reader = Arc::new(reader);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let next = Arc::new(Mutex::new(0u64));
    let mut moments = StdRng::seed_from_u64(seed);
    let started = Instant::now();
    let mut first = Some((relay, addr));

    for cycle in 0..cycles {
        let (mut child, addr) = match first.take() {
            Some(running) => running,
            None => {
                // The store must open after every kill (start_relay waits for the pin,
                // printed only once the store is open).
                let (child, addr, again) = start_relay(&data, "127.0.0.1:0");
                assert_eq!(again, pin, "cycle {cycle}: the relay's keys survived");
                (child, addr)
            }
        };
        let wait_ms = moments.random_range(5..120);
        runtime.block_on(async {
            let sender = tokio::spawn(deliver_loop(
                addr.clone(),
                pin,
                mailbox,
                next.clone(),
                ledger.clone(),
            ));
            let fetcher = tokio::spawn(fetch_loop(
                addr.clone(),
                pin,
                reader.clone(),
                ledger.clone(),
                false,
            ));
            tokio::time::sleep(Duration::from_millis(wait_ms)).await;
            // SIGKILL: no chance to finish anything.
            child.kill().expect("kill");
            sender.abort();
            fetcher.abort();
            let _ = sender.await;
            let _ = fetcher.await;
        });
        child.wait().expect("reaped");
    }

    // Last start: the reader drains everything left.
    let (mut child, addr, _) = start_relay(&data, "127.0.0.1:0");
    runtime.block_on(fetch_loop(addr, pin, reader.clone(), ledger.clone(), true));
    child.kill().expect("kill");
    child.wait().expect("reaped");

    let l = ledger.lock().unwrap();
    let lost: Vec<&u64> = l.acked.difference(&l.received).collect();
    eprintln!(
        "kill test: {cycles} SIGKILL cycles in {:.1} s, {} envelopes acknowledged, {} received, \
         {} served again after a kill (before their deletion was acknowledged), {} lost, {} violations",
        started.elapsed().as_secs_f64(),
        l.acked.len(),
        l.received.len(),
        l.redelivered,
        lost.len(),
        l.violations.len()
    );
    assert!(
        l.violations.is_empty(),
        "{:?}",
        &l.violations[..l.violations.len().min(10)]
    );
    assert!(
        lost.is_empty(),
        "acknowledged but never delivered: {lost:?}"
    );
    assert!(
        l.acked.len() as u64 > cycles,
        "the test delivered too little to mean anything"
    );
}
