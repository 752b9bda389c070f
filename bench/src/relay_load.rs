//! Workloads against a real relay: durable ingest from concurrent clients, latency under a
//! fixed offered load (open loop), fetch latency, and growth.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use amicus_client::internal::{RelayLink, client_endpoint};
use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, MailboxId, PrekeyUpload, RelayPin, Request, Response,
    SignedPublicPrekey,
};
use amicus_relay::RelayConfig;
use libsignal_protocol::{IdentityKeyPair, KeyPair, kem};
use rand::{Rng as _, RngCore as _};

use crate::stats::{Samples, rate};

/// Size of a sealed-sender envelope carrying a 1 KiB message.
pub(crate) const ENVELOPE_LEN: usize = 1536;

/// The relay configuration the benchmark uses: defaults, with per-connection rate limits and
/// per-mailbox quotas lifted so that they do not cap what is being measured.
pub(crate) fn bench_config(dir: &Path) -> RelayConfig {
    let mut c = RelayConfig::new(dir, SocketAddr::from(([127, 0, 0, 1], 0)));
    c.rate_burst = 1_000_000;
    c.first_contact_burst = 1_000_000;
    c.rate_per_sec = 1_000_000;
    c.mailbox_max_count = u32::MAX;
    c.mailbox_max_bytes = u64::MAX;
    c.tcp_listen = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    // Ingest is measured on the wire's unpaid `Deliver`: minting a token per envelope for
    // hundreds of thousands of envelopes would time the RSA signer, not the relay. What a
    // token costs (issue, spend) has its own rows.
    c.require_tokens = false;
    // The token rows obtain thousands of tokens for one registered mailbox.
    c.first_contact_tokens_per_period = u32::MAX;
    c
}

/// Registers `n` mailboxes (valid signed prekeys, as a real client would publish).
pub(crate) async fn register(
    addr: SocketAddr,
    pin: RelayPin,
    n: usize,
) -> Vec<(MailboxId, KeyPair)> {
    let link = RelayLink::connect(&addr.to_string(), pin)
        .await
        .expect("connect");
    let mut rng = rand::rng();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let auth = KeyPair::generate(&mut rng);
        let mailbox = link.authenticate(&auth).await.expect("auth");
        let identity = IdentityKeyPair::generate(&mut rng);
        let signed = KeyPair::generate(&mut rng);
        let kyber = kem::KeyPair::generate(kem::KeyType::Kyber1024, &mut rng);
        let sign = |bytes: &[u8]| {
            identity
                .private_key()
                .calculate_signature(bytes, &mut rand::rng())
                .expect("sign")
                .to_vec()
        };
        let upload = PrekeyUpload {
            registration_id: 1,
            device_id: 1,
            identity_key: identity.identity_key().serialize().to_vec(),
            signed_prekey: SignedPublicPrekey {
                id: 1,
                public: signed.public_key.serialize().to_vec(),
                signature: sign(&signed.public_key.serialize()),
            },
            last_resort_kyber: SignedPublicPrekey {
                id: 1,
                public: kyber.public_key.serialize().to_vec(),
                signature: sign(&kyber.public_key.serialize()),
            },
            one_time: vec![],
            kyber_one_time: vec![],
        };
        link.call_ok(&Request::PublishPrekeys(upload))
            .await
            .expect("publish");
        out.push((mailbox, auth));
    }
    link.close().await;
    out
}

fn envelope(mailboxes: &[MailboxId]) -> DeliverItem {
    let mut rng = rand::rng();
    let mut id = [0u8; 16];
    rng.fill_bytes(&mut id);
    let mut payload = vec![0u8; ENVELOPE_LEN];
    rng.fill_bytes(&mut payload);
    DeliverItem {
        mailbox: mailboxes[rng.random_range(0..mailboxes.len())],
        envelope_id: EnvelopeId(id),
        payload,
    }
}

async fn deliver(link: &RelayLink, item: DeliverItem) {
    match link.call(&Request::Deliver { items: vec![item] }).await {
        Ok(Response::Delivered { statuses }) if statuses.iter().all(Result::is_ok) => {}
        other => panic!("delivery not acknowledged: {other:?}"),
    }
}

/// `n` QUIC links to the relay at `addr` through one endpoint.
pub(crate) async fn connect_many(
    endpoint: &quinn::Endpoint,
    addr: SocketAddr,
    pin: RelayPin,
    n: usize,
) -> Vec<RelayLink> {
    let mut links = Vec::with_capacity(n);
    for _ in 0..n {
        links.push(
            RelayLink::connect_on(endpoint, addr, pin)
                .await
                .expect("connect"),
        );
    }
    links
}

