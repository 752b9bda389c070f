//! The Centre's signed roster: who the Committee members and Centre staff are, with the
//! mailbox and identity key of each. The Centre's root key signs every version; versions form
//! a hash chain (each names the hash of the one before), so a client that has seen version N
//! can tell a newer version from a rolled-back or forked one. The relay stores and serves the
//! signed bytes; it cannot forge them.
//!
//! Signed form: `version u8 (=1) | root_key bytes | body bytes | signature bytes`, where the
//! signature is the root key's XEdDSA signature over `ROSTER_LABEL || body`, and `body` is
//! `version u64 | previous [32] | issued_at u64 | count u32 | entries`, each entry being
//! `name str | role u8 | mailbox [32] | identity_key bytes | term_end u64`.
//!
//! Signature checks need libsignal and live in the client and the relay; this module only
//! encodes, decodes and hashes.

use sha2::{Digest, Sha256};

use crate::codec::{Reader, Writer};
use crate::error::DecodeError;
use crate::ids::MailboxId;
use crate::limits::{
    MAX_KEY_LEN, MAX_NAME_LEN, MAX_ROSTER_ENTRIES, MAX_ROSTER_LEN, MAX_SIGNATURE_LEN,
};

/// Domain separation for the root's signature over a roster body.
pub const ROSTER_LABEL: &[u8] = b"amicus/roster/v1";
const SIGNED_VERSION: u8 = 1;

/// What a person on the roster is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A member of the Human Rights Committee.
    Member,
    /// Centre staff: may take intake, present briefings, issue invitations.
    Staff,
    /// The Centre's intake mailbox, reachable by anyone (first contact).
    Intake,
}

impl Role {
    /// The role's byte on the wire.
    pub fn to_u8(self) -> u8 {
        match self {
            Role::Member => 1,
            Role::Staff => 2,
            Role::Intake => 3,
        }
    }

    /// The role for a byte; an unknown one is `InvalidValue`.
    pub fn from_u8(v: u8) -> Result<Self, DecodeError> {
        match v {
            1 => Ok(Role::Member),
            2 => Ok(Role::Staff),
            3 => Ok(Role::Intake),
            _ => Err(DecodeError::InvalidValue { field: "role" }),
        }
    }

    /// Staff and the intake mailbox both speak for the Centre.
    pub fn is_centre(self) -> bool {
        matches!(self, Role::Staff | Role::Intake)
    }
}

/// One person on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    /// Their name as the Centre records it.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Their mailbox.
    pub mailbox: MailboxId,
    /// Their identity key, serialized.
    pub identity_key: Vec<u8>,
    /// End of the member's term or the staff member's appointment, ms since the epoch; 0: none.
    pub term_end: u64,
}

/// One version of the roster: who is a member or staff, with which keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// 1 for the first roster, then +1 for each new one.
    pub version: u64,
    /// [`SignedRoster::hash`] of the previous version; all zero for version 1.
    pub previous: [u8; 32],
    /// When it was signed, ms since the epoch.
    pub issued_at: u64,
    /// Everyone on it.
    pub entries: Vec<RosterEntry>,
}

impl Roster {
    /// The body's bytes (what the root signs).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u64(self.version);
        w.fixed(&self.previous);
        w.u64(self.issued_at);
        w.count(self.entries.len());
        for e in &self.entries {
            w.str(&e.name);
            w.u8(e.role.to_u8());
            w.fixed(&e.mailbox.0);
            w.bytes(&e.identity_key);
            w.u64(e.term_end);
        }
        w.into_bytes()
    }

    /// Decodes a body; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        let version = r.u64()?;
        let previous = r.fixed()?;
        let issued_at = r.u64()?;
        let n = r.count("entries", MAX_ROSTER_ENTRIES, 4 + 1 + 32 + 4 + 8)?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            entries.push(RosterEntry {
                name: r.string("name", MAX_NAME_LEN)?,
                role: Role::from_u8(r.u8()?)?,
                mailbox: MailboxId(r.fixed()?),
                identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
                term_end: r.u64()?,
            });
        }
        r.finish()?;
        if version == 0 {
            return Err(DecodeError::InvalidValue { field: "version" });
        }
        Ok(Roster {
            version,
            previous,
            issued_at,
            entries,
        })
    }

    /// The entry for a mailbox, if it is on the roster.
    pub fn entry(&self, mailbox: &MailboxId) -> Option<&RosterEntry> {
        self.entries.iter().find(|e| e.mailbox == *mailbox)
    }

    /// The role a mailbox holds at `now` (ms since the epoch): none once its term ended.
    pub fn active_role(&self, mailbox: &MailboxId, now: u64) -> Option<Role> {
        self.entry(mailbox)
            .filter(|e| e.term_end == 0 || e.term_end > now)
            .map(|e| e.role)
    }
}

