//! A briefing as a structured document: what a defender tells the Committee, with the facts
//! the Committee files it under. All of it travels end to end inside a sealed envelope
//! (see [`crate::content`]); the relay sees none of it.

use amicus_protocol::DecodeError;
use amicus_protocol::codec::{Reader, Writer};
use sha2::{Digest, Sha256};

use crate::attachment::{AttachmentPointer, MAX_ATTACHMENTS};

/// The largest padded content of one envelope.
pub const MAX_PADDED_LEN: usize = 176 * 1024;
/// The largest encoded content (briefing and header) before padding.
pub const MAX_CONTENT_LEN: usize = MAX_PADDED_LEN - 1;
const MAX_FIELD_LEN: usize = 256;
const MAX_ARTICLES: usize = 64;

/// Where in the Committee's review cycle the briefing belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewStage {
    /// Not given.
    #[default]
    Unspecified,
    /// List of Issues Prior to Reporting.
    Loipr,
    /// List of Issues.
    Loi,
    /// The constructive dialogue with the State party.
    Dialogue,
    /// Follow-up to concluding observations.
    FollowUp,
}

impl ReviewStage {
    /// Every stage, in the order of the review cycle.
    pub const ALL: [ReviewStage; 5] = [
        ReviewStage::Unspecified,
        ReviewStage::Loipr,
        ReviewStage::Loi,
        ReviewStage::Dialogue,
        ReviewStage::FollowUp,
    ];

    fn to_u8(self) -> u8 {
        self as u8
    }

    fn from_u8(v: u8) -> Result<Self, DecodeError> {
        Self::ALL
            .get(usize::from(v))
            .copied()
            .ok_or(DecodeError::InvalidValue { field: "stage" })
    }

    /// The short name used on the command line and in the catalogues.
    pub fn code(self) -> &'static str {
        match self {
            ReviewStage::Unspecified => "none",
            ReviewStage::Loipr => "loipr",
            ReviewStage::Loi => "loi",
            ReviewStage::Dialogue => "dialogue",
            ReviewStage::FollowUp => "follow-up",
        }
    }

    /// The stage for its code (`loipr`, `loi`, `dialogue`, `follow-up`), if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// How the sender wants the content handled by those who receive it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Confidentiality {
    /// For the recipients only: not to be quoted or passed on.
    #[default]
    Confidential,
    /// May be quoted in the Committee's work without naming the source.
    Quotable,
    /// May be made public.
    Public,
}

impl Confidentiality {
    /// Every level.
    pub const ALL: [Confidentiality; 3] = [
        Confidentiality::Confidential,
        Confidentiality::Quotable,
        Confidentiality::Public,
    ];

    fn from_u8(v: u8) -> Result<Self, DecodeError> {
        Self::ALL
            .get(usize::from(v))
            .copied()
            .ok_or(DecodeError::InvalidValue {
                field: "confidentiality",
            })
    }

    /// The level's code (`confidential`, `quotable`, `public`).
    pub fn code(self) -> &'static str {
        match self {
            Confidentiality::Confidential => "confidential",
            Confidentiality::Quotable => "quotable",
            Confidentiality::Public => "public",
        }
    }

    /// The level for its code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A briefing: the text and the facts the Committee files it under.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Briefing {
    /// Same for every recipient of one briefing.
    pub message_id: [u8; 16],
    /// Sender's clock, milliseconds since the epoch.
    pub sent_at: u64,
    /// Its title (the inbox shows it).
    pub title: String,
    /// Its text.
    pub body: String,
    /// The State party concerned, as the sender writes it.
    pub state_party: String,
    /// The Committee session, for example "CCPR/C/142".
    pub session: String,
    /// Where in the review cycle it belongs.
    pub stage: ReviewStage,
    /// ICCPR articles concerned.
    pub articles: Vec<u16>,
    /// Language of the text: "en", "fr", "es" or empty.
    pub language: String,
    /// Whether the Committee may quote it.
    pub confidentiality: Confidentiality,
    /// Files uploaded once, encrypted, to the relay's blob store.
    pub attachments: Vec<AttachmentPointer>,
}

impl Briefing {
    /// Writes the briefing's fields.
    pub fn encode(&self, w: &mut Writer) {
        self.encode_fields(w);
        w.count(self.attachments.len());
        for a in &self.attachments {
            a.encode(w);
        }
    }

    fn encode_fields(&self, w: &mut Writer) {
        w.fixed(&self.message_id);
        w.u64(self.sent_at);
        w.str(&self.title);
        w.str(&self.body);
        w.str(&self.state_party);
        w.str(&self.session);
        w.u8(self.stage.to_u8());
        w.count(self.articles.len());
        for a in &self.articles {
            w.u16(*a);
        }
        w.str(&self.language);
        w.u8(self.confidentiality as u8);
    }

