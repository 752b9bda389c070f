//! What travels inside a sealed envelope, end to end: briefings, submissions with a mandate,
//! presentations, receipts, revocations, questions and answers. The relay sees none of it.
//!
//! Layout before padding: `version u8 | sender mailbox [32] (version 4 on) | kind u8 |
//! fields of the kind`. It is then padded (0x80 then zeros) to a size bucket, so the
//! envelope size tells the relay only the bucket. The sender's mailbox is there because the
//! sender certificate names the sender by a UUID derived from it one way
//! (`MailboxId::sender_uuid`): the receiver checks that the two agree.
//!
//! Versions: this release sends [`CONTENT_VERSION`], keeps its own records (content it will
//! seal later, where the sender is itself) in [`RECORD_CONTENT_VERSION`], and reads every
//! version in [`CONTENT_VERSIONS`]. Older content is refused with `VersionTooOld` (the sender should
//! update), newer with `VersionTooNew` (this device should), so a person is told which.

use amicus_protocol::codec::{Reader, Writer, accept_version};
use amicus_protocol::limits::MAX_NAME_LEN;
use amicus_protocol::{DecodeError, MailboxId};

use crate::briefing::{Briefing, MAX_CONTENT_LEN, MAX_PADDED_LEN};
use crate::mandate::{MandateTerms, SignedMandate};

/// The content version this release sends (with the sender's mailbox).
pub const CONTENT_VERSION: u8 = 4;
/// The content version of records kept on this device (no sender field: it is the owner).
pub const RECORD_CONTENT_VERSION: u8 = 3;
/// The content versions this release reads. Versions 1 and 2 were development formats that
/// never shipped; 3 is what releases before the UUID sender certificates sent.
pub const CONTENT_VERSIONS: std::ops::RangeInclusive<u8> = 3..=CONTENT_VERSION;
const MIN_BUCKET: usize = 512;
const MAX_POWER_BUCKET: usize = 128 * 1024;
const MAX_QUESTION_LEN: usize = 64 * 1024;

/// A briefing presented by Centre staff to a member, within a defender's mandate. It names
/// the staff member and the attribution the defender chose, never the defender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    /// Random id; receipts and withdrawals name it.
    pub presentation_id: [u8; 16],
    /// When staff presented it, ms since the epoch.
    pub presented_at: u64,
    /// The staff member who presents it (never the defender).
    pub staff_name: String,
    /// The briefing, attachments re-shared or withheld.
    pub briefing: Briefing,
    /// The mandate's terms, without the defender's key or signature.
    pub terms: MandateTerms,
}

/// What a receipt reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptKind {
    /// The Centre received the briefing (and its mandate).
    Received,
    /// The Centre presented it to the named member.
    Presented,
    /// The named member opened it (only if that member allows read receipts).
    Read,
    /// After a revocation, the Centre told the named member it is withdrawn.
    Withdrawn,
}

impl ReceiptKind {
    /// The kind for its byte; an unknown one is `InvalidValue`.
    pub fn from_u8(v: u8) -> Result<Self, DecodeError> {
        Ok(match v {
            1 => ReceiptKind::Received,
            2 => ReceiptKind::Presented,
            3 => ReceiptKind::Read,
            4 => ReceiptKind::Withdrawn,
            _ => return Err(DecodeError::InvalidValue { field: "receipt" }),
        })
    }

    /// The kind's byte.
    pub fn to_u8(self) -> u8 {
        match self {
            ReceiptKind::Received => 1,
            ReceiptKind::Presented => 2,
            ReceiptKind::Read => 3,
            ReceiptKind::Withdrawn => 4,
        }
    }
}

/// What happened to a briefing, reported to its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The message id of the briefing (for the defender) or of the presentation (for staff).
    pub about: [u8; 16],
    /// What happened.
    pub kind: ReceiptKind,
    /// The member concerned, for `Presented`, `Read` and `Withdrawn`.
    pub member: String,
    /// When, ms since the epoch.
    pub at: u64,
}

/// A follow-up question or its answer. `thread` names the presentation (between a member and
/// the Centre) or the briefing (between the Centre and the defender).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The presentation (or question thread) it belongs to.
    pub thread: [u8; 16],
    /// Random id; the answer names it.
    pub question_id: [u8; 16],
    /// The question or answer.
    pub text: String,
    /// The member who asked (shown to the defender) or empty.
    pub asked_by: String,
    /// When, ms since the epoch.
    pub at: u64,
}

