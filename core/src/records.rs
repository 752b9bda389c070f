//! Records kept in the local store, with total decoders (a damaged record is an error, never
//! a panic). All of them are sealed by the store before they reach the disk.

use amicus_protocol::DecodeError;
use amicus_protocol::codec::{Reader, Writer, accept_version};
use amicus_protocol::limits::{MAX_ADDRESS_LEN, MAX_ENVELOPE_LEN, MAX_KEY_LEN, MAX_NAME_LEN};
use amicus_protocol::{EnvelopeId, MailboxId, RelayPin, Role};
use zeroize::Zeroizing;

use crate::briefing::MAX_CONTENT_LEN;

const MAX_SECRET_LEN: usize = 512;
const MAX_CERT_LEN: usize = amicus_protocol::limits::MAX_CERTIFICATE_LEN;
const MAX_REASON_LEN: usize = 1024;

/// The record format version this release writes (every record starts with it).
pub const RECORD_VERSION: u8 = 1;
/// The record format versions this release reads.
pub const RECORD_VERSIONS: std::ops::RangeInclusive<u8> = 1..=RECORD_VERSION;

/// Reads a record's version: older is `VersionTooOld`, newer `VersionTooNew` (a profile
/// written by a newer release, opened by an older one).
pub(crate) fn read_version(r: &mut Reader<'_>) -> Result<(), DecodeError> {
    accept_version(r.u8()?, RECORD_VERSIONS).map(drop)
}

fn finish<T>(r: &Reader<'_>, value: T) -> Result<T, DecodeError> {
    r.finish()?;
    Ok(value)
}

/// The profile itself: who I am and which relay I use.
pub struct ProfileRecord {
    /// The name this profile gives itself on its card.
    pub name: String,
    /// The relay's address, `host:port`.
    pub relay_address: String,
    /// The relay's pin.
    pub relay_pin: RelayPin,
    /// The relay's sealed-sender trust root, learned over the pinned connection.
    pub trust_root: Vec<u8>,
    /// Serialized libsignal identity key pair.
    pub identity: Zeroizing<Vec<u8>>,
    /// Private key of the mailbox-auth key pair.
    pub mailbox_key: Zeroizing<Vec<u8>>,
    /// libsignal registration id.
    pub registration_id: u32,
    /// The next one-time EC prekey id.
    pub next_prekey_id: u32,
    /// The next one-time Kyber prekey id.
    pub next_kyber_id: u32,
    /// Whether the relay has our prekeys.
    pub registered: bool,
    /// Cached sender certificate and its expiry (ms since the epoch).
    pub sender_certificate: Vec<u8>,
    /// When the cached certificate expires, ms since the epoch.
    pub sender_certificate_expires: u64,
    /// Delete read briefings after this many days; 0 keeps them.
    pub delete_read_after_days: u32,
    /// The Centre's root public key, pinned at enrolment (empty: none pinned).
    pub centre_root: Vec<u8>,
    /// The private half, only in the Centre administrator's profile (empty otherwise).
    pub centre_root_private: Zeroizing<Vec<u8>>,
    /// The newest roster version accepted, and its chain hash.
    pub roster_version: u64,
    /// The hash of that version.
    pub roster_hash: [u8; 32],
    /// Tell the Centre when a presented briefing is opened.
    pub read_receipts: bool,
    /// The SOCKS5 proxy every connection goes through (`socks5h://address:port`); empty:
    /// none. Since profile record version 2.
    pub proxy: String,
    /// The route of the relay's address that answered last (tried first next time); empty
    /// until one has. Since profile record version 2.
    pub last_route: String,
    /// How that route reached the relay (0 unknown, 1 direct, 2 HTTPS, 3 through the
    /// proxy, 4 to the onion service through the proxy). Since profile record version 2.
    pub last_route_kind: u8,
}

/// The profile record's own version: 2 added `proxy`, `last_route` and `last_route_kind` at
/// the end; a version 1 record reads with them empty.
pub const PROFILE_RECORD_VERSION: u8 = 2;
/// The profile record versions this release reads.
pub const PROFILE_RECORD_VERSIONS: std::ops::RangeInclusive<u8> = 1..=PROFILE_RECORD_VERSION;