    /// A short reference to this briefing, the same for everyone who holds it: see
    /// [`reference`].
    pub fn reference(&self) -> String {
        reference(&self.message_id)
    }

    /// Reads a briefing; total.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Briefing {
            message_id: r.fixed()?,
            sent_at: r.u64()?,
            title: r.string("title", MAX_CONTENT_LEN)?,
            body: r.string("body", MAX_CONTENT_LEN)?,
            state_party: r.string("state_party", MAX_FIELD_LEN)?,
            session: r.string("session", MAX_FIELD_LEN)?,
            stage: ReviewStage::from_u8(r.u8()?)?,
            articles: {
                let n = r.count("articles", MAX_ARTICLES, 2)?;
                (0..n).map(|_| r.u16()).collect::<Result<_, _>>()?
            },
            language: r.string("language", 8)?,
            confidentiality: Confidentiality::from_u8(r.u8()?)?,
            attachments: {
                let n = r.count("attachments", MAX_ATTACHMENTS, 100)?;
                (0..n)
                    .map(|_| AttachmentPointer::decode(r))
                    .collect::<Result<_, _>>()?
            },
        })
    }

    /// The hash a mandate names: SHA-256 over a label and the briefing's encoding (every
    /// field, including its id and time), so a presentation can be checked against it.
    /// Attachments count by what they are (size, digest, name, type), not where they are
    /// stored: the Centre re-uploads them to present them.
    pub fn hash(&self) -> [u8; 32] {
        let mut w = Writer::new();
        self.encode_fields(&mut w);
        w.count(self.attachments.len());
        for a in &self.attachments {
            a.encode_described(&mut w);
        }
        let mut h = Sha256::new();
        h.update(b"amicus/briefing/v2");
        h.update(w.into_bytes());
        h.finalize().into()
    }

    /// Parses "7, 9,14" into article numbers (1 to 27, the ICCPR's substantive articles
    /// and beyond up to 53 for procedural ones).
    pub fn parse_articles(text: &str) -> Option<Vec<u16>> {
        text.split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<u16>().ok().filter(|n| (1..=53).contains(n)))
            .collect()
    }
}

/// Crockford's base-32 alphabet: no I, L, O or U, so a reference read aloud or copied by
/// hand is not misread.
const REFERENCE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A short reference (`K7Q2-9XZM`) for the briefing with this message id. The defender, the
/// Centre's staff and the member it is presented to all hold the same message id (it travels
/// inside the end-to-end content and is covered by the mandate's hash), so they can speak of
/// "briefing K7Q2-9XZM" to each other; the relay never sees it.
pub fn reference(message_id: &[u8; 16]) -> String {
    let mut h = Sha256::new();
    h.update(b"amicus/reference/v1");
    h.update(message_id);
    let digest: [u8; 32] = h.finalize().into();
    let bits = u64::from_be_bytes([
        0, 0, 0, digest[0], digest[1], digest[2], digest[3], digest[4],
    ]);
    let chars: Vec<u8> = (0..8)
        .rev()
        .map(|i| REFERENCE_ALPHABET[((bits >> (5 * i)) & 31) as usize])
        .collect();
    format!(
        "{}-{}",
        String::from_utf8_lossy(&chars[..4]),
        String::from_utf8_lossy(&chars[4..])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_covers_every_field() {
        let b = Briefing {
            title: "Detention of lawyers".into(),
            articles: vec![9, 14],
            ..Default::default()
        };
        let mut other = b.clone();
        other.articles = vec![9];
        assert_ne!(b.hash(), other.hash());
        let mut other = b.clone();
        other.confidentiality = Confidentiality::Public;
        assert_ne!(b.hash(), other.hash());
    }

    #[test]
    fn codes_and_articles_parse() {
        assert_eq!(ReviewStage::from_code("LOIPR"), Some(ReviewStage::Loipr));
        assert_eq!(ReviewStage::from_code("x"), None);
        assert_eq!(Briefing::parse_articles("7, 9,14"), Some(vec![7, 9, 14]));
        assert_eq!(Briefing::parse_articles("0"), None);
        assert_eq!(Briefing::parse_articles("seven"), None);
    }

    #[test]
    fn references_are_short_stable_and_unambiguous() {
        let r = reference(&[7; 16]);
        assert_eq!(r.len(), 9);
        assert_eq!(r.as_bytes()[4], b'-');
        assert_eq!(r, reference(&[7; 16]));
        assert_ne!(r, reference(&[8; 16]));
        assert!(!r.contains(['I', 'L', 'O', 'U']));
    }
}
