//! The Centre's administration: its root signing key, the signed roster, invitations, and
//! enrolment from an invitation.
//!
//! The root key is created in the administrator's profile and kept there, sealed by the
//! local store under the profile's passphrase like every other secret. The administrator's
//! own mailbox becomes the Centre's intake on the first roster.

use amicus_protocol::{
    ContactCard, ErrorCode, Invitation, InvitedRole, Request, Response, Role, Roster, RosterEntry,
    SignedRoster,
};
use libsignal_protocol::{IdentityKey, KeyPair, PrivateKey, PublicKey};
use rand::RngCore as _;
use zeroize::Zeroizing;

use crate::error::{ClientError, Result};
use crate::flows::roster::RosterUpdate;
use crate::profile::Profile;

/// Longest an invitation may be valid (the relay enforces the same).
pub const MAX_INVITATION_DAYS: u64 = 90;

impl Profile {
    /// Whether this profile holds the Centre's root signing key.
    pub fn is_centre_admin(&self) -> bool {
        !self.record.centre_root_private.is_empty()
    }

    /// The pinned Centre root public key, if any.
    pub fn centre_root(&self) -> Option<&[u8]> {
        (!self.record.centre_root.is_empty()).then_some(self.record.centre_root.as_slice())
    }

    /// Creates the Centre's root key in this profile and publishes the first roster, with
    /// this profile as the Centre's intake. Returns the root public key.
    pub async fn centre_init(&mut self, intake_name: &str) -> Result<Vec<u8>> {
        if self.is_centre_admin() || !self.record.centre_root.is_empty() {
            return Err(ClientError::CentreExists);
        }
        let root = KeyPair::generate(&mut rand::rng());
        self.record.centre_root = root.public_key.serialize().to_vec();
        self.record.centre_root_private = Zeroizing::new(root.private_key.serialize());
        self.save_record()?;
        let me = RosterEntry {
            name: intake_name.trim().to_string(),
            role: Role::Intake,
            mailbox: self.mailbox,
            identity_key: self.identity_key().serialize().to_vec(),
            term_end: 0,
        };
        self.publish_roster(vec![me]).await?;
        Ok(self.record.centre_root.clone())
    }

    /// The entries of the newest roster this profile accepted.
    pub fn roster_entries(&self) -> Result<Vec<RosterEntry>> {
        Ok(self.roster()?.map(|r| r.entries).unwrap_or_default())
    }

    /// Signs and publishes the next roster version with `entries`, then applies it here.
    pub async fn publish_roster(&mut self, entries: Vec<RosterEntry>) -> Result<u64> {
        let private = PrivateKey::deserialize(&self.record.centre_root_private)
            .map_err(|_| ClientError::NotCentreAdmin)?;
        // Extend the chain the relay actually has.
        let link = self.owner_link().await?;
        if self.record.roster_version > 0 {
            self.update_roster(&link).await?;
        }
        let roster = Roster {
            version: self.record.roster_version + 1,
            previous: self.record.roster_hash,
            issued_at: self.now_ms(),
            entries,
        };
        let body = roster.encode();
        let signature = private
            .calculate_signature(&SignedRoster::signed_message(&body), &mut rand::rng())
            .map_err(|e| ClientError::Signal(e.to_string()))?
            .to_vec();
        let signed = SignedRoster {
            root_key: self.record.centre_root.clone(),
            body,
            signature,
        };
        let response = link
            .call_ok(&Request::PublishRoster {
                roster: signed.to_bytes(),
            })
            .await;
        link.close().await;
        match response? {
            Response::RosterStored { .. } => {}
            _ => return Err(ClientError::UnexpectedResponse),
        }
        let hash = signed.hash();
        self.accept_roster(&roster, &signed, hash)?;
        Ok(roster.version)
    }

    /// Adds (or replaces) a person on the roster from their contact card.
    pub async fn roster_add(
        &mut self,
        card_text: &str,
        role: Role,
        name: Option<&str>,
        term_end: u64,
    ) -> Result<u64> {
        let card = ContactCard::from_text(card_text).map_err(ClientError::BadCard)?;
        IdentityKey::decode(&card.identity_key).map_err(|_| {
            ClientError::BadCard(amicus_protocol::DecodeError::InvalidValue {
                field: "identity_key",
            })
        })?;
        if card.relay_pin != self.record.relay_pin {
            return Err(ClientError::OtherRelay(card.name));
        }
        let name = name.unwrap_or(&card.name).trim().to_string();
        if name.is_empty() || name.len() > amicus_protocol::limits::MAX_NAME_LEN {
            return Err(ClientError::BadName);
        }
        let mut entries = self.roster_entries()?;
        // A person is one entry: the same name for another mailbox is refused (the
        // administrator removes the old entry first), never added beside it.
        if entries
            .iter()
            .any(|e| e.mailbox != card.mailbox && same_name(&e.name, &name))
        {
            return Err(ClientError::RosterNameTaken(name));
        }
        entries.retain(|e| e.mailbox != card.mailbox);
        entries.push(RosterEntry {
            name,
            role,
            mailbox: card.mailbox,
            identity_key: card.identity_key,
            term_end,
        });
        self.publish_roster(entries).await
    }