/// Everything that travels end to end, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// A briefing.
    Briefing(Briefing),
    /// A briefing for the Centre with the defender's presentation mandate.
    Submission {
        /// The briefing.
        briefing: Briefing,
        /// The defender's signed mandate for it.
        mandate: SignedMandate,
    },
    /// A briefing presented by the Centre under a mandate.
    Presentation(Presentation),
    /// What happened to a briefing (received, presented, read, withdrawn).
    Receipt(Receipt),
    /// The defender withdraws a mandate.
    Revocation {
        /// The mandate withdrawn.
        mandate_id: [u8; 16],
        /// When, ms since the epoch.
        at: u64,
    },
    /// The Centre tells a member that a presented briefing is withdrawn.
    Withdrawal {
        /// The presentation withdrawn.
        presentation_id: [u8; 16],
        /// When, ms since the epoch.
        at: u64,
    },
    /// A member's question, forwarded by the Centre to the defender.
    Question(Question),
    /// The defender's answer, forwarded by the Centre to the member.
    Answer(Question),
}

impl Question {
    fn encode(&self, w: &mut Writer) {
        w.fixed(&self.thread);
        w.fixed(&self.question_id);
        w.str(&self.text);
        w.str(&self.asked_by);
        w.u64(self.at);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Question {
            thread: r.fixed()?,
            question_id: r.fixed()?,
            text: r.string("text", MAX_QUESTION_LEN)?,
            asked_by: r.string("asked_by", MAX_NAME_LEN)?,
            at: r.u64()?,
        })
    }
}

/// The padded size for content of `len` bytes (one byte is always added for the marker).
pub fn bucket(len: usize) -> usize {
    let mut size = MIN_BUCKET;
    while size < len + 1 && size < MAX_POWER_BUCKET {
        size *= 2;
    }
    if size < len + 1 { MAX_PADDED_LEN } else { size }
}

impl Content {
    fn tag(&self) -> u8 {
        match self {
            Content::Briefing(_) => 1,
            Content::Submission { .. } => 2,
            Content::Presentation(_) => 3,
            Content::Receipt(_) => 4,
            Content::Revocation { .. } => 5,
            Content::Withdrawal { .. } => 6,
            Content::Question(_) => 7,
            Content::Answer(_) => 8,
        }
    }

