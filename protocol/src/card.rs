//! Contact cards: the short string people exchange (by QR code, Signal message, paper) to add
//! each other. It carries the relay address and pin, the mailbox and the libsignal identity
//! key, so the first message can be sent without asking anyone else.
//!
//! Text form: `amicus:` followed by unpadded base64url of
//! `version u8 (=1) | name str | relay_address str | relay_pin [32] | mailbox [32] |
//! identity_key bytes | checksum [4]`, where `str` and `bytes` are u32-length-prefixed and
//! the checksum is the first 4 bytes of SHA-256 over everything before it (it catches copy
//! errors; authenticity comes from comparing safety numbers).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::codec::{Reader, Writer};
use crate::error::DecodeError;
use crate::ids::{MailboxId, RelayPin};
use crate::limits::{MAX_ADDRESS_LEN, MAX_KEY_LEN, MAX_NAME_LEN};

const PREFIX: &str = "amicus:";
const CARD_VERSION: u8 = 1;
/// Longest card text accepted, checked before decoding base64.
const MAX_CARD_TEXT: usize = 2048;

/// A person's contact card: what another client needs to write to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactCard {
    /// The name the card's owner chose (the receiver may rename the contact).
    pub name: String,
    /// The relay's address, `host:port`.
    pub relay_address: String,
    /// The relay's pin (SHA-256 of its key).
    pub relay_pin: RelayPin,
    /// The owner's mailbox on that relay.
    pub mailbox: MailboxId,
    /// The owner's libsignal identity key, serialized (33 bytes).
    pub identity_key: Vec<u8>,
}

impl ContactCard {
    /// The card as text: `amicus:` and base64url of the fields and a checksum.
    pub fn to_text(&self) -> String {
        let mut w = Writer::new();
        w.u8(CARD_VERSION);
        w.str(&self.name);
        w.str(&self.relay_address);
        w.fixed(&self.relay_pin.0);
        w.fixed(&self.mailbox.0);
        w.bytes(&self.identity_key);
        armour(PREFIX, w.into_bytes())
    }

    /// Parses a card. Whitespace (line breaks from copying) is ignored. Total.
    pub fn from_text(text: &str) -> Result<Self, DecodeError> {
        let body = dearmour(PREFIX, text)?;
        let mut r = Reader::new(&body);
        let version = r.u8()?;
        if version != CARD_VERSION {
            return Err(DecodeError::UnsupportedVersion(version));
        }
        let card = ContactCard {
            name: r.string("name", MAX_NAME_LEN)?,
            relay_address: r.string("relay_address", MAX_ADDRESS_LEN)?,
            relay_pin: RelayPin(r.fixed()?),
            mailbox: MailboxId(r.fixed()?),
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
        };
        r.finish()?;
        Ok(card)
    }
}

/// `prefix` then base64url of `body | checksum`, the checksum being the first 4 bytes of
/// SHA-256 over `body` (it catches copy errors, not forgeries).
pub(crate) fn armour(prefix: &str, mut body: Vec<u8>) -> String {
    let checksum = Sha256::digest(&body);
    body.extend_from_slice(&checksum[..4]);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(body))
}

/// The body of an armoured text, whitespace ignored. Total.
pub(crate) fn dearmour(prefix: &str, text: &str) -> Result<Vec<u8>, DecodeError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let encoded = compact.strip_prefix(prefix).ok_or(DecodeError::NotACard)?;
    if encoded.len() > MAX_CARD_TEXT {
        return Err(DecodeError::TooLong {
            field: "card",
            len: encoded.len(),
            max: MAX_CARD_TEXT,
        });
    }
    let mut raw = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| DecodeError::NotACard)?;
    let Some(split) = raw.len().checked_sub(4) else {
        return Err(DecodeError::Truncated {
            needed: 4 - raw.len(),
        });
    };
    if Sha256::digest(&raw[..split])[..4] != raw[split..] {
        return Err(DecodeError::CardChecksum);
    }
    raw.truncate(split);
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn card() -> ContactCard {
        ContactCard {
            name: "Amina (CSO coalition)".into(),
            relay_address: "relay.example.org:4433".into(),
            relay_pin: RelayPin([1; 32]),
            mailbox: MailboxId([2; 32]),
            identity_key: vec![5; 33],
        }
    }

    #[test]
    fn round_trip_with_line_breaks() {
        let text = card().to_text();
        let wrapped = format!("{}\n  {}", &text[..20], &text[20..]);
        assert_eq!(ContactCard::from_text(&wrapped).unwrap(), card());
    }

    #[test]
    fn a_typo_is_caught_by_the_checksum() {
        let text = card().to_text();
        let mut chars: Vec<char> = text.chars().collect();
        let i = chars.len() / 2;
        chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(ContactCard::from_text(&typo).is_err());
    }

    #[test]
    fn not_a_card() {
        assert_eq!(ContactCard::from_text("hello"), Err(DecodeError::NotACard));
        assert!(ContactCard::from_text("amicus:").is_err());
        assert!(ContactCard::from_text("amicus:!!!").is_err());
    }

    proptest! {
        #[test]
        fn any_text_gives_ok_or_err(s in ".{0,300}") {
            let _ = ContactCard::from_text(&s);
            let _ = ContactCard::from_text(&format!("amicus:{s}"));
        }
    }
}
