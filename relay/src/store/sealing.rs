//! The one-way mailbox index that keys every record, and the sealing of published keys.
//!
//! Someone holding only the relay's disk learns how many mailboxes and envelopes there
//! are, their sizes and arrival times, but not which identity keys are registered nor
//! which mailbox a contact card points to, unless they already know that mailbox's id.
//! Envelope payloads are stored as received: they are sealed-sender ciphertext.

use amicus_protocol::MailboxId;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::layout::Index;
use crate::error::RelayError;

/// A domain-separated SHA-256 of the mailbox id.
pub(super) fn mailbox_index(mailbox: &MailboxId) -> Index {
    let mut h = Sha256::new();
    h.update(b"amicus/relay/index/v1");
    h.update(mailbox.0);
    h.finalize().into()
}

/// The key that seals one mailbox's published records, derived from its id.
pub(super) struct RecordSeal(Zeroizing<[u8; 32]>);

impl RecordSeal {
    pub(super) fn of(mailbox: &MailboxId) -> Self {
        let mut seal = Zeroizing::new([0u8; 32]);
        // HKDF-Expand with a 32-byte output cannot fail.
        let _ = Hkdf::<Sha256>::new(Some(b"amicus/relay/seal/v1"), &mailbox.0)
            .expand(b"records", seal.as_mut());
        RecordSeal(seal)
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(self.0.as_ref()))
    }

    /// nonce | ciphertext, bound to `context` (the record's place) so that records cannot
    /// be swapped.
    pub(super) fn seal(&self, context: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, RelayError> {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            .map_err(|_| RelayError::Corrupt("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        Ok(out)
    }

    pub(super) fn open(&self, context: &[u8], sealed: &[u8]) -> Result<Vec<u8>, RelayError> {
        if sealed.len() < 12 {
            return Err(RelayError::Corrupt("sealed record too short"));
        }
        let (nonce, ct) = sealed.split_at(12);
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context,
                },
            )
            .map_err(|_| RelayError::Corrupt("sealed record does not open"))
    }
}
