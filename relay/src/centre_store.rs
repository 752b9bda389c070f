//! The Centre's records on the relay: signed roster versions, invitation token hashes, and
//! which mailboxes enrolled with an invitation. One sled tree with prefixed keys, so the
//! checks and writes of one operation run in one single-tree transaction.
//!
//! Keys:
//! - `r | version u64` -> signed roster bytes (as published; the relay cannot forge them)
//! - `k`               -> the Centre root key adopted from the first roster (when the
//!   configuration does not name one)
//! - `i | token hash [32]` -> `expires_at u64 | used u8`
//! - `e | mailbox index [32]` -> `()` (enrolled with an invitation)
//!
//! Nothing here is sealed: the roster is signed public data about members and staff (never
//! defenders), token hashes do not reveal tokens, and enrolment marks use the same one-way
//! mailbox index as the rest of the store.

use amicus_protocol::MailboxId;
use sha2::{Digest, Sha256};
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::error::RelayError;
use amicus_protocol::ErrorCode;

const ROSTER: u8 = b'r';
const INVITATION: u8 = b'i';
const ENROLLED: u8 = b'e';
const ROOT: &[u8] = b"k";

fn roster_key(version: u64) -> Vec<u8> {
    let mut k = vec![ROSTER];
    k.extend_from_slice(&version.to_be_bytes());
    k
}

fn invitation_key(token_hash: &[u8; 32]) -> Vec<u8> {
    [&[INVITATION][..], token_hash].concat()
}

/// The same one-way index the mailbox store uses, under its own label.
fn enrolled_key(mailbox: &MailboxId) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"amicus/relay/enrolled/v1");
    h.update(mailbox.0);
    [&[ENROLLED][..], &h.finalize()[..]].concat()
}

#[derive(Clone)]
pub struct CentreStore {
    tree: sled::Tree,
}

impl CentreStore {
    pub fn open(db: &sled::Db) -> Result<Self, RelayError> {
        Ok(CentreStore {
            tree: db.open_tree("centre")?,
        })
    }

    /// The newest stored roster version and its bytes.
    pub fn latest_roster(&self) -> Result<Option<(u64, Vec<u8>)>, RelayError> {
        let Some((k, v)) = self.tree.scan_prefix([ROSTER]).next_back().transpose()? else {
            return Ok(None);
        };
        let version: [u8; 8] = k[1..]
            .try_into()
            .map_err(|_| RelayError::Corrupt("roster key"))?;
        Ok(Some((u64::from_be_bytes(version), v.to_vec())))
    }

    /// Roster versions after `since`, oldest first, at most `max`; and whether more follow.
    pub fn rosters_after(
        &self,
        since: u64,
        max: usize,
    ) -> Result<(Vec<Vec<u8>>, bool), RelayError> {
        let start = roster_key(since.saturating_add(1));
        let mut out = Vec::new();
        for entry in self.tree.range(start..roster_key(u64::MAX)) {
            let (_, v) = entry?;
            if out.len() == max {
                return Ok((out, true));
            }
            out.push(v.to_vec());
        }
        Ok((out, false))
    }

    /// Stores a roster version. The caller has checked the signature and the chain; this
    /// only refuses to overwrite a version (first write wins).
    pub fn put_roster(&self, version: u64, signed: &[u8]) -> Result<(), RelayError> {
        self.tree
            .compare_and_swap(roster_key(version), None as Option<&[u8]>, Some(signed))?
            .map_err(|_| RelayError::Refused(ErrorCode::RosterRejected))
    }

    /// Removes a roster version. Only for operators repairing a store (and tests that play
    /// a relay rolling the roster back).
    pub fn remove_roster(&self, version: u64) -> Result<(), RelayError> {
        self.tree.remove(roster_key(version))?;
        Ok(())
    }

    /// Replaces a roster version without checks: tests use it to play a compromised relay.
    pub fn overwrite_roster(&self, version: u64, signed: &[u8]) -> Result<(), RelayError> {
        self.tree.insert(roster_key(version), signed)?;
        Ok(())
    }

    pub fn adopted_root(&self) -> Result<Option<Vec<u8>>, RelayError> {
        Ok(self.tree.get(ROOT)?.map(|v| v.to_vec()))
    }