    /// Takes a person off the roster (end of term, departure). `who` is their name, or the
    /// start of their mailbox id (at least 8 hex digits) where a name is ambiguous.
    pub async fn roster_remove(&mut self, who: &str) -> Result<u64> {
        let mut entries = self.roster_entries()?;
        let who = who.trim();
        let by_id = |e: &RosterEntry| who.len() >= 8 && e.mailbox.to_hex().starts_with(who);
        let matches: Vec<&RosterEntry> = entries
            .iter()
            .filter(|e| same_name(&e.name, who) || by_id(e))
            .collect();
        match matches.as_slice() {
            [] => return Err(ClientError::UnknownContact(who.to_string())),
            [one] => {
                let mailbox = one.mailbox;
                entries.retain(|e| e.mailbox != mailbox);
            }
            many => {
                return Err(ClientError::AmbiguousName {
                    name: who.to_string(),
                    choices: many
                        .iter()
                        .map(|e| format!("{} ({})", e.name, &e.mailbox.to_hex()[..12]))
                        .collect(),
                });
            }
        }
        self.publish_roster(entries).await
    }

    /// Accepts an invitation into this existing profile: the same identity, mailbox and
    /// contacts, now enrolled with the Centre. The invitation's token is used with this
    /// profile's mailbox key, the Centre's root is pinned, and the roster is followed. A
    /// code for another relay, an expired one, or one from another Centre than the one
    /// this profile follows changes nothing.
    pub async fn accept_invitation(&mut self, invitation: &Invitation) -> Result<RosterUpdate> {
        if invitation.relay_pin != self.record.relay_pin {
            return Err(ClientError::OtherRelay(invitation.relay_address.clone()));
        }
        if invitation.expires_at <= self.now_ms() / 1000 {
            return Err(ClientError::Relay(ErrorCode::InvitationExpired));
        }
        if !self.record.centre_root.is_empty() && self.record.centre_root != invitation.centre_root
        {
            return Err(ClientError::CentreExists);
        }
        PublicKey::deserialize(&invitation.centre_root).map_err(|_| {
            ClientError::BadInvitation(amicus_protocol::DecodeError::InvalidValue {
                field: "centre_root",
            })
        })?;
        let link = self.owner_link().await?;
        let enrolled = link
            .call_ok(&Request::Enrol {
                token: invitation.token,
            })
            .await;
        let update = match enrolled {
            Ok(Response::Enrolled) => {
                self.record.centre_root = invitation.centre_root.clone();
                self.save_record()?;
                self.update_roster(&link).await
            }
            Ok(_) => Err(ClientError::UnexpectedResponse),
            Err(e) => Err(e),
        };
        link.close().await;
        update
    }

    /// Creates a single-use invitation, valid for `days`, registered with the relay by its
    /// token hash. Only Centre staff on the roster can.
    pub async fn invite(&mut self, role: InvitedRole, days: u64) -> Result<Invitation> {
        if self.record.centre_root.is_empty() {
            return Err(ClientError::NoCentre);
        }
        if days == 0 || days > MAX_INVITATION_DAYS {
            return Err(ClientError::BadInvitationDays(MAX_INVITATION_DAYS));
        }
        let mut token = [0u8; 32];
        rand::rng().fill_bytes(&mut token);
        let invitation = Invitation {
            relay_address: self.record.relay_address.clone(),
            relay_pin: self.record.relay_pin,
            centre_root: self.record.centre_root.clone(),
            role,
            token,
            expires_at: self.now_ms() / 1000 + days * 86_400,
        };
        let link = self.owner_link().await?;
        let response = link
            .call_ok(&Request::CreateInvitation {
                token_hash: invitation.token_hash(),
                expires_at: invitation.expires_at,
            })
            .await;
        link.close().await;
        match response? {
            Response::InvitationStored => Ok(invitation),
            _ => Err(ClientError::UnexpectedResponse),
        }
    }
}

/// Names compare as people read them: ignoring case and surrounding spaces.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}
