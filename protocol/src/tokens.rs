//! Sending tokens: what pays for a `Deliver` or a `CreateBlob` without saying who pays.
//!
//! The Privacy Pass idea (RFC 9576, token type 2 of RFC 9578): an authenticated mailbox asks
//! for a bounded number of tokens per period; the relay signs blinded messages it cannot read
//! (RSABSSA-SHA384-PSS-Deterministic, RFC 9474, 2048-bit keys); later, on a connection that
//! names nobody, the client spends a token as `(period, nonce, signature)`. The relay checks
//! the signature under that period's key and records the nonce as spent. It saw only blinded
//! messages at issuance, so it cannot tell which mailbox obtained the token it is shown.
//!
//! Each period has its own key, published in `ServerInfo`. A token of period `p` is accepted
//! while the relay's current period is `p` or `p + 1`, so a stock fetched late in a period
//! still lasts a whole period.

use blind_rsa_signatures::{
    BlindSignature, BlindingResult, DefaultRng, Deterministic, KeyPair, PSS, PublicKey, SecretKey,
    Sha384, Signature,
};

use crate::codec::{Reader, Writer};
use crate::error::DecodeError;

/// The label that starts every token message (domain separation).
pub const TOKEN_LABEL: &[u8] = b"amicus sending token v1";

/// RSA modulus size of token keys, in bits; a signature is this many bits long.
pub const TOKEN_KEY_BITS: usize = 2048;

/// Length of a token signature (and of a blinded message), in bytes.
pub const TOKEN_SIGNATURE_LEN: usize = TOKEN_KEY_BITS / 8;

/// Most tokens asked for (or spent) in one request.
pub const MAX_TOKEN_BATCH: usize = 64;

/// Largest token public key (DER SubjectPublicKeyInfo of a 2048-bit key is 294 bytes).
pub const MAX_TOKEN_KEY_LEN: usize = 600;

/// Most token keys a `ServerInfo` lists (the current period's and the previous one's).
pub const MAX_TOKEN_KEYS: usize = 4;

/// An attachment costs one token per started this many bytes of ciphertext.
pub const BLOB_BYTES_PER_TOKEN: u64 = 64 * 1024 * 1024;

type TokenPublicKey = PublicKey<Sha384, PSS, Deterministic>;
type TokenSecretKey = SecretKey<Sha384, PSS, Deterministic>;

/// Tokens a `CreateBlob` of `size` ciphertext bytes must carry (at least one).
pub fn blob_cost(size: u64) -> usize {
    usize::try_from(size.div_ceil(BLOB_BYTES_PER_TOKEN).max(1)).unwrap_or(usize::MAX)
}

/// The message a token's signature covers: `TOKEN_LABEL || period (u64 BE) || nonce`.
pub fn token_message(period: u64, nonce: &[u8; 32]) -> Vec<u8> {
    let mut m = Vec::with_capacity(TOKEN_LABEL.len() + 40);
    m.extend_from_slice(TOKEN_LABEL);
    m.extend_from_slice(&period.to_be_bytes());
    m.extend_from_slice(nonce);
    m
}

/// One period's public key, as `ServerInfo` publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    /// The period it signs for: seconds since the Unix epoch divided by the period length.
    pub period: u64,
    /// The RSA public key, DER SubjectPublicKeyInfo (rsaEncryption).
    pub public_key: Vec<u8>,
}

/// A token as spent: the relay checks `signature` over [`token_message`] under `period`'s
/// key and refuses a `nonce` it has seen before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpendToken {
    /// The period whose key signed it.
    pub period: u64,
    /// The client's random nonce; also what the relay records as spent.
    pub nonce: [u8; 32],
    /// The unblinded RSA signature, [`TOKEN_SIGNATURE_LEN`] bytes.
    pub signature: Vec<u8>,
}

impl SpendToken {
    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u64(self.period);
        w.fixed(&self.nonce);
        w.bytes(&self.signature);
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(SpendToken {
            period: r.u64()?,
            nonce: r.fixed()?,
            signature: r.bytes_vec("token_signature", TOKEN_SIGNATURE_LEN)?,
        })
    }

    /// The token as a client keeps it until spent: `version u8 (1) | period | nonce |
    /// signature`, the same fields as on the wire.
    pub fn to_record(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(1);
        self.encode(&mut w);
        w.into_bytes()
    }

    /// Reads [`SpendToken::to_record`]. Total.
    pub fn from_record(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        crate::codec::accept_version(r.u8()?, 1..=1)?;
        let token = Self::decode(&mut r)?;
        r.finish()?;
        Ok(token)
    }

    /// Whether `key` (DER) signed this token. Any malformed key or signature is `false`.
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        key.0
            .verify(
                &Signature(self.signature.clone()),
                None,
                token_message(self.period, &self.nonce),
            )
            .is_ok()
    }
}

/// A period's public key, parsed once.
#[derive(Clone)]
pub struct VerifyingKey(TokenPublicKey);

impl VerifyingKey {
    /// Parses a DER SubjectPublicKeyInfo; only [`TOKEN_KEY_BITS`]-bit keys are accepted.
    pub fn from_spki(der: &[u8]) -> Option<Self> {
        let key = TokenPublicKey::from_spki(der).ok()?;
        (key.components().n().len() == TOKEN_SIGNATURE_LEN).then_some(VerifyingKey(key))
    }

