//! The Centre's administration: its root signing key, the signed roster, invitations, and
//! enrolment from an invitation.
//!
//! The root key is created in the administrator's profile and kept there, sealed by the
//! local store under the profile's passphrase like every other secret. The administrator's
//! own mailbox becomes the Centre's intake on the first roster.

use amicus_protocol::{
    ContactCard, Invitation, InvitedRole, Request, Response, Role, Roster, RosterEntry,
    SignedRoster,
};
use libsignal_protocol::{IdentityKey, KeyPair, PrivateKey};
use rand::RngCore as _;
use zeroize::Zeroizing;

use crate::error::{ClientError, Result};
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

    /// Takes a person off the roster (end of term, departure).
    pub async fn roster_remove(&mut self, name: &str) -> Result<u64> {
        let mut entries = self.roster_entries()?;
        let before = entries.len();
        entries.retain(|e| !e.name.eq_ignore_ascii_case(name.trim()));
        if entries.len() == before {
            return Err(ClientError::UnknownContact(name.to_string()));
        }
        self.publish_roster(entries).await
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
