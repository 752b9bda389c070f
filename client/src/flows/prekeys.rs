//! Generating our prekeys and the upload the relay serves to people who start sessions with
//! us. One-time keys are replenished when the relay says few are left.

use amicus_protocol::{PrekeyUpload, PublicPrekey, SignedPublicPrekey};
use libsignal_protocol::{
    GenericSignedPreKey as _, IdentityKeyPair, KeyPair, KyberPreKeyRecord, PreKeyRecord,
    SignedPreKeyRecord, Timestamp, kem,
};

use crate::error::{ClientError, Result};
use crate::store::signal::SignalTxn;

/// The signed EC prekey and the last-resort Kyber prekey always have this id.
pub(crate) const LONG_TERM_ID: u32 = 1;
/// One-time ids start above it.
pub(crate) const FIRST_ONE_TIME_ID: u32 = 2;
/// One-time prekeys published at a time.
pub(crate) const EC_BATCH: u32 = 100;
pub(crate) const KYBER_BATCH: u32 = 20;
/// Below this many left on the relay, we publish a new batch.
pub(crate) const REPLENISH_BELOW: u32 = 25;
pub(crate) const KYBER_REPLENISH_BELOW: u32 = 5;

pub(crate) const DEVICE_ID: u8 = 1;

/// Creates the long-term signed prekey and last-resort Kyber prekey, stamped `now_ms`.
pub(crate) fn generate_long_term(
    txn: &SignalTxn<'_>,
    identity: &IdentityKeyPair,
    now_ms: u64,
) -> Result<()> {
    let mut rng = rand::rng();
    let pair = KeyPair::generate(&mut rng);
    let signature = identity
        .private_key()
        .calculate_signature(&pair.public_key.serialize(), &mut rng)
        .map_err(|e| ClientError::Signal(e.to_string()))?;
    let signed = SignedPreKeyRecord::new(
        LONG_TERM_ID.into(),
        Timestamp::from_epoch_millis(now_ms),
        &pair,
        &signature,
    );
    txn.put_signed_prekey(&signed)?;
    let kyber = KyberPreKeyRecord::generate(
        kem::KeyType::Kyber1024,
        LONG_TERM_ID.into(),
        identity.private_key(),
    )?;
    txn.put_kyber_prekey(&kyber, false)?;
    Ok(())
}

/// Generates one-time prekeys with ids from `next_ec` / `next_kyber`, stores the private
/// halves in `txn`, and returns the upload (including the long-term public parts).
pub(crate) fn build_upload(
    txn: &SignalTxn<'_>,
    identity: &IdentityKeyPair,
    registration_id: u32,
    ec_range: std::ops::Range<u32>,
    kyber_range: std::ops::Range<u32>,
) -> Result<PrekeyUpload> {
    let mut rng = rand::rng();
    let mut one_time = Vec::new();
    for id in ec_range {
        let pair = KeyPair::generate(&mut rng);
        txn.put_prekey(&PreKeyRecord::new(id.into(), &pair))?;
        one_time.push(PublicPrekey {
            id,
            public: pair.public_key.serialize().to_vec(),
        });
    }
    let mut kyber_one_time = Vec::new();
    for id in kyber_range {
        let record = KyberPreKeyRecord::generate(
            kem::KeyType::Kyber1024,
            id.into(),
            identity.private_key(),
        )?;
        txn.put_kyber_prekey(&record, true)?;
        kyber_one_time.push(SignedPublicPrekey {
            id,
            public: record.public_key()?.serialize().to_vec(),
            signature: record.signature()?,
        });
    }
    let signed = txn.signed_prekey(LONG_TERM_ID)?;
    let last_resort = txn.kyber_prekey(LONG_TERM_ID)?;
    Ok(PrekeyUpload {
        registration_id,
        device_id: DEVICE_ID,
        identity_key: identity.identity_key().serialize().to_vec(),
        signed_prekey: SignedPublicPrekey {
            id: LONG_TERM_ID,
            public: signed.public_key()?.serialize().to_vec(),
            signature: signed.signature()?,
        },
        last_resort_kyber: SignedPublicPrekey {
            id: LONG_TERM_ID,
            public: last_resort.public_key()?.serialize().to_vec(),
            signature: last_resort.signature()?,
        },
        one_time,
        kyber_one_time,
    })
}