    /// Blinds a fresh token message for this key (client side).
    pub fn blind(&self, period: u64, nonce: &[u8; 32]) -> Option<Blinded> {
        self.0
            .blind(&mut DefaultRng, token_message(period, nonce))
            .ok()
            .map(Blinded)
    }

    /// Unblinds the relay's answer to `blinded` into a token, checking it verifies.
    pub fn finalize(
        &self,
        blinded: &Blinded,
        period: u64,
        nonce: [u8; 32],
        blind_signature: &[u8],
    ) -> Option<SpendToken> {
        let signature = self
            .0
            .finalize(
                &BlindSignature(blind_signature.to_vec()),
                &blinded.0,
                token_message(period, &nonce),
            )
            .ok()?;
        Some(SpendToken {
            period,
            nonce,
            signature: signature.0,
        })
    }
}

/// A blinded token message and the secret factor that unblinds its signature. Held only
/// between asking and receiving; no `Debug`, the secret never leaves the client.
pub struct Blinded(BlindingResult);

impl Blinded {
    /// What goes to the relay.
    pub fn message(&self) -> &[u8] {
        &self.0.blind_message.0
    }
}

impl Drop for Blinded {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0.secret.0);
    }
}

/// A period's signing key (relay side). No `Debug`: the key never reaches a log.
pub struct SigningKey(TokenSecretKey);

impl SigningKey {
    /// A fresh key of [`TOKEN_KEY_BITS`] bits (slow: tens of milliseconds or more).
    pub fn generate() -> Option<Self> {
        KeyPair::<Sha384, PSS, Deterministic>::generate(&mut DefaultRng, TOKEN_KEY_BITS)
            .ok()
            .map(|pair| SigningKey(pair.sk))
    }

    /// The key as kept on disk (PKCS#1 DER).
    pub fn to_der(&self) -> Option<Vec<u8>> {
        self.0.to_der().ok()
    }

    /// A key kept with [`SigningKey::to_der`].
    pub fn from_der(der: &[u8]) -> Option<Self> {
        TokenSecretKey::from_der(der).ok().map(SigningKey)
    }

    /// The public half, DER SubjectPublicKeyInfo as published.
    pub fn public_spki(&self) -> Option<Vec<u8>> {
        self.0.public_key().ok()?.to_spki().ok()
    }

    /// The public half, parsed.
    pub fn verifying_key(&self) -> Option<VerifyingKey> {
        self.0.public_key().ok().map(VerifyingKey)
    }

    /// Signs one blinded message. `None` for a message that is not a valid blinded value.
    pub fn sign_blinded(&self, blinded: &[u8]) -> Option<Vec<u8>> {
        if blinded.len() != TOKEN_SIGNATURE_LEN {
            return None;
        }
        self.0.blind_sign(blinded).ok().map(|s| s.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_issued_blind_verifies_and_nothing_else_does() {
        let key = SigningKey::generate().unwrap();
        let public = VerifyingKey::from_spki(&key.public_spki().unwrap()).unwrap();
        let nonce = [7u8; 32];
        let blinded = public.blind(42, &nonce).unwrap();
        let blind_signature = key.sign_blinded(blinded.message()).unwrap();
        let token = public
            .finalize(&blinded, 42, nonce, &blind_signature)
            .unwrap();
        assert!(token.verify(&public));
        // The relay never saw the message it now verifies.
        assert_ne!(blinded.message(), token.signature.as_slice());
        let mut other_period = token.clone();
        other_period.period = 43;
        assert!(!other_period.verify(&public));
        let mut other_nonce = token.clone();
        other_nonce.nonce[0] ^= 1;
        assert!(!other_nonce.verify(&public));
        let mut short = token.clone();
        short.signature.pop();
        assert!(!short.verify(&public));
        let stranger = SigningKey::generate().unwrap().verifying_key().unwrap();
        assert!(!token.verify(&stranger));
        assert!(key.sign_blinded(&[1, 2, 3]).is_none());
        let der = key.to_der().unwrap();
        assert!(SigningKey::from_der(&der).is_some());
        assert!(VerifyingKey::from_spki(b"not a key").is_none());
    }

    #[test]
    fn a_kept_token_reads_back_and_damage_is_an_error() {
        let token = SpendToken {
            period: 9,
            nonce: [3; 32],
            signature: vec![5; TOKEN_SIGNATURE_LEN],
        };
        let record = token.to_record();
        assert_eq!(SpendToken::from_record(&record).unwrap(), token);
        for cut in 0..record.len() {
            assert!(SpendToken::from_record(&record[..cut]).is_err());
        }
        let mut newer = record.clone();
        newer[0] = 2;
        assert!(SpendToken::from_record(&newer).is_err());
    }

    #[test]
    fn blob_cost_counts_started_units() {
        assert_eq!(blob_cost(0), 1);
        assert_eq!(blob_cost(1), 1);
        assert_eq!(blob_cost(BLOB_BYTES_PER_TOKEN), 1);
        assert_eq!(blob_cost(BLOB_BYTES_PER_TOKEN + 1), 2);
        assert_eq!(blob_cost(1 << 30), 16);
    }
}
