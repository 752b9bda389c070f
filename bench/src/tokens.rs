//! What a sending token costs: the cryptography alone (client blinding and unblinding, the
//! relay's blind signature and verification), and through a real relay, issuance per token
//! and paid delivery against unpaid delivery, one client, side by side.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use amicus_client::internal::RelayLink;
use amicus_protocol::tokens::{SigningKey, SpendToken, VerifyingKey};
use amicus_protocol::{DeliverItem, EnvelopeId, PaidItem, RelayPin, Request, Response};
use rand::RngCore as _;

pub(crate) struct TokenCost {
    pub keygen_ms: f64,
    pub blind_ms: f64,
    pub sign_ms: f64,
    pub finalize_ms: f64,
    pub verify_ms: f64,
    /// Per token, `IssueTokens` of 64 through the relay, with the client's blinding and
    /// unblinding.
    pub issue_ms: f64,
    /// Envelopes per second, one client, batches of 16, unpaid and paid.
    pub unpaid_per_s: f64,
    pub paid_per_s: f64,
}

fn per(started: Instant, n: usize) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0 / n as f64
}

/// The cryptography alone, `n` of each.
fn crypto(n: usize) -> (f64, f64, f64, f64, f64) {
    let started = Instant::now();
    let key = SigningKey::generate().expect("key");
    let keygen_ms = per(started, 1);
    let public = VerifyingKey::from_spki(&key.public_spki().expect("spki")).expect("key");
    let nonces: Vec<[u8; 32]> = (0..n).map(|_| rand::random()).collect();
    let started = Instant::now();
    let blinded: Vec<_> = nonces
        .iter()
        .map(|nonce| public.blind(1, nonce).expect("blind"))
        .collect();
    let blind_ms = per(started, n);
    let started = Instant::now();
    let signatures: Vec<_> = blinded
        .iter()
        .map(|b| key.sign_blinded(b.message()).expect("sign"))
        .collect();
    let sign_ms = per(started, n);
    let started = Instant::now();
    let tokens: Vec<SpendToken> = blinded
        .iter()
        .zip(&nonces)
        .zip(&signatures)
        .map(|((b, nonce), s)| public.finalize(b, 1, *nonce, s).expect("finalize"))
        .collect();
    let finalize_ms = per(started, n);
    let started = Instant::now();
    assert!(tokens.iter().all(|t| t.verify(&public)));
    let verify_ms = per(started, n);
    (keygen_ms, blind_ms, sign_ms, finalize_ms, verify_ms)
}

/// Tokens for `n` envelopes, obtained through the relay as a client does; the time per token.
async fn obtain(link: &RelayLink, n: usize) -> (Vec<SpendToken>, f64) {
    let Response::ServerInfo { token_keys, .. } =
        link.call_ok(&Request::ServerInfo).await.expect("info")
    else {
        panic!("no server info");
    };
    let key = token_keys.last().expect("a key").clone();
    let public = VerifyingKey::from_spki(&key.public_key).expect("key");
    let mut tokens = Vec::with_capacity(n);
    let started = Instant::now();
    while tokens.len() < n {
        let want = (n - tokens.len()).min(amicus_protocol::tokens::MAX_TOKEN_BATCH);
        let nonces: Vec<[u8; 32]> = (0..want).map(|_| rand::random()).collect();
        let blinded: Vec<_> = nonces
            .iter()
            .map(|nonce| public.blind(key.period, nonce).expect("blind"))
            .collect();
        let request = Request::IssueTokens {
            period: key.period,
            blinded: blinded.iter().map(|b| b.message().to_vec()).collect(),
        };
        let Response::Tokens {
            blind_signatures, ..
        } = link.call_ok(&request).await.expect("issue")
        else {
            panic!("no tokens");
        };
        for ((s, b), nonce) in blind_signatures.iter().zip(&blinded).zip(nonces) {
            tokens.push(public.finalize(b, key.period, nonce, s).expect("finalize"));
        }
    }
    let issue_ms = per(started, n);
    (tokens, issue_ms)
}

