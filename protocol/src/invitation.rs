//! Invitation codes: everything a new user needs to join, in one string Centre staff hand
//! over in person or through a channel they trust. The code carries the relay's address and
//! pin, the Centre's root key (so the new client pins the roster's signer from the start),
//! the role offered and a single-use enrolment token the relay knows only by its hash.
//!
//! Text form: `amicus-invite:` then unpadded base64url of
//! `version u8 (=1) | relay_address str | relay_pin [32] | centre_root bytes | role u8 |
//! token [32] | expires_at u64 (seconds) | checksum [4]` (checksum as on contact cards).

use sha2::{Digest, Sha256};

use crate::card::{armour, dearmour};
use crate::codec::{Reader, Writer};
use crate::error::DecodeError;
use crate::ids::RelayPin;
use crate::limits::{MAX_ADDRESS_LEN, MAX_KEY_LEN};

const PREFIX: &str = "amicus-invite:";
const INVITATION_VERSION: u8 = 1;

/// The role an invitation offers. Defenders never appear on the roster; members and staff
/// are added to it by the Centre once enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitedRole {
    /// A defender: may write to the Centre and give it mandates.
    Defender,
    /// A Committee member.
    Member,
    /// Centre staff.
    Staff,
}

impl InvitedRole {
    /// The role's byte on the wire.
    pub fn to_u8(self) -> u8 {
        match self {
            InvitedRole::Defender => 1,
            InvitedRole::Member => 2,
            InvitedRole::Staff => 3,
        }
    }

    /// The role for a byte; an unknown one is `InvalidValue`.
    pub fn from_u8(v: u8) -> Result<Self, DecodeError> {
        match v {
            1 => Ok(InvitedRole::Defender),
            2 => Ok(InvitedRole::Member),
            3 => Ok(InvitedRole::Staff),
            _ => Err(DecodeError::InvalidValue { field: "role" }),
        }
    }
}

/// A single-use invitation, handed over as `amicus-invite:` text.
#[derive(Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The relay's address, `host:port`.
    pub relay_address: String,
    /// The relay's pin.
    pub relay_pin: RelayPin,
    /// The Centre's root key, which the new profile pins.
    pub centre_root: Vec<u8>,
    /// Whom the invitation is for.
    pub role: InvitedRole,
    /// Single use; the relay stores only [`Invitation::token_hash`].
    pub token: [u8; 32],
    /// Seconds since the Unix epoch.
    pub expires_at: u64,
}

// The token is a bearer secret: keep it out of debug output and logs.
impl std::fmt::Debug for Invitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Invitation")
            .field("relay_address", &self.relay_address)
            .field("role", &self.role)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// What the relay keeps of a token: a domain-separated hash.
pub fn token_hash(token: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"amicus/invitation/v1");
    h.update(token);
    h.finalize().into()
}

impl Invitation {
    /// The invitation as `amicus-invite:` text.
    pub fn to_text(&self) -> String {
        let mut w = Writer::new();
        w.u8(INVITATION_VERSION);
        w.str(&self.relay_address);
        w.fixed(&self.relay_pin.0);
        w.bytes(&self.centre_root);
        w.u8(self.role.to_u8());
        w.fixed(&self.token);
        w.u64(self.expires_at);
        armour(PREFIX, w.into_bytes())
    }

    /// Parses an invitation code; whitespace is ignored. Total.
    pub fn from_text(text: &str) -> Result<Self, DecodeError> {
        let body = dearmour(PREFIX, text)?;
        let mut r = Reader::new(&body);
        let version = r.u8()?;
        if version != INVITATION_VERSION {
            return Err(DecodeError::UnsupportedVersion(version));
        }
        let invitation = Invitation {
            relay_address: r.string("relay_address", MAX_ADDRESS_LEN)?,
            relay_pin: RelayPin(r.fixed()?),
            centre_root: r.bytes_vec("centre_root", MAX_KEY_LEN)?,
            role: InvitedRole::from_u8(r.u8()?)?,
            token: r.fixed()?,
            expires_at: r.u64()?,
        };
        r.finish()?;
        Ok(invitation)
    }

    /// SHA-256 of the token: all the relay ever stores of it.
    pub fn token_hash(&self) -> [u8; 32] {
        token_hash(&self.token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample() -> Invitation {
        Invitation {
            relay_address: "relay.example.org:4433".into(),
            relay_pin: RelayPin([1; 32]),
            centre_root: vec![5; 33],
            role: InvitedRole::Member,
            token: [3; 32],
            expires_at: 1_800_000_000,
        }
    }

    #[test]
    fn round_trips_and_is_not_a_card() {
        let text = sample().to_text();
        assert!(text.starts_with("amicus-invite:"));
        assert_eq!(Invitation::from_text(&text).unwrap(), sample());
        assert!(crate::ContactCard::from_text(&text).is_err());
        assert!(!format!("{:?}", sample()).contains("3, 3"));
    }

    proptest! {
        #[test]
        fn any_text_gives_ok_or_err(s in ".{0,300}") {
            let _ = Invitation::from_text(&s);
            let _ = Invitation::from_text(&format!("amicus-invite:{s}"));
        }
    }
}
