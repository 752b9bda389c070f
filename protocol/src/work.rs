//! Proof of work for first contact: what pays for a delivery to the Centre's intake when the
//! sender has no sending token (a defender with no invitation whose small allowance is used
//! up, or who could not register at all for the moment).
//!
//! Memory-hard (Argon2id, RFC 9106): each attempt hashes the envelope's identity with a
//! nonce under a seed the relay chose, and a proof is a nonce whose hash starts with
//! `difficulty` zero bits, so it takes about `2^difficulty` attempts to find and one to check.
//! The proof is bound to the envelope (recipient, id, payload) and the seed, which the relay
//! replaces every hour: it cannot pay for anything else, nor be kept for later.

use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest as _, Sha256};

use crate::message::DeliverItem;

/// The label that starts every work input (domain separation).
pub const WORK_LABEL: &[u8] = b"amicus intake work v1";

/// The most memory a relay may ask per attempt, in KiB (a phone must be able to pay).
pub const MAX_WORK_MEMORY_KIB: u32 = 16 * 1024;

/// The highest difficulty a relay may ask, in leading zero bits.
pub const MAX_WORK_DIFFICULTY: u8 = 24;

/// What the relay asks for now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTerms {
    /// The hour (Unix seconds / 3600) the seed belongs to.
    pub epoch: u64,
    /// The relay's random seed for that hour (the Argon2 salt).
    pub seed: [u8; 32],
    /// Leading zero bits the hash must have.
    pub difficulty: u8,
    /// Argon2id memory per attempt, KiB (one pass, one lane).
    pub memory_kib: u32,
}

/// The Argon2id password of an attempt: label, the envelope's identity, the nonce.
fn input(item: &DeliverItem, nonce: u64) -> Vec<u8> {
    let mut m = Vec::with_capacity(WORK_LABEL.len() + 32 + 16 + 32 + 8);
    m.extend_from_slice(WORK_LABEL);
    m.extend_from_slice(&item.mailbox.0);
    m.extend_from_slice(&item.envelope_id.0);
    m.extend_from_slice(&Sha256::digest(&item.payload));
    m.extend_from_slice(&nonce.to_be_bytes());
    m
}

/// The 32-byte hash of one attempt; `None` for terms out of range.
fn attempt(terms: &WorkTerms, item: &DeliverItem, nonce: u64) -> Option<[u8; 32]> {
    if terms.memory_kib > MAX_WORK_MEMORY_KIB || terms.difficulty > MAX_WORK_DIFFICULTY {
        return None;
    }
    let params = Params::new(terms.memory_kib.max(8), 1, 1, Some(32)).ok()?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(&input(item, nonce), &terms.seed, &mut out)
        .ok()?;
    Some(out)
}

fn leading_zero_bits(hash: &[u8; 32]) -> u32 {
    let mut bits = 0;
    for byte in hash {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Whether `nonce` is a proof for `item` under `terms` (one Argon2id evaluation).
pub fn check(terms: &WorkTerms, item: &DeliverItem, nonce: u64) -> bool {
    attempt(terms, item, nonce)
        .is_some_and(|h| leading_zero_bits(&h) >= u32::from(terms.difficulty))
}

/// Searches for a proof, trying at most `max_attempts` nonces from a random start.
pub fn solve(terms: &WorkTerms, item: &DeliverItem, max_attempts: u64) -> Option<u64> {
    let start: u64 = rand_start();
    (0..max_attempts)
        .map(|i| start.wrapping_add(i))
        .find(|nonce| check(terms, item, *nonce))
}

fn rand_start() -> u64 {
    // Any start works; a time-derived one keeps two solvers of one item apart without
    // pulling a random-number generator into this crate.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    (nanos as u64).rotate_left(17)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EnvelopeId, MailboxId};

    fn item() -> DeliverItem {
        DeliverItem {
            mailbox: MailboxId([1; 32]),
            envelope_id: EnvelopeId([2; 16]),
            payload: vec![3; 100],
        }
    }

    #[test]
    fn a_proof_holds_for_its_envelope_and_terms_only() {
        let terms = WorkTerms {
            epoch: 1,
            seed: [9; 32],
            difficulty: 4,
            memory_kib: 64,
        };
        let nonce = solve(&terms, &item(), 10_000).expect("found");
        assert!(check(&terms, &item(), nonce));
        // The hash depends on every part of the envelope and on the seed: a proof says
        // nothing about another envelope or another hour.
        let hash = attempt(&terms, &item(), nonce).unwrap();
        let mut payload = item();
        payload.payload[0] ^= 1;
        let mut recipient = item();
        recipient.mailbox.0[0] ^= 1;
        let mut id = item();
        id.envelope_id.0[0] ^= 1;
        for other in [payload, recipient, id] {
            assert_ne!(attempt(&terms, &other, nonce).unwrap(), hash);
        }
        let later = WorkTerms {
            seed: [8; 32],
            ..terms.clone()
        };
        assert_ne!(attempt(&later, &item(), nonce).unwrap(), hash);
        // Most nonces are not proofs.
        assert!((0..64).any(|n| !check(&terms, &item(), n)));
        let absurd = WorkTerms {
            memory_kib: MAX_WORK_MEMORY_KIB + 1,
            ..terms
        };
        assert!(!check(&absurd, &item(), nonce));
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        let mut h = [0u8; 32];
        h[1] = 0b0001_0000;
        assert_eq!(leading_zero_bits(&h), 11);
        assert_eq!(leading_zero_bits(&[0; 32]), 256);
    }
}