impl ProfileRecord {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(PROFILE_RECORD_VERSION);
        w.str(&self.name);
        w.str(&self.relay_address);
        w.fixed(&self.relay_pin.0);
        w.bytes(&self.trust_root);
        w.bytes(&self.identity);
        w.bytes(&self.mailbox_key);
        w.u32(self.registration_id);
        w.u32(self.next_prekey_id);
        w.u32(self.next_kyber_id);
        w.bool(self.registered);
        w.bytes(&self.sender_certificate);
        w.u64(self.sender_certificate_expires);
        w.u32(self.delete_read_after_days);
        w.bytes(&self.centre_root);
        w.bytes(&self.centre_root_private);
        w.u64(self.roster_version);
        w.fixed(&self.roster_hash);
        w.bool(self.read_receipts);
        w.str(&self.proxy);
        w.str(&self.last_route);
        w.u8(self.last_route_kind);
        w.into_bytes()
    }

    /// Decodes a record (versions [`PROFILE_RECORD_VERSIONS`]); total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        let version = accept_version(r.u8()?, PROFILE_RECORD_VERSIONS)?;
        let mut record = ProfileRecord {
            name: r.string("name", MAX_NAME_LEN)?,
            relay_address: r.string("relay_address", MAX_ADDRESS_LEN)?,
            relay_pin: RelayPin(r.fixed()?),
            trust_root: r.bytes_vec("trust_root", MAX_KEY_LEN)?,
            identity: Zeroizing::new(r.bytes_vec("identity", MAX_SECRET_LEN)?),
            mailbox_key: Zeroizing::new(r.bytes_vec("mailbox_key", MAX_SECRET_LEN)?),
            registration_id: r.u32()?,
            next_prekey_id: r.u32()?,
            next_kyber_id: r.u32()?,
            registered: r.bool("registered")?,
            sender_certificate: r.bytes_vec("sender_certificate", MAX_CERT_LEN)?,
            sender_certificate_expires: r.u64()?,
            delete_read_after_days: r.u32()?,
            centre_root: r.bytes_vec("centre_root", MAX_KEY_LEN)?,
            centre_root_private: Zeroizing::new(
                r.bytes_vec("centre_root_private", MAX_SECRET_LEN)?,
            ),
            roster_version: r.u64()?,
            roster_hash: r.fixed()?,
            read_receipts: r.bool("read_receipts")?,
            proxy: String::new(),
            last_route: String::new(),
            last_route_kind: 0,
        };
        if version >= 2 {
            record.proxy = r.string("proxy", MAX_ADDRESS_LEN)?;
            record.last_route = r.string("last_route", MAX_ADDRESS_LEN)?;
            record.last_route_kind = r.u8()?;
        }
        finish(&r, record)
    }
}

/// Someone I can send to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The name the user gave the contact.
    pub name: String,
    /// Their mailbox.
    pub mailbox: MailboxId,
    /// Their identity key, serialized.
    pub identity_key: Vec<u8>,
    /// Their relay's address.
    pub relay_address: String,
    /// Their relay's pin.
    pub relay_pin: RelayPin,
    /// The user compared safety numbers and confirmed them.
    pub verified: bool,
    /// A different identity key seen for this contact, waiting for the user to verify it.
    pub pending_identity_key: Option<Vec<u8>>,
    /// When the contact was added, ms since the epoch.
    pub added_at: u64,
    /// Set when the contact comes from the Centre-signed roster.
    pub role: Option<Role>,
    /// End of term on the roster (ms since the epoch), 0 if none.
    pub term_end: u64,
}