fn item(to: amicus_protocol::MailboxId) -> DeliverItem {
    let mut id = [0u8; 16];
    rand::rng().fill_bytes(&mut id);
    DeliverItem {
        mailbox: to,
        envelope_id: EnvelopeId(id),
        payload: vec![0x5A; crate::relay_load::ENVELOPE_LEN],
    }
}

async fn deliver(link: &RelayLink, request: &Request) {
    match link.call_ok(request).await {
        Ok(Response::Delivered { statuses }) if statuses.iter().all(Result::is_ok) => {}
        other => panic!("not stored: {other:?}"),
    }
}

/// Unpaid and paid delivery of `n` envelopes each, alternating batches of 16 so that both
/// see the same machine.
pub(crate) async fn measure(addr: SocketAddr, pin: RelayPin, n: usize) -> TokenCost {
    let (keygen_ms, blind_ms, sign_ms, finalize_ms, verify_ms) = crypto(n.min(256));
    let registered = crate::relay_load::register(addr, pin, 2).await;
    let owner = RelayLink::connect(&addr.to_string(), pin)
        .await
        .expect("connect");
    owner.authenticate(&registered[0].1).await.expect("auth");
    let (tokens, issue_ms) = obtain(&owner, n).await;
    owner.close().await;
    let target = registered[1].0;
    let link = RelayLink::connect(&addr.to_string(), pin)
        .await
        .expect("connect");
    let (mut unpaid, mut paid) = (Duration::ZERO, Duration::ZERO);
    let mut tokens = tokens.into_iter();
    for _ in 0..n.div_ceil(16) {
        let items: Vec<_> = (0..16).map(|_| item(target)).collect();
        let request = Request::Deliver { items };
        let started = Instant::now();
        deliver(&link, &request).await;
        unpaid += started.elapsed();
        let items = (0..16)
            .map_while(|_| {
                tokens.next().map(|token| PaidItem {
                    token,
                    item: item(target),
                })
            })
            .collect::<Vec<_>>();
        let count = items.len();
        let request = Request::DeliverPaid { items };
        let started = Instant::now();
        deliver(&link, &request).await;
        paid += started.elapsed().mul_f64(16.0 / count.max(1) as f64);
    }
    link.close().await;
    let envelopes = (n.div_ceil(16) * 16) as f64;
    TokenCost {
        keygen_ms,
        blind_ms,
        sign_ms,
        finalize_ms,
        verify_ms,
        issue_ms,
        unpaid_per_s: envelopes / unpaid.as_secs_f64(),
        paid_per_s: envelopes / paid.as_secs_f64(),
    }
}

/// The intake's proof of work at the relay's default terms: the sender's search (mean of
/// `solves` searches; each is a geometric draw, so few searches vary widely) and the relay's
/// one check.
pub(crate) struct WorkCost {
    pub difficulty: u8,
    pub memory_kib: u32,
    pub solve_ms: f64,
    pub check_ms: f64,
}

pub(crate) fn work(solves: usize) -> WorkCost {
    use amicus_protocol::work::{WorkTerms, check, solve};
    let defaults = amicus_relay::RelayConfig::new(".", SocketAddr::from(([127, 0, 0, 1], 0)));
    let terms = WorkTerms {
        epoch: 1,
        seed: rand::random(),
        difficulty: defaults.work_difficulty,
        memory_kib: defaults.work_memory_kib,
    };
    let mut found = Vec::with_capacity(solves);
    let started = Instant::now();
    for _ in 0..solves {
        let item = item(amicus_protocol::MailboxId(rand::random()));
        let nonce = solve(&terms, &item, u64::MAX).expect("a proof");
        found.push((item, nonce));
    }
    let solve_ms = per(started, solves);
    let started = Instant::now();
    assert!(
        found
            .iter()
            .all(|(item, nonce)| check(&terms, item, *nonce))
    );
    let check_ms = per(started, solves);
    WorkCost {
        difficulty: terms.difficulty,
        memory_kib: terms.memory_kib,
        solve_ms,
        check_ms,
    }
}
