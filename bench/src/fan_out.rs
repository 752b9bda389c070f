//! One briefing to a country task force: per-recipient sealed-sender envelopes (what Amicus
//! sends) against libsignal's multi-recipient sealed sender v2 over a sender key (what
//! Signal uses for groups), measured side by side in one run: client time and bytes
//! uploaded per briefing. In-memory stores: only the cryptography is measured.

use std::time::{Instant, SystemTime};

use libsignal_protocol::{
    CiphertextMessageType, ContentHint, DeviceId, ProtocolAddress, ServiceId, SessionStore as _,
    UnidentifiedSenderMessageContent, create_sender_key_distribution_message, group_encrypt,
    sealed_sender_encrypt, sealed_sender_multi_recipient_encrypt,
};
use uuid::Uuid;

use crate::client_cost::{sender_certificate, start_session, store};

pub(crate) struct FanOut {
    pub recipients: usize,
    pub per_recipient_ms: f64,
    pub per_recipient_bytes: usize,
    pub multi_ms: f64,
    pub multi_bytes: usize,
}

pub(crate) async fn measure(recipients: usize, rounds: usize, message_len: usize) -> FanOut {
    let mut rng = rand::rng();
    let device = DeviceId::try_from(1u8).expect("device");
    let mut alice = store();
    let alice_addr = ProtocolAddress::new(Uuid::from_u128(1).to_string(), device);
    let mut addrs = Vec::with_capacity(recipients);
    for i in 0..recipients {
        // SSv2 addresses recipients by service id, so the names are UUIDs here.
        let name = Uuid::from_u128(100 + i as u128).to_string();
        addrs.push(start_session(&mut alice, &name).await.1);
    }
    let (_, cert) = sender_certificate(&alice, alice_addr.name()).await;
    let message = vec![0x42u8; message_len];

    let mut bytes = 0;
    let t = Instant::now();
    for _ in 0..rounds {
        for addr in &addrs {
            let sealed = sealed_sender_encrypt(
                addr,
                &cert,
                &message,
                &mut alice.session_store,
                &mut alice.identity_store,
                SystemTime::now(),
                &mut rng,
            )
            .await
            .expect("encrypt");
            bytes += sealed.len();
        }
    }
    let per_recipient_ms = t.elapsed().as_secs_f64() * 1000.0 / rounds as f64;
    let per_recipient_bytes = bytes / rounds;

    // The sender key's distribution message goes to each member once, 1:1, before the
    // first group message; it is set up here outside the timing.
    let distribution = Uuid::from_u128(42);
    create_sender_key_distribution_message(
        &alice_addr,
        distribution,
        &mut alice.sender_key_store,
        &mut rng,
    )
    .await
    .expect("distribution");
    let mut bytes = 0;
    let t = Instant::now();
    for _ in 0..rounds {
        let skm = group_encrypt(
            &mut alice.sender_key_store,
            &alice_addr,
            distribution,
            &message,
            &mut rng,
        )
        .await
        .expect("group encrypt");
        let usmc = UnidentifiedSenderMessageContent::new(
            CiphertextMessageType::SenderKey,
            cert.clone(),
            skm.serialized().to_vec(),
            ContentHint::Default,
            None,
        )
        .expect("usmc");
        let mut sessions = Vec::with_capacity(addrs.len());
        for addr in &addrs {
            sessions.push(
                alice
                    .session_store
                    .load_session(addr)
                    .await
                    .expect("load")
                    .expect("session"),
            );
        }
        let addr_refs: Vec<&ProtocolAddress> = addrs.iter().collect();
        let session_refs: Vec<_> = sessions.iter().collect();
        let sealed = sealed_sender_multi_recipient_encrypt(
            &addr_refs,
            &session_refs,
            Vec::<ServiceId>::new(),
            &usmc,
            &alice.identity_store,
            &mut rng,
        )
        .await
        .expect("multi-recipient encrypt");
        bytes += sealed.len();
    }
    FanOut {
        recipients,
        per_recipient_ms,
        per_recipient_bytes,
        multi_ms: t.elapsed().as_secs_f64() * 1000.0 / rounds as f64,
        multi_bytes: bytes / rounds,
    }
}