impl Contact {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.str(&self.name);
        w.fixed(&self.mailbox.0);
        w.bytes(&self.identity_key);
        w.str(&self.relay_address);
        w.fixed(&self.relay_pin.0);
        w.bool(self.verified);
        match &self.pending_identity_key {
            None => w.bool(false),
            Some(k) => {
                w.bool(true);
                w.bytes(k);
            }
        }
        w.u64(self.added_at);
        w.u8(self.role.map_or(0, Role::to_u8));
        w.u64(self.term_end);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let contact = Contact {
            name: r.string("name", MAX_NAME_LEN)?,
            mailbox: MailboxId(r.fixed()?),
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
            relay_address: r.string("relay_address", MAX_ADDRESS_LEN)?,
            relay_pin: RelayPin(r.fixed()?),
            verified: r.bool("verified")?,
            pending_identity_key: if r.bool("pending")? {
                Some(r.bytes_vec("pending_identity_key", MAX_KEY_LEN)?)
            } else {
                None
            },
            added_at: r.u64()?,
            role: match r.u8()? {
                0 => None,
                v => Some(Role::from_u8(v)?),
            },
            term_end: r.u64()?,
        };
        finish(&r, contact)
    }
}

/// A briefing received and decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    /// Its number in this profile's inbox.
    pub number: u64,
    /// The envelope it came in (a copy delivered twice is stored once).
    pub envelope_id: EnvelopeId,
    /// The briefing's message id, the same for every recipient.
    pub message_id: [u8; 16],
    /// The sender's mailbox, from the sender certificate.
    pub from_mailbox: MailboxId,
    /// The identity key the message was sent with.
    pub from_identity_key: Vec<u8>,
    /// The sender's clock when sent, ms since the epoch.
    pub sent_at: u64,
    /// When this device stored it, ms since the epoch.
    pub received_at: u64,
    /// Its title.
    pub subject: String,
    /// Its text.
    pub body: String,
    /// When it was first read (ms since the epoch); 0 while unread.
    pub read_at: u64,
    /// The whole decoded content (unpadded, see [`crate::content::Content`]).
    pub content: Vec<u8>,
    /// When the Centre said a presented briefing is withdrawn; 0 if not.
    pub withdrawn_at: u64,
}

impl InboxMessage {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        w.fixed(&self.envelope_id.0);
        w.fixed(&self.message_id);
        w.fixed(&self.from_mailbox.0);
        w.bytes(&self.from_identity_key);
        w.u64(self.sent_at);
        w.u64(self.received_at);
        w.str(&self.subject);
        w.str(&self.body);
        w.u64(self.read_at);
        w.bytes(&self.content);
        w.u64(self.withdrawn_at);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let message = InboxMessage {
            number: r.u64()?,
            envelope_id: EnvelopeId(r.fixed()?),
            message_id: r.fixed()?,
            from_mailbox: MailboxId(r.fixed()?),
            from_identity_key: r.bytes_vec("from_identity_key", MAX_KEY_LEN)?,
            sent_at: r.u64()?,
            received_at: r.u64()?,
            subject: r.string("subject", MAX_CONTENT_LEN)?,
            body: r.string("body", MAX_CONTENT_LEN)?,
            read_at: r.u64()?,
            content: r.bytes_vec("content", MAX_CONTENT_LEN)?,
            withdrawn_at: r.u64()?,
        };
        finish(&r, message)
    }
}

/// An encrypted envelope waiting for the relay's acknowledgement. It is retried with the
/// same envelope id and bytes, so the relay and the reader see it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    /// Its number in the outbox.
    pub number: u64,
    /// The envelope's id: a retry sends the same id.
    pub envelope_id: EnvelopeId,
    /// The recipient's mailbox.
    pub to_mailbox: MailboxId,
    /// The recipient's name.
    pub to_name: String,
    /// What the outbox shows for it.
    pub subject: String,
    /// When it was sealed, ms since the epoch.
    pub created_at: u64,
    /// The sealed envelope, byte for byte what the relay gets.
    pub payload: Vec<u8>,
    /// The last refusal from the relay (error code), 0 if none yet.
    pub last_error: u16,
}

