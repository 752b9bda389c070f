//! Sending tokens through the service: what is unpaid is refused, issuance is bounded per
//! mailbox and period, a token is spent once (also across a restart), a refused delivery
//! gives its token back, and the relay's token records name no mailbox.

use super::*;
use amicus_protocol::tokens::{TokenKey, VerifyingKey};

/// The current period's key, as `ServerInfo` publishes it.
async fn current_key(h: &Harness) -> TokenKey {
    match h.call(&h.session(), Request::ServerInfo).await {
        Response::ServerInfo { token_keys, .. } => token_keys.last().unwrap().clone(),
        other => panic!("{other:?}"),
    }
}

/// What an honest client does: blind `n` fresh nonces, ask, unblind. The tokens, and what
/// the relay was shown.
async fn obtain(
    h: &Harness,
    session: &Mutex<Session>,
    n: usize,
) -> Result<(Vec<SpendToken>, Vec<Vec<u8>>, u32), Response> {
    let key = current_key(h).await;
    let public = VerifyingKey::from_spki(&key.public_key).unwrap();
    let nonces: Vec<[u8; 32]> = (0..n).map(|_| rand::random()).collect();
    let blinded: Vec<_> = nonces
        .iter()
        .map(|nonce| public.blind(key.period, nonce).unwrap())
        .collect();
    let shown: Vec<Vec<u8>> = blinded.iter().map(|b| b.message().to_vec()).collect();
    let answer = h
        .call(
            session,
            Request::IssueTokens {
                period: key.period,
                blinded: shown.clone(),
            },
        )
        .await;
    let Response::Tokens {
        blind_signatures,
        remaining,
    } = answer
    else {
        return Err(answer);
    };
    let tokens = blind_signatures
        .iter()
        .zip(blinded.iter().zip(nonces))
        .map(|(signature, (b, nonce))| {
            public
                .finalize(b, key.period, nonce, signature)
                .expect("the relay's signature verifies")
        })
        .collect();
    Ok((tokens, shown, remaining))
}

fn item(to: MailboxId, n: u8) -> DeliverItem {
    DeliverItem {
        mailbox: to,
        envelope_id: EnvelopeId([n; 16]),
        payload: vec![n; 64],
    }
}

fn pay(token: SpendToken, item: DeliverItem) -> Request {
    Request::DeliverPaid {
        items: vec![PaidItem { token, item }],
    }
}

#[tokio::test]
async fn unpaid_or_falsely_paid_requests_store_nothing() {
    let h = harness(|_| {});
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let s = h.session();
    assert_eq!(
        h.call(
            &s,
            Request::Deliver {
                items: vec![item(owner.mailbox, 1)]
            }
        )
        .await,
        refused(ErrorCode::PaymentRequired)
    );
    let create = Request::CreateBlob {
        size: 10,
        upload_hash: [1; 32],
        reader_hashes: vec![[2; 32]],
    };
    assert_eq!(
        h.call(&s, create).await,
        refused(ErrorCode::PaymentRequired)
    );
    // A 100 MiB attachment costs two tokens; one is not enough.
    let short = Request::CreateBlobPaid {
        tokens: h.mint(1),
        size: 100 << 20,
        upload_hash: [1; 32],
        reader_hashes: vec![[2; 32]],
    };
    assert_eq!(h.call(&s, short).await, refused(ErrorCode::PaymentRequired));
    let mut forged = h.mint(1).remove(0);
    forged.nonce[0] ^= 1;
    let answer = h.call(&s, pay(forged, item(owner.mailbox, 2))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::TokenRefused));
    assert!(h.fetch_ids(&mine).await.is_empty());
    assert_eq!(h.service.blobs.count(), 0);
    assert_eq!(h.service.tokens.spent_count(), 0, "refusals spend nothing");
}

