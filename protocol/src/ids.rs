//! Identifiers on the wire: mailboxes, envelopes and the relay's TLS pin.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::error::DecodeError;

/// A mailbox address: SHA-256 over a domain label and the owner's mailbox-auth public key.
/// Deriving it from the key means the relay can check ownership without storing anything,
/// and nobody can claim a mailbox whose key they do not hold. The mailbox key is not the
/// owner's libsignal identity key, so the address alone does not reveal the identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MailboxId(pub [u8; 32]);

impl MailboxId {
    const LABEL: &'static [u8] = b"amicus/mailbox/v1";

    /// The mailbox that belongs to the holder of `auth_public_key` (a serialized libsignal
    /// curve public key).
    pub fn for_auth_key(auth_public_key: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(Self::LABEL);
        h.update(auth_public_key);
        MailboxId(h.finalize().into())
    }

    /// Lower-case hexadecimal (64 digits).
    pub fn to_hex(&self) -> String {
        hex_lower(&self.0)
    }

    /// From 64 hexadecimal digits.
    pub fn from_hex(s: &str) -> Result<Self, DecodeError> {
        parse_hex::<32>(s, "mailbox").map(MailboxId)
    }

    /// The libsignal service id (ACI) that stands for this mailbox in sender certificates
    /// and session addresses: a name-based UUID (version 8, RFC 9562) made of the first 16
    /// bytes of `SHA-256("amicus/sender-uuid/v1" || mailbox)` with the version and variant
    /// bits set, in the standard lowercase hyphenated form. It cannot be turned back into
    /// the mailbox: the sender's mailbox travels in the content (version 4).
    pub fn sender_uuid(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"amicus/sender-uuid/v1");
        h.update(self.0);
        let digest: [u8; 32] = h.finalize().into();
        let mut u = [0u8; 16];
        u.copy_from_slice(&digest[..16]);
        u[6] = (u[6] & 0x0f) | 0x80;
        u[8] = (u[8] & 0x3f) | 0x80;
        let hex = hex_lower(&u);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    }
}

// Debug shows a short prefix only, so an accidental debug print does not put a whole
// mailbox address into a log.
impl fmt::Debug for MailboxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MailboxId({}…)", &self.to_hex()[..8])
    }
}

/// A sender-chosen random id for one envelope. The relay uses it to make delivery
/// idempotent (a retried send is stored once) and the recipient uses it to drop
/// duplicates.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnvelopeId(pub [u8; 16]);

impl EnvelopeId {
    /// Lower-case hexadecimal (32 digits).
    pub fn to_hex(&self) -> String {
        hex_lower(&self.0)
    }
}

impl fmt::Debug for EnvelopeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EnvelopeId({})", self.to_hex())
    }
}

/// A relay-chosen random id for one stored attachment blob (ciphertext only).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(pub [u8; 16]);

impl BlobId {
    /// Lower-case hexadecimal (32 digits).
    pub fn to_hex(&self) -> String {
        hex_lower(&self.0)
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({})", self.to_hex())
    }
}

/// SHA-256 of the relay's TLS SubjectPublicKeyInfo (DER). Clients refuse a relay whose key
/// does not hash to the pin they were given.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelayPin(pub [u8; 32]);

impl RelayPin {
    /// The pin of a key: SHA-256 of its DER SubjectPublicKeyInfo.
    pub fn of_spki(spki_der: &[u8]) -> Self {
        RelayPin(Sha256::digest(spki_der).into())
    }

    /// Lower-case hexadecimal (64 digits), as operators print and type it.
    pub fn to_hex(&self) -> String {
        hex_lower(&self.0)
    }

    /// From 64 hexadecimal digits.
    pub fn from_hex(s: &str) -> Result<Self, DecodeError> {
        parse_hex::<32>(s.trim(), "pin").map(RelayPin)
    }
}

impl fmt::Debug for RelayPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RelayPin({})", self.to_hex())
    }
}

impl fmt::Display for RelayPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// Lower-case hexadecimal of `bytes` (the spelling of every id in this crate).
pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

/// Exactly `2 N` hexadecimal digits (either case) as `N` bytes; anything else is an
/// `InvalidValue` of `field`.
pub fn parse_hex<const N: usize>(s: &str, field: &'static str) -> Result<[u8; N], DecodeError> {
    let raw = s.as_bytes();
    if raw.len() != 2 * N {
        return Err(DecodeError::InvalidValue { field });
    }
    let mut out = [0u8; N];
    for (i, pair) in raw.chunks_exact(2).enumerate() {
        let hi = hex_digit(pair[0]).ok_or(DecodeError::InvalidValue { field })?;
        let lo = hex_digit(pair[1]).ok_or(DecodeError::InvalidValue { field })?;
        out[i] = (hi << 4) | lo;
    }
    Ok(out)
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_has_a_version_8_uuid_of_its_own() {
        let a = MailboxId([1; 32]).sender_uuid();
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!("89ab".contains(&a[19..20]), "RFC 9562 variant");
        assert_eq!(a, a.to_lowercase());
        assert_ne!(a, MailboxId([2; 32]).sender_uuid());
        assert_eq!(a, MailboxId([1; 32]).sender_uuid());
    }

    #[test]
    fn hex_round_trip() {
        let m = MailboxId::for_auth_key(b"key");
        assert_eq!(MailboxId::from_hex(&m.to_hex()).unwrap(), m);
        assert!(MailboxId::from_hex("zz").is_err());
        assert!(MailboxId::from_hex(&"g".repeat(64)).is_err());
    }

    #[test]
    fn mailbox_depends_on_key() {
        assert_ne!(MailboxId::for_auth_key(b"a"), MailboxId::for_auth_key(b"b"));
    }
}