impl OutboxEntry {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        w.fixed(&self.envelope_id.0);
        w.fixed(&self.to_mailbox.0);
        w.str(&self.to_name);
        w.str(&self.subject);
        w.u64(self.created_at);
        w.bytes(&self.payload);
        w.u16(self.last_error);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let entry = OutboxEntry {
            number: r.u64()?,
            envelope_id: EnvelopeId(r.fixed()?),
            to_mailbox: MailboxId(r.fixed()?),
            to_name: r.string("to_name", MAX_NAME_LEN)?,
            subject: r.string("subject", MAX_CONTENT_LEN)?,
            created_at: r.u64()?,
            payload: r.bytes_vec("payload", MAX_ENVELOPE_LEN)?,
            last_error: r.u16()?,
        };
        finish(&r, entry)
    }
}

/// Why an envelope was put in quarantine. The byte values are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuarantineReason {
    /// Sealed sender or the Signal session rejected it (tampered, forged, replayed).
    Undecryptable,
    /// The sender certificate does not name a valid mailbox.
    BadSender,
    /// It decrypted, but the content is not a briefing this version can read.
    Unreadable,
    /// Anything else (a damaged local record).
    Other,
    /// The content is in a version older than this release reads: the sender should update.
    TooOld,
    /// The content is in a version newer than this release reads: this device should update.
    TooNew,
    /// A briefing presented by the Centre, to a profile that has not joined the Centre.
    NotEnrolled,
}

impl QuarantineReason {
    fn to_u8(self) -> u8 {
        match self {
            QuarantineReason::Undecryptable => 1,
            QuarantineReason::BadSender => 2,
            QuarantineReason::Unreadable => 3,
            QuarantineReason::Other => 4,
            QuarantineReason::TooOld => 5,
            QuarantineReason::TooNew => 6,
            QuarantineReason::NotEnrolled => 7,
        }
    }

    fn from_u8(v: u8) -> Self {
        match v {
            1 => QuarantineReason::Undecryptable,
            2 => QuarantineReason::BadSender,
            3 => QuarantineReason::Unreadable,
            5 => QuarantineReason::TooOld,
            6 => QuarantineReason::TooNew,
            7 => QuarantineReason::NotEnrolled,
            _ => QuarantineReason::Other,
        }
    }
}

/// An envelope that could not be decrypted or understood, kept with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// Its number in quarantine.
    pub number: u64,
    /// The envelope's id.
    pub envelope_id: EnvelopeId,
    /// When the relay stored it, seconds since the epoch.
    pub received_at: u64,
    /// Why it is kept aside.
    pub reason: QuarantineReason,
    /// Technical detail (libsignal's or the decoder's error), for `--verbose` and support.
    pub detail: String,
    /// The envelope as it arrived.
    pub payload: Vec<u8>,
}

