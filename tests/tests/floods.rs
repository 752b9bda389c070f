//! Floods: hostile connections hoarding streams with frames they never finish, others
//! sending oversize frames, and a flooder filling a mailbox with junk, all at once, while
//! honest clients keep sending and receiving. Honest traffic must keep flowing with bounded
//! latency, and nothing acknowledged may be lost.
//!
//! Frame bodies are reserved from the buffer budgets only as their bytes arrive, so frame
//! headers alone hold nothing: the second test fills a small relay-wide budget's worth of
//! claims with headers and checks that an honest request is not held up. Holding budget
//! takes sending real bytes (see ARCHITECTURE.md for what remains).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use amicus_client::internal::RelayLink;
use amicus_protocol::limits::MAX_FRAME_LEN;
use amicus_protocol::{DeliverItem, EnvelopeId, ErrorCode, Request, Response};
use support::hostile::{hoard, oversize};
use support::{TestRelay, introduce};

const HOARDERS: usize = 40;
const OVERSIZERS: usize = 10;
const MAILBOX_CAP: u32 = 40;
const HONEST_BRIEFINGS: usize = 10;
/// Generous for a shared 2-core machine; typical sends take a few milliseconds.
const HONEST_LATENCY: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_do_not_starve_honest_clients_or_lose_anything() {
    let flood_started = Instant::now();
    // Default buffer budgets (8 MiB per connection, 512 MiB in all): each hoarder can hold
    // at most its connection's budget, so 40 of them hold 320 MiB and the rest is free.
    // The flooder here is one that holds tokens (or a relay that takes unpaid deliveries):
    // what is tested is the transport's fairness. How far tokens bound a flood is tested in
    // `tokens.rs`.
    let relay = TestRelay::start_with(|c| {
        c.mailbox_max_count = MAILBOX_CAP;
        c.require_tokens = false;
    })
    .await;
    let (mut defender, mut member) = relay.pair().await;
    let mut victim = relay.profile("Victim").await;
    introduce(&mut defender, "defender", &mut victim, "victim");
    let victim_mailbox = victim.p().mailbox();
    let stop = Arc::new(AtomicBool::new(false));
    let mut hostile = Vec::new();

    // Hoarders: every stream promises a full frame, sends a little, and never finishes.
    for _ in 0..HOARDERS {
        let link = RelayLink::connect(&relay.address(), relay.relay().pin)
            .await
            .unwrap();
        hostile.push(hoard(link, stop.clone()));
    }
    // Oversizers: frame headers over the limit, again and again; each gets a clear refusal.
    for _ in 0..OVERSIZERS {
        let link = RelayLink::connect(&relay.address(), relay.relay().pin)
            .await
            .unwrap();
        hostile.push(oversize(link, stop.clone()));
    }
    // A flooder fills the victim's mailbox with junk until the relay says it is full.
    let flooder = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let mut junk = 0u64;
    let mut full = false;
    while !full {
        let items = (0..16)
            .map(|i| {
                let mut id = [0xAB; 16];
                id[..8].copy_from_slice(&(junk + i).to_be_bytes());
                DeliverItem {
                    mailbox: victim_mailbox,
                    envelope_id: EnvelopeId(id),
                    payload: vec![0x5A; 1024],
                }
            })
            .collect();
        junk += 16;
        match flooder.call(&Request::Deliver { items }).await.unwrap() {
            Response::Delivered { statuses } => {
                full = statuses.contains(&Err(ErrorCode::QuotaExceeded));
            }
            Response::Error {
                code: ErrorCode::RateLimited,
                retry_after_ms,
            } => tokio::time::sleep(Duration::from_millis(u64::from(retry_after_ms))).await,
            other => panic!("unexpected answer to the flooder: {other:?}"),
        }
    }

    // Honest traffic, while all of that holds on.
    let mut slowest = Duration::ZERO;
    for i in 0..HONEST_BRIEFINGS {
        let started = Instant::now();
        let report = defender
            .send("member", &format!("honest {i}"), "text")
            .await;
        slowest = slowest.max(started.elapsed());
        assert_eq!(report.delivered, ["member"], "briefing {i} acknowledged");
    }
    let started = Instant::now();
    assert_eq!(member.sync().await.received, HONEST_BRIEFINGS);
    slowest = slowest.max(started.elapsed());
    eprintln!(
        "floods: {HOARDERS} hoarding connections x 16 streams, {OVERSIZERS} oversize senders, \
         {junk} junk envelopes offered to a mailbox capped at {MAILBOX_CAP}; slowest honest \
         operation {:.0} ms",
        slowest.as_secs_f64() * 1000.0
    );
    assert!(
        slowest < HONEST_LATENCY,
        "honest clients were starved: {slowest:?}"
    );
    // All of it happened while the hoarders still held their streams (the relay gives up on
    // an unfinished frame after 30 s, which would free everything).
    assert!(flood_started.elapsed() < Duration::from_secs(25));

    // The full mailbox: a briefing to it waits in the outbox with a clear reason; once its
    // owner fetches (the junk goes to quarantine), the briefing goes through.
    let report = defender.send("victim", "after the flood", "text").await;
    assert_eq!(
        report.waiting,
        [(
            "victim".to_string(),
            amicus_client::WaitReason::Refused(ErrorCode::QuotaExceeded)
        )]
    );
    let drained = victim.sync().await;
    assert_eq!(drained.quarantined, MAILBOX_CAP as usize);
    defender.sync().await;
    victim.sync().await;
    assert_eq!(victim.subjects(), ["after the flood"]);

    stop.store(true, Ordering::SeqCst);
    for task in hostile {
        task.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn frame_headers_alone_hold_no_budget() {
    // A relay-wide budget of two full frames; hoarders claim twenty.
    let relay = TestRelay::start_with(|c| {
        c.connection_buffer_bytes = MAX_FRAME_LEN;
        c.total_buffer_bytes = 2 * MAX_FRAME_LEN;
        // The honest frame is an unpaid `Deliver`: budgets, not payment, are tested here.
        c.require_tokens = false;
    })
    .await;
    let mut links = Vec::new();
    let mut held = Vec::new();
    for _ in 0..10 {
        let link = RelayLink::connect(&relay.address(), relay.relay().pin)
            .await
            .unwrap();
        for _ in 0..2 {
            let (mut send, recv) = link
                .connection()
                .expect("a QUIC link")
                .open_bi()
                .await
                .unwrap();
            send.write_all(&(MAX_FRAME_LEN as u32).to_be_bytes())
                .await
                .unwrap();
            held.push((send, recv));
        }
        links.push(link);
    }
    // An honest request frame of 100 KiB (several budget steps) goes through at once,
    // not after the 30 s frame deadline.
    let honest = RelayLink::connect(&relay.address(), relay.relay().pin)
        .await
        .unwrap();
    let started = Instant::now();
    let answer = honest
        .call(&Request::Deliver {
            items: vec![DeliverItem {
                mailbox: amicus_protocol::MailboxId([9; 32]),
                envelope_id: EnvelopeId([1; 16]),
                payload: vec![0u8; 100 * 1024],
            }],
        })
        .await
        .unwrap();
    assert_eq!(
        answer,
        Response::Delivered {
            statuses: vec![Err(ErrorCode::UnknownRecipient)]
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "held up {:?} by header-only frames",
        started.elapsed()
    );
    drop(held);
    drop(links);
}

/// One address may hold only so many connections at once (the limit applies to loopback
/// here because the test asks; by default loopback is exempt, for a local Tor daemon). A
/// place frees when a connection ends.
#[tokio::test]
async fn one_address_holds_only_so_many_connections() {
    let relay = TestRelay::start_with(|c| {
        c.per_address_limit_loopback = true;
        c.per_address_connections = 2;
    })
    .await;
    let address = relay.address();
    let connect = || RelayLink::connect(&address, relay.relay().pin);
    let first = connect().await.expect("first");
    let _second = connect().await.expect("second");
    assert!(
        connect().await.is_err(),
        "a third from the same address is refused"
    );
    first.close().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if connect().await.is_ok() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the freed place was never given again"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
