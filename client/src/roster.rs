//! Following the Centre's signed roster. A client pins the Centre's root key at enrolment
//! and accepts a roster only if the root signed it and it extends, version by version, the
//! chain the client has already seen. Roster entries become contacts marked with their role;
//! a key the roster changes is reported loudly.

use amicus_protocol::{MailboxId, Request, Response, Role, Roster, SignedRoster};
use libsignal_protocol::{IdentityKey, PublicKey};

use crate::error::{ClientError, Result};
use crate::profile::{Profile, now_ms};
use crate::records::Contact;
use crate::store::{Changes, LocalStore, Ns};
use crate::transport::RelayLink;

const ROSTER_ID: &[u8] = b"roster";
/// Most roster fetches in one update (16 versions each).
const MAX_ROSTER_ROUNDS: usize = 64;

/// Why a roster offered by the relay was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterRefusal {
    /// Not signed by the Centre root this profile pinned (or the signature is invalid).
    NotSignedByCentre { version: u64 },
    /// The relay offers nothing as new as the version this device has already seen.
    Older { seen: u64 },
    /// A version with the number this device has seen but different content, or one that
    /// does not name its predecessor's hash.
    Fork { version: u64 },
    /// A version number is skipped or repeated.
    Gap { expected: u64, found: u64 },
    /// The roster could not be decoded.
    Malformed,
}

impl std::fmt::Display for RosterRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RosterRefusal::NotSignedByCentre { version } => {
                write!(
                    f,
                    "roster version {version} is not signed by the Centre's root key"
                )
            }
            RosterRefusal::Older { seen } => {
                write!(
                    f,
                    "the relay offers an older roster than version {seen}, already seen"
                )
            }
            RosterRefusal::Fork { version } => {
                write!(
                    f,
                    "roster version {version} forks from the one already seen"
                )
            }
            RosterRefusal::Gap { expected, found } => {
                write!(f, "expected roster version {expected}, got {found}")
            }
            RosterRefusal::Malformed => f.write_str("the roster is malformed"),
        }
    }
}

/// Checks `offered` (oldest first) against the pinned root and the head already accepted
/// (`None` before the first roster). Returns the newest roster and its hash, or `None` if
/// nothing is newer than the head. Pure: no store, no network.
pub fn verify_chain(
    root: &[u8],
    head: Option<(u64, [u8; 32])>,
    offered: &[SignedRoster],
) -> std::result::Result<Option<(Roster, [u8; 32])>, RosterRefusal> {
    let root_key = PublicKey::deserialize(root).map_err(|_| RosterRefusal::Malformed)?;
    let mut expected = head.map_or(1, |(v, _)| v);
    let mut previous = head.map_or([0u8; 32], |(_, h)| h);
    let mut newest = None;
    if let Some((seen, _)) = head
        && offered.is_empty()
        && seen > 0
    {
        // Asked for versions from `seen` on: the relay no longer has the one we saw.
        return Err(RosterRefusal::Older { seen });
    }
    for (i, signed) in offered.iter().enumerate() {
        let roster = signed.roster().map_err(|_| RosterRefusal::Malformed)?;
        if signed.root_key != root
            || !root_key.verify_signature(
                &SignedRoster::signed_message(&signed.body),
                &signed.signature,
            )
        {
            return Err(RosterRefusal::NotSignedByCentre {
                version: roster.version,
            });
        }
        let hash = signed.hash();
        if i == 0
            && let Some((seen, seen_hash)) = head
        {
            // The first version offered must be the one we hold, unchanged.
            if roster.version < seen {
                return Err(RosterRefusal::Older { seen });
            }
            if roster.version == seen {
                if hash != seen_hash {
                    return Err(RosterRefusal::Fork { version: seen });
                }
                expected = seen + 1;
                continue;
            }
        }
        if roster.version != expected {
            if roster.version < expected {
                return Err(RosterRefusal::Older { seen: expected - 1 });
            }
            return Err(RosterRefusal::Gap {
                expected,
                found: roster.version,
            });
        }
        if roster.previous != previous {
            return Err(RosterRefusal::Fork {
                version: roster.version,
            });
        }
        previous = hash;
        expected = roster.version + 1;
        newest = Some((roster, hash));
    }
    Ok(newest)
}

/// What a roster update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RosterUpdate {
    pub version: u64,
    pub key_changes: Vec<String>,
}