/// Runs `work` on every link, one request at a time each, until `duration` has passed;
/// returns requests per second. The links are closed afterwards.
pub(crate) async fn drive<F, Fut>(links: Vec<RelayLink>, duration: Duration, work: F) -> f64
where
    F: Fn(Arc<RelayLink>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let start = Instant::now();
    let deadline = start + duration;
    let tasks: Vec<_> = links
        .into_iter()
        .map(|link| {
            let work = work.clone();
            let link = Arc::new(link);
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    work(link.clone()).await;
                    n += 1;
                }
                if let Ok(link) = Arc::try_unwrap(link) {
                    link.close().await;
                }
                n
            })
        })
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("client task");
    }
    rate(total, start.elapsed())
}

/// `clients` connections each delivering one envelope at a time, waiting for each durable
/// acknowledgement, for `duration`. Returns acknowledged envelopes per second.
pub(crate) async fn ingest(
    addr: SocketAddr,
    pin: RelayPin,
    mailboxes: Arc<Vec<MailboxId>>,
    clients: usize,
    duration: Duration,
) -> f64 {
    let endpoint = client_endpoint(false).expect("endpoint");
    let links = connect_many(&endpoint, addr, pin, clients).await;
    let r = drive(links, duration, move |link| {
        let mailboxes = mailboxes.clone();
        async move { deliver(&link, envelope(&mailboxes)).await }
    })
    .await;
    endpoint.wait_idle().await;
    r
}

/// As [`ingest`], over the TCP route (TLS + HTTP/2 to `addr` and `path`): one connection
/// per client, one HTTP/2 stream per delivery.
pub(crate) async fn ingest_tcp(
    addr: SocketAddr,
    path: &str,
    pin: RelayPin,
    mailboxes: Arc<Vec<MailboxId>>,
    clients: usize,
    duration: Duration,
) -> f64 {
    let mut links = Vec::with_capacity(clients);
    for _ in 0..clients {
        links.push(
            RelayLink::connect_tcp(&addr.to_string(), path, pin)
                .await
                .expect("connect over TCP"),
        );
    }
    drive(links, duration, move |link| {
        let mailboxes = mailboxes.clone();
        async move { deliver(&link, envelope(&mailboxes)).await }
    })
    .await
}

/// `n` sequential small requests (`ServerInfo`) on one link: request latency by route.
pub(crate) async fn request_latency(link: &RelayLink, n: usize) -> Samples {
    let mut samples = Samples::default();
    for _ in 0..n {
        let t = Instant::now();
        link.call_ok(&Request::ServerInfo)
            .await
            .expect("server info");
        samples.push(t.elapsed());
    }
    samples
}

/// The relay's request path without the disk: `clients` connections each delivering, one
/// at a time, envelopes of the same size to mailboxes that do not exist. The relay decodes
/// the frame, checks it, refuses it from memory (`UnknownRecipient`) and answers; nothing is
/// written or synced. Returns answers per second: what the relay's QUIC and request handling
/// allow on this machine before any storage cost.
pub(crate) async fn refused_without_disk(
    addr: SocketAddr,
    pin: RelayPin,
    clients: usize,
    duration: Duration,
) -> f64 {
    let nobody: Arc<Vec<MailboxId>> = Arc::new(
        (0..64u8)
            .map(|i| MailboxId([i.wrapping_add(0x80); 32]))
            .collect(),
    );
    let endpoint = client_endpoint(false).expect("endpoint");
    let links = connect_many(&endpoint, addr, pin, clients).await;
    let r = drive(links, duration, move |link| {
        let nobody = nobody.clone();
        async move {
            let request = Request::Deliver {
                items: vec![envelope(&nobody)],
            };
            match link.call(&request).await {
                Ok(Response::Delivered { statuses })
                    if statuses == [Err(ErrorCode::UnknownRecipient)] => {}
                other => panic!("expected a refusal: {other:?}"),
            }
        }
    })
    .await;
    endpoint.wait_idle().await;
    r
}

