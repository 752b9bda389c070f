//! What a crash test delivered, fetched and deleted, and the loops that drive a relay while
//! it is killed or its power cut: shared by the kill and power-loss tests.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use amicus_client::Profile;
use amicus_client::internal::RelayLink;
use amicus_protocol::{DeliverItem, EnvelopeId, ErrorCode, MailboxId, RelayPin, Request, Response};

use super::{id_of, number_of, payload_of};

#[derive(Default)]
pub(crate) struct Ledger {
    /// Envelope ids the relay acknowledged as durably stored.
    pub(crate) acked: HashSet<u64>,
    /// Envelope ids the reader has received (its durable dedupe set).
    pub(crate) received: HashSet<u64>,
    /// Envelope ids whose deletion the relay acknowledged.
    pub(crate) deleted: HashSet<u64>,
    /// Fetches of an id already received (allowed unless its deletion was acknowledged).
    pub(crate) redelivered: u64,
    pub(crate) violations: Vec<String>,
}

/// Delivers batches of fresh envelopes until aborted; records what was acknowledged.
pub(crate) async fn deliver_loop(
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
                    match status {
                        Ok(()) => {
                            l.acked.insert(*n);
                        }
                        // The reader's registration was acknowledged before any delivery:
                        // a relay that no longer knows the mailbox lost a durable write.
                        Err(ErrorCode::UnknownRecipient) => l.violations.push(format!(
                            "envelope {n} refused: the relay forgot the reader's registration"
                        )),
                        Err(_) => {}
                    }
                }
            }
            _ => return,
        }
    }
}

/// Fetches and acknowledges until aborted (or forever); checks that nothing deleted
/// comes back.
pub(crate) async fn fetch_loop(
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

impl Ledger {
    /// Acknowledged envelopes the reader never received.
    pub(crate) fn lost(&self) -> Vec<u64> {
        let mut lost: Vec<u64> = self.acked.difference(&self.received).copied().collect();
        lost.sort_unstable();
        lost
    }
}

/// How a crash test goes: `cycles` times, start the relay binary on `data` (the store must
/// open, with the same keys), deliver and fetch against it, and after a random moment (from
/// a generator seeded with `seed`) SIGKILL it, reap it and call `after_death` (a power cut,
/// for the power-loss test). Then the reader drains what is left. Returns the ledger.
pub(crate) fn crash_cycles(
    root: &std::path::Path,
    data: &std::path::Path,
    cycles: u64,
    seed: u64,
    after_death: &dyn Fn(),
) -> Ledger {
    use rand::rngs::StdRng;
    use rand::{Rng as _, SeedableRng as _};

    use super::{registered_reader, start_relay};

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    // A real reader, registered once, its profile outside whatever is being crashed.
    let (relay, addr, pin) = start_relay(data, "127.0.0.1:0");
    let reader = runtime.block_on(registered_reader(&root.join("reader"), &addr, pin));
    assert!(reader.is_registered());
    let mailbox = reader.mailbox();
    let reader = Arc::new(reader);
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let next = Arc::new(Mutex::new(0u64));
    let mut moments = StdRng::seed_from_u64(seed);
    let mut first = Some((relay, addr));

    for cycle in 0..cycles {
        let (mut child, addr) = match first.take() {
            Some(running) => running,
            None => {
                // The store must open after every crash (start_relay waits for the pin,
                // printed only once the store is open).
                let (child, addr, again) = start_relay(data, "127.0.0.1:0");
                assert_eq!(again, pin, "cycle {cycle}: the relay's keys survived");
                (child, addr)
            }
        };
        let wait_ms = moments.random_range(5..120);
        // One cycle in three has no reader, so that acknowledged envelopes wait on the
        // relay when the crash comes (a reader that drains at once would hide a loss).
        let reading = moments.random_range(0..3) != 0;
        runtime.block_on(async {
            let sender = tokio::spawn(deliver_loop(
                addr.clone(),
                pin,
                mailbox,
                next.clone(),
                ledger.clone(),
            ));
            let fetcher = reading.then(|| {
                tokio::spawn(fetch_loop(
                    addr.clone(),
                    pin,
                    reader.clone(),
                    ledger.clone(),
                    false,
                ))
            });
            tokio::time::sleep(Duration::from_millis(wait_ms)).await;
            // SIGKILL: no chance to finish anything.
            child.kill().expect("kill");
            sender.abort();
            let _ = sender.await;
            if let Some(fetcher) = fetcher {
                fetcher.abort();
                let _ = fetcher.await;
            }
        });
        child.wait().expect("reaped");
        after_death();
    }

    // Last start: the reader drains everything left.
    let (mut child, addr, _) = start_relay(data, "127.0.0.1:0");
    runtime.block_on(fetch_loop(addr, pin, reader.clone(), ledger.clone(), true));
    child.kill().expect("kill");
    child.wait().expect("reaped");
    drop(runtime);
    Arc::try_unwrap(ledger)
        .ok()
        .expect("no task holds the ledger")
        .into_inner()
        .unwrap()
}

impl Ledger {
    /// The test's verdict: no violation, nothing acknowledged lost, enough traffic to mean
    /// something.
    pub(crate) fn assert_sound(&self, cycles: u64) {
        let lost = self.lost();
        assert!(
            self.violations.is_empty(),
            "{:?}",
            &self.violations[..self.violations.len().min(10)]
        );
        assert!(
            lost.is_empty(),
            "acknowledged but never delivered: {lost:?}"
        );
        assert!(
            self.acked.len() as u64 > cycles,
            "the test delivered too little to mean anything"
        );
    }
}