impl Profile {
    /// Fetches roster versions newer than the one accepted, checks them, and applies the
    /// newest to the contacts.
    pub async fn update_roster(&mut self, link: &RelayLink) -> Result<RosterUpdate> {
        if self.record.centre_root.is_empty() {
            return Err(ClientError::NoCentre);
        }
        let head = (self.record.roster_version > 0)
            .then_some((self.record.roster_version, self.record.roster_hash));
        let mut offered = Vec::new();
        let mut since = self.record.roster_version.saturating_sub(1);
        for _ in 0..MAX_ROSTER_ROUNDS {
            let Response::Rosters { versions, more } =
                link.call_ok(&Request::FetchRoster { since }).await?
            else {
                return Err(ClientError::UnexpectedResponse);
            };
            for bytes in &versions {
                let signed = SignedRoster::from_bytes(bytes)
                    .map_err(|_| ClientError::RosterRefused(RosterRefusal::Malformed))?;
                since = signed
                    .roster()
                    .map_err(|_| ClientError::RosterRefused(RosterRefusal::Malformed))?
                    .version
                    .max(since);
                offered.push(signed);
            }
            if !more || versions.is_empty() {
                break;
            }
        }
        let newest = verify_chain(&self.record.centre_root, head, &offered)
            .map_err(ClientError::RosterRefused)?;
        let Some((roster, hash)) = newest else {
            return Ok(RosterUpdate {
                version: self.record.roster_version,
                key_changes: Vec::new(),
            });
        };
        let signed = offered
            .iter()
            .find(|s| s.hash() == hash)
            .ok_or(ClientError::UnexpectedResponse)?;
        self.accept_roster(&roster, signed, hash)
    }

    /// Records an accepted roster and applies it to the contacts, in one commit.
    pub(crate) fn accept_roster(
        &mut self,
        roster: &Roster,
        signed: &SignedRoster,
        hash: [u8; 32],
    ) -> Result<RosterUpdate> {
        let txn = self.txn();
        let mut key_changes = Vec::new();
        let mut changes = Changes::default();
        let mut listed = Vec::new();
        for entry in &roster.entries {
            if entry.mailbox == self.mailbox {
                continue;
            }
            listed.push(entry.mailbox);
            let identity = IdentityKey::decode(&entry.identity_key)
                .map_err(|_| ClientError::RosterRefused(RosterRefusal::Malformed))?;
            let address = Self::address_of(&entry.mailbox);
            let contact = match self.contact_by_mailbox(&entry.mailbox)? {
                Some(mut c) => {
                    if c.identity_key != entry.identity_key {
                        // The Centre signed a new key: use it, drop the old session, and say so.
                        key_changes.push(entry.name.clone());
                        txn.forget_session(&address);
                        c.identity_key = entry.identity_key.clone();
                    }
                    c.pending_identity_key = None;
                    c.role = Some(entry.role);
                    c.term_end = entry.term_end;
                    c
                }
                None => Contact {
                    name: self.free_name(&entry.name)?,
                    mailbox: entry.mailbox,
                    identity_key: entry.identity_key.clone(),
                    relay_address: self.record.relay_address.clone(),
                    relay_pin: self.record.relay_pin,
                    verified: false,
                    pending_identity_key: None,
                    added_at: now_ms(),
                    role: Some(entry.role),
                    term_end: entry.term_end,
                },
            };
            txn.set_identity(&address, &identity);
            self.stage_contact(&mut changes, &contact);
        }
        // People no longer on the roster stay contacts, without a role.
        for mut c in self.contacts()? {
            if c.role.is_some() && !listed.contains(&c.mailbox) {
                c.role = None;
                self.stage_contact(&mut changes, &c);
            }
        }
        let mut all = txn.take_changes();
        all.absorb(changes);
        all.put(LocalStore::key(Ns::Meta, ROSTER_ID), signed.to_bytes());
        self.record.roster_version = roster.version;
        self.record.roster_hash = hash;
        self.stage_record(&mut all);
        self.store.commit(all)?;
        Ok(RosterUpdate {
            version: roster.version,
            key_changes,
        })
    }

    /// A contact name not yet taken, based on `name`.
    fn free_name(&self, name: &str) -> Result<String> {
        let taken: Vec<String> = self
            .contacts()?
            .into_iter()
            .map(|c| c.name.to_lowercase())
            .collect();
        let mut candidate = name.to_string();
        let mut n = 2;
        while taken.contains(&candidate.to_lowercase()) {
            candidate = format!("{name} ({n})");
            n += 1;
        }
        Ok(candidate)
    }