    /// The content's bytes as kept on this device ([`RECORD_CONTENT_VERSION`], no sender).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_CONTENT_VERSION);
        w.u8(self.tag());
        match self {
            Content::Briefing(b) => b.encode(&mut w),
            Content::Submission { briefing, mandate } => {
                briefing.encode(&mut w);
                mandate.encode(&mut w);
            }
            Content::Presentation(p) => {
                w.fixed(&p.presentation_id);
                w.u64(p.presented_at);
                w.str(&p.staff_name);
                p.briefing.encode(&mut w);
                p.terms.encode(&mut w);
            }
            Content::Receipt(r) => {
                w.fixed(&r.about);
                w.u8(r.kind.to_u8());
                w.str(&r.member);
                w.u64(r.at);
            }
            Content::Revocation { mandate_id: id, at }
            | Content::Withdrawal {
                presentation_id: id,
                at,
            } => {
                w.fixed(id);
                w.u64(*at);
            }
            Content::Question(q) | Content::Answer(q) => q.encode(&mut w),
        }
        w.into_bytes()
    }

    /// The content's bytes as sent by `sender` ([`CONTENT_VERSION`]), unpadded.
    pub fn encode_from(&self, sender: &MailboxId) -> Vec<u8> {
        let record = self.encode();
        let mut out = Vec::with_capacity(record.len() + 32);
        out.push(CONTENT_VERSION);
        out.extend_from_slice(&sender.0);
        out.extend_from_slice(record.get(1..).unwrap_or_default());
        out
    }

    /// The sender's mailbox that unpadded content names (version 4 on), if any. Total.
    pub fn sender(raw: &[u8]) -> Result<Option<MailboxId>, DecodeError> {
        let mut r = Reader::new(raw);
        if accept_version(r.u8()?, CONTENT_VERSIONS)? >= 4 {
            return Ok(Some(MailboxId(r.fixed()?)));
        }
        Ok(None)
    }

    /// Decodes unpadded content. Total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        if accept_version(r.u8()?, CONTENT_VERSIONS)? >= 4 {
            let _sender: [u8; 32] = r.fixed()?;
        }
        let content = match r.u8()? {
            1 => Content::Briefing(Briefing::decode(&mut r)?),
            2 => Content::Submission {
                briefing: Briefing::decode(&mut r)?,
                mandate: SignedMandate::decode(&mut r)?,
            },
            3 => Content::Presentation(Presentation {
                presentation_id: r.fixed()?,
                presented_at: r.u64()?,
                staff_name: r.string("staff_name", MAX_NAME_LEN)?,
                briefing: Briefing::decode(&mut r)?,
                terms: MandateTerms::decode(&mut r)?,
            }),
            4 => Content::Receipt(Receipt {
                about: r.fixed()?,
                kind: ReceiptKind::from_u8(r.u8()?)?,
                member: r.string("member", MAX_NAME_LEN)?,
                at: r.u64()?,
            }),
            5 => Content::Revocation {
                mandate_id: r.fixed()?,
                at: r.u64()?,
            },
            6 => Content::Withdrawal {
                presentation_id: r.fixed()?,
                at: r.u64()?,
            },
            7 => Content::Question(Question::decode(&mut r)?),
            8 => Content::Answer(Question::decode(&mut r)?),
            other => return Err(DecodeError::UnknownTag(other)),
        };
        r.finish()?;
        Ok(content)
    }

    /// Encodes as sent by `sender` and pads; `Err(len)` if the encoding exceeds
    /// [`MAX_CONTENT_LEN`].
    pub fn encode_padded(&self, sender: &MailboxId) -> Result<Vec<u8>, usize> {
        let mut out = self.encode_from(sender);
        if out.len() > MAX_CONTENT_LEN {
            return Err(out.len());
        }
        let target = bucket(out.len());
        out.push(0x80);
        out.resize(target, 0);
        Ok(out)
    }

    /// Strips padding; the unpadded bytes are what the inbox keeps.
    pub fn unpad(padded: &[u8]) -> Result<&[u8], DecodeError> {
        let end = padded
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(DecodeError::InvalidValue { field: "padding" })?;
        if padded[end] != 0x80 {
            return Err(DecodeError::InvalidValue { field: "padding" });
        }
        Ok(&padded[..end])
    }

    /// The briefing this content carries, if any.
    pub fn briefing(&self) -> Option<&Briefing> {
        match self {
            Content::Briefing(b) | Content::Submission { briefing: b, .. } => Some(b),
            Content::Presentation(p) => Some(&p.briefing),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{Confidentiality, ReviewStage};
    use crate::mandate::Attribution;
    use amicus_protocol::MailboxId;
    use proptest::prelude::*;

    fn briefing(body: &str) -> Briefing {
        Briefing {
            message_id: [1; 16],
            sent_at: 1_700_000_000_000,
            title: "Detention of lawyers".into(),
            body: body.into(),
            state_party: "Freedonia".into(),
            session: "CCPR 142".into(),
            stage: ReviewStage::Loipr,
            articles: vec![9, 14],
            language: "en".into(),
            confidentiality: Confidentiality::Confidential,
            attachments: vec![crate::attachment::AttachmentPointer {
                blob: amicus_protocol::BlobId([3; 16]),
                access: [4; 32],
                key: crate::attachment::AttachmentKey::generate(),
                size: 1 << 30,
                digest: [5; 32],
                file_name: "hearing.mp4".into(),
                media_type: "video/mp4".into(),
            }],
        }
    }

    fn terms() -> MandateTerms {
        MandateTerms {
            mandate_id: [1; 16],
            briefing_hash: [2; 32],
            staff: vec![MailboxId([3; 32])],
            members: vec![],
            session: "CCPR 142".into(),
            attribution: Attribution::Organisation("Coalition".into()),
            allow_attachments: true,
            expires_at: 9,
        }
    }

    /// The briefing in `fixtures/content_v3_briefing.bin`, written by the first release of
    /// content version 3. Later releases must keep reading it while 3 is in
    /// [`CONTENT_VERSIONS`].
    fn v3_fixture() -> Content {
        Content::Briefing(Briefing {
            attachments: Vec::new(),
            ..briefing("Lawyers were detained on 3 May.")
        })
    }

    #[test]
    #[ignore = "writes the committed fixture; run once when a version is introduced"]
    fn write_v3_fixture() {
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/content_v3_briefing.bin"
            ),
            v3_fixture().encode(),
        )
        .unwrap();
    }

    #[test]
    #[ignore = "writes the committed fixture; run once when a version is introduced"]
    fn write_v4_fixture() {
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/content_v4_briefing.bin"
            ),
            v3_fixture().encode_from(&SENDER),
        )
        .unwrap();
    }

    #[test]
    fn a_committed_version_4_briefing_still_decodes_with_its_sender() {
        let raw = include_bytes!("../fixtures/content_v4_briefing.bin");
        assert_eq!(raw[0], 4);
        assert_eq!(Content::decode(raw), Ok(v3_fixture()));
        assert_eq!(Content::sender(raw), Ok(Some(SENDER)));
    }

    #[test]
    fn a_committed_version_3_briefing_still_decodes() {
        let raw = include_bytes!("../fixtures/content_v3_briefing.bin");
        assert_eq!(raw[0], 3);
        assert_eq!(Content::decode(raw), Ok(v3_fixture()));
    }

    #[test]
    fn versions_outside_the_range_say_which_side_should_update() {
        let mut raw = include_bytes!("../fixtures/content_v3_briefing.bin").to_vec();
        raw[0] = CONTENT_VERSIONS.start() - 1;
        assert_eq!(
            Content::decode(&raw),
            Err(DecodeError::VersionTooOld {
                found: raw[0],
                oldest: *CONTENT_VERSIONS.start()
            })
        );
        raw[0] = CONTENT_VERSIONS.end() + 1;
        assert_eq!(
            Content::decode(&raw),
            Err(DecodeError::VersionTooNew {
                found: raw[0],
                newest: *CONTENT_VERSIONS.end()
            })
        );
    }

    pub(crate) fn samples() -> Vec<Content> {
        let q = Question {
            thread: [1; 16],
            question_id: [2; 16],
            text: "When?".into(),
            asked_by: "Member A".into(),
            at: 5,
        };
        vec![
            Content::Briefing(briefing("x")),
            Content::Submission {
                briefing: briefing("y"),
                mandate: SignedMandate {
                    terms: terms(),
                    identity_key: vec![5; 33],
                    signature: vec![1; 64],
                },
            },
            Content::Presentation(Presentation {
                presentation_id: [4; 16],
                presented_at: 3,
                staff_name: "Staff".into(),
                briefing: briefing("z"),
                terms: terms(),
            }),
            Content::Receipt(Receipt {
                about: [1; 16],
                kind: ReceiptKind::Read,
                member: "Member A".into(),
                at: 4,
            }),
            Content::Revocation {
                mandate_id: [1; 16],
                at: 6,
            },
            Content::Withdrawal {
                presentation_id: [4; 16],
                at: 7,
            },
            Content::Question(q.clone()),
            Content::Answer(q),
        ]
    }

    const SENDER: MailboxId = MailboxId([0x5E; 32]);

    #[test]
    fn every_kind_round_trips_padded_and_truncations_fail() {
        for content in samples() {
            let padded = content.encode_padded(&SENDER).unwrap();
            assert!(padded.len() >= 512 && padded.len().is_power_of_two());
            let raw = Content::unpad(&padded).unwrap();
            assert_eq!(Content::decode(raw).unwrap(), content);
            assert_eq!(Content::sender(raw).unwrap(), Some(SENDER));
            // A record kept on the device (version 3) reads too, and names no sender.
            let record = content.encode();
            assert_eq!(Content::decode(&record).unwrap(), content);
            assert_eq!(Content::sender(&record).unwrap(), None);
            for bytes in [raw, &record[..]] {
                for cut in 0..bytes.len() {
                    assert!(
                        Content::decode(&bytes[..cut]).is_err(),
                        "{content:?} cut {cut}"
                    );
                }
            }
        }
    }

    #[test]
    fn pads_to_buckets_and_refuses_too_large() {
        assert_eq!(
            Content::Briefing(briefing("x"))
                .encode_padded(&SENDER)
                .unwrap()
                .len(),
            512
        );
        let big = Content::Briefing(briefing(&"z".repeat(600)));
        assert_eq!(big.encode_padded(&SENDER).unwrap().len(), 1024);
        let huge = Content::Briefing(briefing(&"a".repeat(MAX_CONTENT_LEN)));
        assert!(huge.encode_padded(&SENDER).is_err());
        let fixed = Content::Briefing(briefing("")).encode_from(&SENDER).len();
        let max = Content::Briefing(briefing(&"a".repeat(MAX_CONTENT_LEN - fixed)));
        assert_eq!(max.encode_padded(&SENDER).unwrap().len(), MAX_PADDED_LEN);
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = Content::unpad(&bytes).map(Content::decode);
            let _ = Content::decode(&bytes);
        }

        #[test]
        fn briefings_round_trip(title in ".{0,40}", body in ".{0,400}") {
            let b = Content::Briefing(Briefing { title, body, ..Default::default() });
            let padded = b.encode_padded(&SENDER).unwrap();
            prop_assert_eq!(Content::decode(Content::unpad(&padded).unwrap()).unwrap(), b);
        }
    }
}