/// A roster body with the root key and its signature, as published and served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRoster {
    /// The Centre root key that signed it, serialized.
    pub root_key: Vec<u8>,
    /// The encoded [`Roster`].
    pub body: Vec<u8>,
    /// The root's XEdDSA signature over [`SignedRoster::signed_message`] of the body.
    pub signature: Vec<u8>,
}

impl SignedRoster {
    /// What the root key signs.
    pub fn signed_message(body: &[u8]) -> Vec<u8> {
        [ROSTER_LABEL, body].concat()
    }

    /// The chain hash of this version: SHA-256 over the label and the body.
    pub fn hash(&self) -> [u8; 32] {
        Sha256::digest(Self::signed_message(&self.body)).into()
    }

    /// The roster inside (not checked against any root here).
    pub fn roster(&self) -> Result<Roster, DecodeError> {
        Roster::decode(&self.body)
    }

    /// The signed roster's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(SIGNED_VERSION);
        w.bytes(&self.root_key);
        w.bytes(&self.body);
        w.bytes(&self.signature);
        w.into_bytes()
    }

    /// Decodes a signed roster; total.
    pub fn from_bytes(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        let version = r.u8()?;
        if version != SIGNED_VERSION {
            return Err(DecodeError::UnsupportedVersion(version));
        }
        let signed = SignedRoster {
            root_key: r.bytes_vec("root_key", MAX_KEY_LEN)?,
            body: r.bytes_vec("body", MAX_ROSTER_LEN)?,
            signature: r.bytes_vec("signature", MAX_SIGNATURE_LEN)?,
        };
        r.finish()?;
        Ok(signed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn sample() -> Roster {
        Roster {
            version: 2,
            previous: [7; 32],
            issued_at: 1_700_000_000_000,
            entries: vec![
                RosterEntry {
                    name: "Member A".into(),
                    role: Role::Member,
                    mailbox: MailboxId([1; 32]),
                    identity_key: vec![5; 33],
                    term_end: 1_800_000_000_000,
                },
                RosterEntry {
                    name: "Intake".into(),
                    role: Role::Intake,
                    mailbox: MailboxId([2; 32]),
                    identity_key: vec![6; 33],
                    term_end: 0,
                },
            ],
        }
    }

    #[test]
    fn round_trips_and_hash_covers_the_body() {
        let roster = sample();
        let signed = SignedRoster {
            root_key: vec![5; 33],
            body: roster.encode(),
            signature: vec![1; 64],
        };
        let back = SignedRoster::from_bytes(&signed.to_bytes()).unwrap();
        assert_eq!(back, signed);
        assert_eq!(back.roster().unwrap(), roster);
        let mut other = roster.clone();
        other.entries[0].identity_key = vec![9; 33];
        let forked = SignedRoster {
            body: other.encode(),
            ..signed.clone()
        };
        assert_ne!(forked.hash(), signed.hash());
    }

    #[test]
    fn a_role_ends_with_its_term() {
        let roster = sample();
        let member = MailboxId([1; 32]);
        assert_eq!(roster.active_role(&member, 1_000), Some(Role::Member));
        assert_eq!(roster.active_role(&member, 1_800_000_000_000), None);
        assert_eq!(
            roster.active_role(&MailboxId([2; 32]), u64::MAX),
            Some(Role::Intake)
        );
        assert_eq!(roster.active_role(&MailboxId([9; 32]), 0), None);
    }

    #[test]
    fn truncations_are_errors() {
        let bytes = SignedRoster {
            root_key: vec![5; 33],
            body: sample().encode(),
            signature: vec![1; 64],
        }
        .to_bytes();
        for cut in 0..bytes.len() {
            assert!(SignedRoster::from_bytes(&bytes[..cut]).is_err());
        }
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = SignedRoster::from_bytes(&bytes);
            let _ = Roster::decode(&bytes);
        }
    }
}