#[tokio::test]
async fn issuance_is_bounded_per_mailbox_and_period() {
    let h = harness(|c| {
        c.first_contact_tokens_per_period = 5;
        c.tokens_per_period = 8;
        c.token_period = std::time::Duration::from_secs(86_400);
    });
    // Not registered: nothing to obtain tokens for.
    let stranger = h.authed(&Owner::new()).await;
    assert_eq!(
        obtain(&h, &stranger, 1).await.unwrap_err(),
        refused(ErrorCode::NotRegistered)
    );
    // A first contact: its small allowance, then no more this period.
    let first = h.registered(&Owner::new()).await;
    let (tokens, _, remaining) = obtain(&h, &first, 3).await.unwrap();
    assert_eq!((tokens.len(), remaining), (3, 2));
    let (tokens, _, remaining) = obtain(&h, &first, 3).await.unwrap();
    assert_eq!((tokens.len(), remaining), (2, 0), "only what is left");
    assert_eq!(
        obtain(&h, &first, 1).await.unwrap_err(),
        refused(ErrorCode::TokensExhausted)
    );
    // Enrolled by an invitation: the larger allowance.
    let invited = Owner::new();
    let token = [7u8; 32];
    h.service
        .centre
        .put_invitation(
            &amicus_protocol::invitation::token_hash(&token),
            START_MS / 1000 + 3600,
        )
        .unwrap();
    let enrolled = h.registered(&invited).await;
    assert_eq!(
        h.call(&enrolled, Request::Enrol { token }).await,
        Response::Enrolled
    );
    let (tokens, _, remaining) = obtain(&h, &enrolled, 10).await.unwrap();
    assert_eq!((tokens.len(), remaining), (8, 0));
    // A period that is not the relay's current one is refused.
    let wrong = Request::IssueTokens {
        period: 1,
        blinded: vec![vec![1; amicus_protocol::tokens::TOKEN_SIGNATURE_LEN]],
    };
    assert_eq!(
        h.call(&first, wrong).await,
        refused(ErrorCode::TokenRefused)
    );
    // The next period brings a new allowance under a new key; the count survives a
    // restart within the period (it is durable).
    h.clock.advance_days(1);
    let (tokens, _, remaining) = obtain(&h, &first, 5).await.unwrap();
    assert_eq!((tokens.len(), remaining), (5, 0));
    assert_eq!(
        obtain(&h, &first, 1).await.unwrap_err(),
        refused(ErrorCode::TokensExhausted)
    );
}

#[tokio::test]
async fn a_token_is_spent_once_across_a_restart_and_a_refusal_gives_it_back() {
    let h = harness(|c| c.mailbox_max_count = 1);
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let (mut tokens, _, _) = obtain(&h, &mine, 3).await.unwrap();
    let s = h.session();
    let first = tokens.remove(0);
    assert!(stored(
        &h.call(&s, pay(first.clone(), item(owner.mailbox, 1))).await
    ));
    // The mailbox is full: refused, and the token comes back to be spent later.
    let second = tokens.remove(0);
    let answer = h
        .call(&s, pay(second.clone(), item(owner.mailbox, 2)))
        .await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::QuotaExceeded));
    // A retry of a stored envelope under a new token stores nothing and spends nothing.
    let third = tokens.remove(0);
    assert!(stored(
        &h.call(&s, pay(third.clone(), item(owner.mailbox, 1))).await
    ));
    assert_eq!(h.service.tokens.spent_count(), 1);

    let Harness {
        service,
        clock,
        _dir,
    } = h;
    let config = service.config.clone();
    drop((service, mine));
    let h = Harness {
        service: Service::open_with_clock(config, Arc::new(clock.clone())).unwrap(),
        clock,
        _dir,
    };
    let mine = h.authed(&owner).await;
    let ids = h.fetch_ids(&mine).await;
    assert_eq!(ids.len(), 1);
    h.call(&mine, Request::Ack { ids }).await;
    let s = h.session();
    // Spent before the restart: still spent.
    let answer = h.call(&s, pay(first, item(owner.mailbox, 3))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::TokenSpent));
    // Given back before it: still good, once.
    assert!(stored(
        &h.call(&s, pay(second.clone(), item(owner.mailbox, 4)))
            .await
    ));
    let answer = h.call(&s, pay(second, item(owner.mailbox, 5))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::TokenSpent));
    // A token outlives its period by one period, not more.
    h.clock.advance_days(7);
    h.call(
        &mine,
        Request::Ack {
            ids: h.fetch_ids(&mine).await,
        },
    )
    .await;
    assert!(stored(
        &h.call(&s, pay(third.clone(), item(owner.mailbox, 6))).await
    ));
    h.call(
        &mine,
        Request::Ack {
            ids: h.fetch_ids(&mine).await,
        },
    )
    .await;
    h.clock.advance_days(7);
    let (mut fresh, _, _) = obtain(&h, &mine, 1).await.unwrap();
    let mut stale = fresh.remove(0);
    stale.period -= 2;
    let answer = h.call(&s, pay(stale, item(owner.mailbox, 7))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::TokenRefused));
}