/// Open-loop load: envelopes scheduled at `per_sec` over 16 connections for `duration`,
/// latency measured from each envelope's scheduled send time to its acknowledgement. A
/// concurrent owner fetches (without acknowledging) to measure fetch latency under load.
pub(crate) async fn open_loop(
    addr: SocketAddr,
    pin: RelayPin,
    mailboxes: Arc<Vec<MailboxId>>,
    fetcher: &KeyPair,
    per_sec: f64,
    duration: Duration,
) -> (Samples, Samples) {
    let endpoint = client_endpoint(false).expect("endpoint");
    let mut links = Vec::new();
    for _ in 0..16 {
        links.push(Arc::new(
            RelayLink::connect_on(&endpoint, addr, pin)
                .await
                .expect("connect"),
        ));
    }
    let owner = RelayLink::connect_on(&endpoint, addr, pin)
        .await
        .expect("connect");
    owner.authenticate(fetcher).await.expect("auth");
    let send_samples = Arc::new(Mutex::new(Samples::default()));
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let total = (per_sec * duration.as_secs_f64()) as usize;
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let at = start + Duration::from_secs_f64(i as f64 / per_sec);
        let link = links[i % links.len()].clone();
        let mailboxes = mailboxes.clone();
        let samples = send_samples.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at).await;
            deliver(&link, envelope(&mailboxes)).await;
            let latency = tokio::time::Instant::now().saturating_duration_since(at);
            samples.lock().expect("samples").push(latency);
        }));
    }
    let mut fetch_samples = Samples::default();
    let end = start + duration;
    tokio::time::sleep_until(start).await;
    while tokio::time::Instant::now() < end {
        let t = Instant::now();
        owner
            .call_ok(&Request::Fetch { max: 16 })
            .await
            .expect("fetch");
        fetch_samples.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for t in tasks {
        t.await.expect("send task");
    }
    for link in links {
        link.connection()
            .expect("a QUIC link")
            .close(0u32.into(), b"");
    }
    owner
        .connection()
        .expect("a QUIC link")
        .close(0u32.into(), b"");
    endpoint.wait_idle().await;
    let sends = std::mem::take(&mut *send_samples.lock().expect("samples"));
    (sends, fetch_samples)
}

/// Fetch latency for an owner whose mailbox holds envelopes: `n` fetches of 16.
pub(crate) async fn fetch_latency(
    addr: SocketAddr,
    pin: RelayPin,
    owner: &KeyPair,
    n: usize,
) -> Samples {
    let link = RelayLink::connect(&addr.to_string(), pin)
        .await
        .expect("connect");
    link.authenticate(owner).await.expect("auth");
    let mut samples = Samples::default();
    for _ in 0..n {
        let t = Instant::now();
        link.call_ok(&Request::Fetch { max: 16 })
            .await
            .expect("fetch");
        samples.push(t.elapsed());
    }
    link.close().await;
    samples
}

/// Runs `workers` copies of `work` (each given the deadline, returning how many operations
/// it completed) and returns operations per second.
async fn timed_workers<F, Fut>(workers: usize, duration: Duration, work: F) -> f64
where
    F: Fn(Instant) -> Fut,
    Fut: std::future::Future<Output = u64> + Send + 'static,
{
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|_| tokio::spawn(work(start + duration)))
        .collect();
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("worker");
    }
    rate(total, start.elapsed())
}

/// The same durable ingest without the network: `concurrency` tasks calling the relay's
/// request handler directly. Separates storage cost from transport cost.
pub(crate) async fn ingest_without_network(
    service: Arc<amicus_relay::service::Service>,
    mailboxes: Arc<Vec<MailboxId>>,
    concurrency: usize,
    duration: Duration,
) -> f64 {
    timed_workers(concurrency, duration, |deadline| {
        let service = service.clone();
        let mailboxes = mailboxes.clone();
        async move {
            let session = Mutex::new(service.new_session());
            let mut n = 0u64;
            while Instant::now() < deadline {
                let request = Request::Deliver {
                    items: vec![envelope(&mailboxes)],
                };
                match service.handle(&session, request).await {
                    Response::Delivered { statuses } if statuses.iter().all(Result::is_ok) => {}
                    other => panic!("not acknowledged: {other:?}"),
                }
                n += 1;
            }
            n
        }
    })
    .await
}

/// Store inserts alone (the sled transaction over the queue, index, usage and expiry trees),
/// with no durable sync: `concurrency` tasks for `duration`.
pub(crate) async fn inserts_without_sync(
    service: Arc<amicus_relay::service::Service>,
    mailboxes: Arc<Vec<MailboxId>>,
    concurrency: usize,
    duration: Duration,
) -> f64 {
    timed_workers(concurrency, duration, |deadline| {
        let service = service.clone();
        let mailboxes = mailboxes.clone();
        async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                service
                    .mailboxes
                    .enqueue(&envelope(&mailboxes), 1)
                    .expect("enqueue");
                n += 1;
                if n.is_multiple_of(64) {
                    tokio::task::yield_now().await;
                }
            }
            n
        }
    })
    .await
}