    /// The roster accepted last, if any.
    pub fn roster(&self) -> Result<Option<Roster>> {
        let Some(raw) = self.store.get(&LocalStore::key(Ns::Meta, ROSTER_ID))? else {
            return Ok(None);
        };
        SignedRoster::from_bytes(&raw)
            .and_then(|s| s.roster())
            .map(Some)
            .map_err(|e| ClientError::Corrupt(format!("roster: {e}")))
    }

    /// The role the accepted roster gives a mailbox now (none once the term has ended).
    pub fn roster_role(&self, mailbox: &MailboxId) -> Option<Role> {
        self.roster()
            .ok()
            .flatten()
            .and_then(|r| r.active_role(mailbox, now_ms()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amicus_protocol::RosterEntry;
    use libsignal_protocol::KeyPair;

    fn sign(root: &KeyPair, version: u64, previous: [u8; 32], who: u8) -> SignedRoster {
        let body = Roster {
            version,
            previous,
            issued_at: 1,
            entries: vec![RosterEntry {
                name: format!("Member {who}"),
                role: Role::Member,
                mailbox: MailboxId([who; 32]),
                identity_key: vec![5; 33],
                term_end: 0,
            }],
        }
        .encode();
        let signature = root
            .private_key
            .calculate_signature(&SignedRoster::signed_message(&body), &mut rand::rng())
            .unwrap()
            .to_vec();
        SignedRoster {
            root_key: root.public_key.serialize().to_vec(),
            body,
            signature,
        }
    }

    #[test]
    fn chain_rules() {
        let root = KeyPair::generate(&mut rand::rng());
        let rogue = KeyPair::generate(&mut rand::rng());
        let pinned = root.public_key.serialize().to_vec();
        let v1 = sign(&root, 1, [0; 32], 1);
        let v2 = sign(&root, 2, v1.hash(), 2);
        let v3 = sign(&root, 3, v2.hash(), 3);
        // From nothing, the whole chain.
        let (newest, hash) = verify_chain(&pinned, None, &[v1.clone(), v2.clone()])
            .unwrap()
            .unwrap();
        assert_eq!((newest.version, hash), (2, v2.hash()));
        // From v2: v2 again then v3.
        let head = Some((2, v2.hash()));
        assert_eq!(
            verify_chain(&pinned, head, &[v2.clone(), v3.clone()])
                .unwrap()
                .unwrap()
                .0
                .version,
            3
        );
        assert_eq!(
            verify_chain(&pinned, head, std::slice::from_ref(&v2)).unwrap(),
            None
        );
        // Rolled back: the relay no longer offers v2.
        assert_eq!(
            verify_chain(&pinned, head, &[]),
            Err(RosterRefusal::Older { seen: 2 })
        );
        assert_eq!(
            verify_chain(&pinned, head, std::slice::from_ref(&v1)),
            Err(RosterRefusal::Older { seen: 2 })
        );
        // Forked: another v2 signed by the same root.
        let other_v2 = sign(&root, 2, v1.hash(), 9);
        assert_eq!(
            verify_chain(&pinned, head, std::slice::from_ref(&other_v2)),
            Err(RosterRefusal::Fork { version: 2 })
        );
        // A v3 that does not name v2.
        let stray_v3 = sign(&root, 3, other_v2.hash(), 3);
        assert_eq!(
            verify_chain(&pinned, head, &[v2.clone(), stray_v3]),
            Err(RosterRefusal::Fork { version: 3 })
        );
        // Forged: signed by another key, or tampered after signing.
        let forged = sign(&rogue, 3, v2.hash(), 3);
        assert_eq!(
            verify_chain(&pinned, head, &[v2.clone(), forged]),
            Err(RosterRefusal::NotSignedByCentre { version: 3 })
        );
        let mut tampered = v3.clone();
        tampered.root_key = pinned.clone();
        tampered.signature[0] ^= 1;
        assert_eq!(
            verify_chain(&pinned, head, &[v2.clone(), tampered]),
            Err(RosterRefusal::NotSignedByCentre { version: 3 })
        );
        // Skipping a version.
        assert_eq!(
            verify_chain(&pinned, None, &[v2]),
            Err(RosterRefusal::Gap {
                expected: 1,
                found: 2
            })
        );
    }
}
