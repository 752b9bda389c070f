//! End-to-end client cost with libsignal itself: PQXDH session set-up, sealed-sender encrypt
//! and decrypt of a 1 KiB message (in-memory stores, so only the cryptography is measured).

use std::time::{Instant, SystemTime};

use libsignal_protocol::{
    DeviceId, GenericSignedPreKey as _, IdentityKeyPair, IdentityKeyStore as _,
    InMemSignalProtocolStore, KeyPair, KyberPreKeyRecord, KyberPreKeyStore as _, PreKeyBundle,
    ProtocolAddress, SenderCertificate, ServerCertificate, SignedPreKeyRecord,
    SignedPreKeyStore as _, Timestamp, kem, process_prekey_bundle, sealed_sender_decrypt,
    sealed_sender_encrypt,
};

pub(crate) struct ClientCost {
    pub session_ms: f64,
    pub encrypt_ms: f64,
    pub decrypt_ms: f64,
    pub envelope_len: usize,
}

pub(crate) fn store() -> InMemSignalProtocolStore {
    let identity = IdentityKeyPair::generate(&mut rand::rng());
    InMemSignalProtocolStore::new(identity, 1).expect("store")
}

pub(crate) async fn bundle(store: &mut InMemSignalProtocolStore) -> PreKeyBundle {
    let mut rng = rand::rng();
    let identity = store.get_identity_key_pair().await.expect("identity");
    let signed = KeyPair::generate(&mut rng);
    let sig = identity
        .private_key()
        .calculate_signature(&signed.public_key.serialize(), &mut rng)
        .expect("sign");
    store
        .save_signed_pre_key(
            1.into(),
            &SignedPreKeyRecord::new(1.into(), Timestamp::from_epoch_millis(0), &signed, &sig),
        )
        .await
        .expect("save");
    let kyber =
        KyberPreKeyRecord::generate(kem::KeyType::Kyber1024, 1.into(), identity.private_key())
            .expect("kyber");
    store
        .save_kyber_pre_key(1.into(), &kyber)
        .await
        .expect("save");
    PreKeyBundle::new(
        1,
        DeviceId::try_from(1u8).expect("device"),
        None,
        1.into(),
        signed.public_key,
        sig.to_vec(),
        1.into(),
        kyber.public_key().expect("kyber public"),
        kyber.signature().expect("kyber signature"),
        *identity.identity_key(),
    )
    .expect("bundle")
}

/// A sealed-sender certificate for `store`'s identity under `name`, chained to a fresh
/// trust root (returned, to validate against).
pub(crate) async fn sender_certificate(
    store: &InMemSignalProtocolStore,
    name: &str,
) -> (KeyPair, SenderCertificate) {
    let mut rng = rand::rng();
    let root = KeyPair::generate(&mut rng);
    let server = KeyPair::generate(&mut rng);
    let server_cert =
        ServerCertificate::new(1, server.public_key, &root.private_key, &mut rng).expect("cert");
    let key = *store
        .get_identity_key_pair()
        .await
        .expect("identity")
        .public_key();
    let cert = SenderCertificate::new(
        name.into(),
        None,
        key,
        DeviceId::try_from(1u8).expect("device"),
        Timestamp::from_epoch_millis(u64::MAX / 2),
        server_cert,
        &server.private_key,
        &mut rng,
    )
    .expect("sender cert");
    (root, cert)
}

/// Alice starts a PQXDH session with a fresh Bob named `name`; returns Bob's store and
/// address.
pub(crate) async fn start_session(
    alice: &mut InMemSignalProtocolStore,
    name: &str,
) -> (InMemSignalProtocolStore, ProtocolAddress) {
    let mut bob = store();
    let b = bundle(&mut bob).await;
    let bob_addr = ProtocolAddress::new(name.into(), DeviceId::try_from(1u8).expect("device"));
    process_prekey_bundle(
        &bob_addr,
        &mut alice.session_store,
        &mut alice.identity_store,
        &b,
        SystemTime::now(),
        &mut rand::rng(),
    )
    .await
    .expect("session");
    (bob, bob_addr)
}

pub(crate) async fn measure(sessions: usize, messages: usize) -> ClientCost {
    let mut rng = rand::rng();
    let device = DeviceId::try_from(1u8).expect("device");
    // Session set-up: fresh bundles, as many first contacts would cost. Bob's key
    // generation is outside the timing: it happens on Bob's device, earlier.
    let mut total = std::time::Duration::ZERO;
    for _ in 0..sessions {
        let mut alice = store();
        let mut bob = store();
        let b = bundle(&mut bob).await;
        let bob_addr = ProtocolAddress::new("bob".into(), device);
        let t = Instant::now();
        process_prekey_bundle(
            &bob_addr,
            &mut alice.session_store,
            &mut alice.identity_store,
            &b,
            SystemTime::now(),
            &mut rng,
        )
        .await
        .expect("session");
        total += t.elapsed();
    }
    let session_ms = total.as_secs_f64() * 1000.0 / sessions as f64;

    // Sealed sender, one session, `messages` messages of 1 KiB.
    let mut alice = store();
    let (mut bob, bob_addr) = start_session(&mut alice, "bob").await;
    let (root, cert) = sender_certificate(&alice, "alice").await;
    let message = vec![0x42u8; 1024];
    let t = Instant::now();
    let mut sealed = Vec::with_capacity(messages);
    for _ in 0..messages {
        sealed.push(
            sealed_sender_encrypt(
                &bob_addr,
                &cert,
                &message,
                &mut alice.session_store,
                &mut alice.identity_store,
                SystemTime::now(),
                &mut rng,
            )
            .await
            .expect("encrypt"),
        );
    }
    let encrypt_ms = t.elapsed().as_secs_f64() * 1000.0 / messages as f64;
    let envelope_len = sealed.last().map(Vec::len).unwrap_or(0);
    let t = Instant::now();
    for ct in &sealed {
        sealed_sender_decrypt(
            ct,
            &root.public_key,
            Timestamp::from_epoch_millis(0),
            None,
            "bob".into(),
            device,
            &mut bob.identity_store,
            &mut bob.session_store,
            &mut bob.pre_key_store,
            &bob.signed_pre_key_store,
            &mut bob.kyber_pre_key_store,
        )
        .await
        .expect("decrypt");
    }
    let decrypt_ms = t.elapsed().as_secs_f64() * 1000.0 / messages as f64;
    ClientCost {
        session_ms,
        encrypt_ms,
        decrypt_ms,
        envelope_len,
    }
}
