//! Checking a chain of signed roster versions against the Centre root a profile pinned.
//! Pure: the caller fetches what the relay offers and stores what is accepted.

use amicus_protocol::{Roster, SignedRoster};
use libsignal_protocol::PublicKey;

/// Why a roster offered by the relay was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterRefusal {
    /// Not signed by the Centre root this profile pinned (or the signature is invalid).
    NotSignedByCentre {
        /// The version offered.
        version: u64,
    },
    /// The relay offers nothing as new as the version this device has already seen.
    Older {
        /// The version already seen.
        seen: u64,
    },
    /// A version with the number this device has seen but different content, or one that
    /// does not name its predecessor's hash.
    Fork {
        /// The version that forks.
        version: u64,
    },
    /// A version number is skipped or repeated.
    Gap {
        /// The version that should come next.
        expected: u64,
        /// The version offered instead.
        found: u64,
    },
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

#[cfg(test)]
mod tests {
    use super::*;
    use amicus_protocol::{MailboxId, Role, RosterEntry};
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