impl Quarantined {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        w.fixed(&self.envelope_id.0);
        w.u64(self.received_at);
        w.u8(self.reason.to_u8());
        w.str(&self.detail);
        w.bytes(&self.payload);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let q = Quarantined {
            number: r.u64()?,
            envelope_id: EnvelopeId(r.fixed()?),
            received_at: r.u64()?,
            reason: QuarantineReason::from_u8(r.u8()?),
            detail: r.string("detail", MAX_REASON_LEN)?,
            payload: r.bytes_vec("payload", MAX_ENVELOPE_LEN)?,
        };
        finish(&r, q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn records_of_another_version_say_which_side_should_update() {
        let contact = Contact {
            name: "Member A".into(),
            mailbox: MailboxId([1; 32]),
            identity_key: vec![5; 33],
            relay_address: "relay:4433".into(),
            relay_pin: RelayPin([2; 32]),
            verified: true,
            pending_identity_key: None,
            added_at: 3,
            role: None,
            term_end: 0,
        };
        let mut raw = contact.encode();
        assert_eq!(raw[0], RECORD_VERSION);
        assert_eq!(Contact::decode(&raw), Ok(contact));
        raw[0] = RECORD_VERSION + 1;
        assert!(matches!(
            Contact::decode(&raw),
            Err(DecodeError::VersionTooNew { .. })
        ));
        raw[0] = 0;
        assert!(matches!(
            Contact::decode(&raw),
            Err(DecodeError::VersionTooOld { .. })
        ));
    }

    #[test]
    fn records_round_trip() {
        let contact = Contact {
            name: "Member A".into(),
            mailbox: MailboxId([1; 32]),
            identity_key: vec![5; 33],
            relay_address: "127.0.0.1:4433".into(),
            relay_pin: RelayPin([2; 32]),
            verified: false,
            pending_identity_key: Some(vec![6; 33]),
            added_at: 7,
            role: Some(Role::Member),
            term_end: 9,
        };
        assert_eq!(Contact::decode(&contact.encode()).unwrap(), contact);
        let message = InboxMessage {
            number: 3,
            envelope_id: EnvelopeId([1; 16]),
            message_id: [2; 16],
            from_mailbox: MailboxId([3; 32]),
            from_identity_key: vec![5; 33],
            sent_at: 1,
            received_at: 2,
            subject: "s".into(),
            body: "b".into(),
            read_at: 5,
            content: vec![2, 1],
            withdrawn_at: 0,
        };
        assert_eq!(InboxMessage::decode(&message.encode()).unwrap(), message);
        let out = OutboxEntry {
            number: 1,
            envelope_id: EnvelopeId([1; 16]),
            to_mailbox: MailboxId([3; 32]),
            to_name: "x".into(),
            subject: "s".into(),
            created_at: 4,
            payload: vec![1, 2, 3],
            last_error: 6,
        };
        assert_eq!(OutboxEntry::decode(&out.encode()).unwrap(), out);
        let q = Quarantined {
            number: 1,
            envelope_id: EnvelopeId([1; 16]),
            received_at: 4,
            reason: QuarantineReason::Unreadable,
            detail: "bad".into(),
            payload: vec![9],
        };
        assert_eq!(Quarantined::decode(&q.encode()).unwrap(), q);
    }

    fn profile() -> ProfileRecord {
        ProfileRecord {
            name: "Defender".into(),
            relay_address: "relay:4433 https://relay:443/0123456789abcdef0123456789abcdef".into(),
            relay_pin: RelayPin([2; 32]),
            trust_root: vec![5; 33],
            identity: Zeroizing::new(vec![1; 64]),
            mailbox_key: Zeroizing::new(vec![3; 32]),
            registration_id: 7,
            next_prekey_id: 8,
            next_kyber_id: 9,
            registered: true,
            sender_certificate: vec![4; 10],
            sender_certificate_expires: 11,
            delete_read_after_days: 12,
            centre_root: vec![6; 33],
            centre_root_private: Zeroizing::new(Vec::new()),
            roster_version: 13,
            roster_hash: [14; 32],
            read_receipts: true,
            proxy: "socks5h://127.0.0.1:9050".into(),
            last_route: "https://relay:443/0123456789abcdef0123456789abcdef".into(),
            last_route_kind: 2,
        }
    }

    #[test]
    fn a_version_1_profile_reads_with_no_proxy_and_no_route_remembered() {
        let record = profile();
        let raw = record.encode();
        assert_eq!(raw[0], PROFILE_RECORD_VERSION);
        let back = ProfileRecord::decode(&raw).unwrap();
        assert_eq!(
            (
                back.proxy.as_str(),
                back.last_route.as_str(),
                back.last_route_kind
            ),
            (record.proxy.as_str(), record.last_route.as_str(), 2)
        );
        // What release 1 wrote: the same fields up to `read_receipts`, version 1.
        let mut old = raw[..raw.len() - 9 - record.proxy.len() - record.last_route.len()].to_vec();
        old[0] = 1;
        let back = ProfileRecord::decode(&old).unwrap();
        assert_eq!((back.proxy.as_str(), back.last_route.as_str()), ("", ""));
        assert_eq!(back.roster_hash, record.roster_hash);
        assert!(back.read_receipts);
        old[0] = PROFILE_RECORD_VERSION + 1;
        assert!(matches!(
            ProfileRecord::decode(&old),
            Err(DecodeError::VersionTooNew { .. })
        ));
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = ProfileRecord::decode(&bytes);
            let _ = Contact::decode(&bytes);
            let _ = InboxMessage::decode(&bytes);
            let _ = OutboxEntry::decode(&bytes);
            let _ = Quarantined::decode(&bytes);
        }
    }
}