/// Unlinkability, as far as a test can show it: what the relay keeps about spent tokens is
/// the client's nonce and the period, nothing that names the mailbox that obtained them,
/// and nothing it was shown at issuance (the blinded messages) is kept at all.
#[tokio::test]
async fn token_records_name_no_mailbox_and_keep_nothing_shown_at_issuance() {
    let h = harness(|_| {});
    let owner = Owner::new();
    let mine = h.registered(&owner).await;
    let (tokens, shown, _) = obtain(&h, &mine, 4).await.unwrap();
    let recipient = Owner::new();
    h.registered(&recipient).await;
    let s = h.session();
    for (n, token) in tokens.iter().enumerate() {
        let answer = h
            .call(&s, pay(token.clone(), item(recipient.mailbox, n as u8)))
            .await;
        assert!(stored(&answer));
    }
    h.service.sync().await.unwrap();
    let spent = h.service.tokens.spent_records();
    assert_eq!(spent.len(), 4);
    let auth_key = owner.key.public_key.serialize();
    for (key, value) in &spent {
        assert_eq!(key.len(), 40, "period and nonce, nothing more");
        assert!(value.is_empty());
        assert!(!contains(key, &owner.mailbox.0) && !contains(key, &auth_key));
        let nonce = &key[8..];
        assert!(
            tokens.iter().any(|t| t.nonce == nonce),
            "the client's own nonce"
        );
    }
    // Nowhere in the relay's files is a blinded message or a blind signature's input.
    let files = every_file(&h.service.config.data_dir);
    for message in &shown {
        for bytes in &files {
            assert!(
                !contains(bytes, &message[..64]),
                "a blinded message was kept"
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn every_file(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(every_file(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push(bytes);
        }
    }
    out
}

async fn terms(h: &Harness, intake: MailboxId) -> amicus_protocol::work::WorkTerms {
    match h
        .call(&h.session(), Request::WorkTerms { mailbox: intake })
        .await
    {
        Response::WorkTerms(terms) => terms,
        other => panic!("{other:?}"),
    }
}

/// The Centre's intake takes proofs of work instead of tokens; nobody else does. A proof
/// is checked against the current difficulty, which rises with the intake's load and falls
/// back when it passes.
#[tokio::test]
async fn the_intake_takes_work_and_raises_the_price_under_load() {
    let h = harness(|c| {
        c.work_difficulty = 3;
        c.work_memory_kib = 64;
        c.work_busy_per_minute = 2;
    });
    let intake = Owner::new();
    let member = Owner::new();
    h.registered(&intake).await;
    h.registered(&member).await;
    let root = KeyPair::generate(&mut rand::rng());
    let entry = |owner: &Owner, role| RosterEntry {
        name: format!("{role:?}"),
        role,
        mailbox: owner.mailbox,
        identity_key: vec![5; 33],
        term_end: 0,
    };
    let v1 = roster(
        &root,
        1,
        [0; 32],
        vec![entry(&intake, Role::Intake), entry(&member, Role::Member)],
    );
    let s = h.session();
    assert!(matches!(
        h.call(&s, Request::PublishRoster { roster: v1 }).await,
        Response::RosterStored { version: 1 }
    ));
    assert_eq!(
        h.call(
            &s,
            Request::WorkTerms {
                mailbox: member.mailbox
            }
        )
        .await,
        refused(ErrorCode::NotPermitted)
    );
    let first = terms(&h, intake.mailbox).await;
    assert_eq!((first.difficulty, first.memory_kib), (3, 64));
    let worked = |terms: &amicus_protocol::work::WorkTerms, to: MailboxId, n: u8| {
        let item = item(to, n);
        let nonce = amicus_protocol::work::solve(terms, &item, 1 << 16).unwrap();
        amicus_protocol::WorkedItem {
            epoch: terms.epoch,
            nonce,
            item,
        }
    };
    let send = |w: amicus_protocol::WorkedItem| Request::DeliverWorked { items: vec![w] };
    // Work for a member is refused whatever its quality.
    let answer = h.call(&s, send(worked(&first, member.mailbox, 1))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::NotPermitted));
    // A nonce that is not a proof is refused; a proof is stored.
    let mut bad = worked(&first, intake.mailbox, 2);
    bad.nonce = (0..)
        .find(|n| !amicus_protocol::work::check(&first, &bad.item, *n))
        .unwrap();
    let answer = h.call(&s, send(bad)).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::WorkRefused));
    assert!(stored(
        &h.call(&s, send(worked(&first, intake.mailbox, 3))).await
    ));
    assert!(stored(
        &h.call(&s, send(worked(&first, intake.mailbox, 4))).await
    ));
    // Two worked deliveries in a minute: one bit harder.
    let busier = terms(&h, intake.mailbox).await;
    assert_eq!(busier.difficulty, 4);
    // A proof that met the old price only may not meet the new one.
    let cheap = (0u64..)
        .map(|n| {
            let mut w = worked(&first, intake.mailbox, 5);
            w.nonce = w.nonce.wrapping_add(n);
            w
        })
        .find(|w| {
            amicus_protocol::work::check(&first, &w.item, w.nonce)
                && !amicus_protocol::work::check(&busier, &w.item, w.nonce)
        })
        .unwrap();
    let answer = h.call(&s, send(cheap)).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::WorkRefused));
    h.clock.advance_ms(61_000);
    assert_eq!(
        terms(&h, intake.mailbox).await.difficulty,
        3,
        "the load has passed"
    );
    // An hour's seed lasts two hours, not three.
    h.clock.advance_ms(2 * 3_600_000);
    let answer = h.call(&s, send(worked(&first, intake.mailbox, 6))).await;
    assert_eq!(item_refusal(&answer), Some(ErrorCode::WorkRefused));
}
