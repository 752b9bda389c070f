//! Following the Centre's signed roster. A client pins the Centre's root key at enrolment
//! and accepts a roster only if the root signed it and it extends, version by version, the
//! chain the client has already seen. Roster entries become contacts marked with their role;
//! a key the roster changes is reported loudly.

use amicus_protocol::{MailboxId, Request, Response, Role, Roster, SignedRoster};
use libsignal_protocol::IdentityKey;

use amicus_core::roster::{RosterRefusal, verify_chain};

use crate::error::{ClientError, Result};
use crate::net::link::RelayLink;
use crate::profile::Profile;
use crate::records::Contact;
use crate::store::{Changes, LocalStore, Ns};

const ROSTER_ID: &[u8] = b"roster";
/// Most roster fetches in one update (16 versions each).
const MAX_ROSTER_ROUNDS: usize = 64;

/// What a roster update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RosterUpdate {
    pub version: u64,
    pub key_changes: Vec<String>,
}

impl Profile {
    /// Fetches and checks the roster over a connection of its own (anonymous: following
    /// the roster needs no mailbox proof).
    pub async fn refresh_roster(&mut self) -> Result<RosterUpdate> {
        let link = self.anonymous_link().await?;
        let update = self.update_roster(&link).await;
        link.close().await;
        update
    }

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
                    added_at: self.now_ms(),
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
            .and_then(|r| r.active_role(mailbox, self.now_ms()))
    }

    /// The name the Centre's signed roster gives a mailbox: what others are told (in
    /// receipts, for example), whatever this device calls the contact locally (a local
    /// name may carry a "(2)" to tell it from an older personal contact).
    pub(crate) fn roster_name(&self, mailbox: &MailboxId) -> Option<String> {
        self.roster()
            .ok()
            .flatten()?
            .entries
            .into_iter()
            .find(|e| e.mailbox == *mailbox)
            .map(|e| e.name)
    }
}