    pub fn adopt_root(&self, root: &[u8]) -> Result<(), RelayError> {
        self.tree
            .compare_and_swap(ROOT, None as Option<&[u8]>, Some(root))?
            .map_err(|_| RelayError::Refused(ErrorCode::RosterRejected))
    }

    pub fn put_invitation(&self, token_hash: &[u8; 32], expires_at: u64) -> Result<(), RelayError> {
        let mut v = expires_at.to_be_bytes().to_vec();
        v.push(0);
        self.tree
            .compare_and_swap(invitation_key(token_hash), None as Option<&[u8]>, Some(v))?
            .map_err(|_| RelayError::Refused(ErrorCode::InvitationUsed))
    }

    /// Uses an invitation once and marks the mailbox enrolled, in one transaction.
    pub fn enrol(
        &self,
        token_hash: &[u8; 32],
        mailbox: &MailboxId,
        now: u64,
    ) -> Result<(), RelayError> {
        let key = invitation_key(token_hash);
        let enrolled = enrolled_key(mailbox);
        let result = self.tree.transaction(|t| {
            let refuse = |code| Err(ConflictableTransactionError::Abort(code));
            let Some(v) = t.get(&key)? else {
                return refuse(ErrorCode::InvitationUnknown);
            };
            if v.len() != 9 {
                return refuse(ErrorCode::Internal);
            }
            let mut expires = [0u8; 8];
            expires.copy_from_slice(&v[..8]);
            if v[8] != 0 {
                return refuse(ErrorCode::InvitationUsed);
            }
            if u64::from_be_bytes(expires) <= now {
                return refuse(ErrorCode::InvitationExpired);
            }
            let mut used = v.to_vec();
            used[8] = 1;
            t.insert(key.as_slice(), used)?;
            t.insert(enrolled.as_slice(), &[][..])?;
            Ok(())
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(code)) => Err(RelayError::Refused(code)),
            Err(TransactionError::Storage(e)) => Err(RelayError::Storage(e)),
        }
    }

    pub fn is_enrolled(&self, mailbox: &MailboxId) -> Result<bool, RelayError> {
        Ok(self.tree.contains_key(enrolled_key(mailbox))?)
    }

    /// Deletes invitations that expired before `cutoff` (used or not).
    pub fn expire_invitations(&self, cutoff: u64) -> Result<u64, RelayError> {
        let mut deleted = 0;
        for entry in self.tree.scan_prefix([INVITATION]) {
            let (k, v) = entry?;
            let mut expires = [0u8; 8];
            if v.len() == 9 {
                expires.copy_from_slice(&v[..8]);
            }
            if u64::from_be_bytes(expires) < cutoff {
                self.tree.remove(k)?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_are_single_use_and_expire() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let store = CentreStore::open(&db).unwrap();
        let (a, b) = (MailboxId([1; 32]), MailboxId([2; 32]));
        store.put_invitation(&[7; 32], 100).unwrap();
        store.put_invitation(&[8; 32], 10).unwrap();
        let code = |r: Result<(), RelayError>| r.unwrap_err().code();
        assert_eq!(
            code(store.enrol(&[9; 32], &a, 50)),
            ErrorCode::InvitationUnknown
        );
        assert_eq!(
            code(store.enrol(&[8; 32], &a, 50)),
            ErrorCode::InvitationExpired
        );
        assert!(!store.is_enrolled(&a).unwrap());
        store.enrol(&[7; 32], &a, 50).unwrap();
        assert!(store.is_enrolled(&a).unwrap());
        assert_eq!(
            code(store.enrol(&[7; 32], &b, 50)),
            ErrorCode::InvitationUsed
        );
        assert!(!store.is_enrolled(&b).unwrap());
        assert_eq!(store.expire_invitations(60).unwrap(), 1);
    }

    #[test]
    fn rosters_are_served_in_order_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let store = CentreStore::open(&db).unwrap();
        for v in 1..=5u64 {
            store.put_roster(v, &[v as u8]).unwrap();
        }
        assert!(store.put_roster(3, &[9]).is_err());
        assert_eq!(store.latest_roster().unwrap(), Some((5, vec![5])));
        assert_eq!(
            store.rosters_after(1, 2).unwrap(),
            (vec![vec![2], vec![3]], true)
        );
        assert_eq!(
            store.rosters_after(3, 5).unwrap(),
            (vec![vec![4], vec![5]], false)
        );
    }
}
