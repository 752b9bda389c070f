//! Local records of the Centre's flows: mandates held by staff, briefings a defender sent
//! (with their receipts), and outgoing messages waiting to be encrypted. Sealed by the local
//! store like every record; decoders are total.

use amicus_protocol::DecodeError;
use amicus_protocol::MailboxId;
use amicus_protocol::codec::{Reader, Writer};
use amicus_protocol::limits::{MAX_KEY_LEN, MAX_NAME_LEN};

use crate::briefing::MAX_CONTENT_LEN;
use crate::content::{Receipt, ReceiptKind};
use crate::mandate::SignedMandate;
use crate::records::{RECORD_VERSION, read_version};

const MAX_LOG: usize = 4096;

/// Someone to write to who may not be a contact (a defender, for the Centre).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    /// The name shown to the user.
    pub name: String,
    /// Their mailbox.
    pub mailbox: MailboxId,
    /// The identity key to encrypt to.
    pub identity_key: Vec<u8>,
}

impl Recipient {
    fn encode(&self, w: &mut Writer) {
        w.str(&self.name);
        w.fixed(&self.mailbox.0);
        w.bytes(&self.identity_key);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Recipient {
            name: r.string("name", MAX_NAME_LEN)?,
            mailbox: MailboxId(r.fixed()?),
            identity_key: r.bytes_vec("identity_key", MAX_KEY_LEN)?,
        })
    }
}

/// One presentation made under a mandate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentationLog {
    /// Its id.
    pub presentation_id: [u8; 16],
    /// The member it was presented to.
    pub member: Recipient,
    /// When, ms since the epoch.
    pub at: u64,
}

/// A question a member asked on a presentation, so the answer can find its way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionLog {
    /// Its id.
    pub question_id: [u8; 16],
    /// The presentation it was asked on.
    pub presentation_id: [u8; 16],
}

/// Kept by Centre staff for each mandate received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateRecord {
    /// The defender's signed mandate.
    pub mandate: SignedMandate,
    /// The submission in the staff member's inbox.
    pub inbox_number: u64,
    /// The briefing's message id (the thread the defender knows).
    pub message_id: [u8; 16],
    /// Who gave the mandate. Never sent to members.
    pub defender: Recipient,
    /// When the defender revoked it (ms since the epoch); 0 if not.
    pub revoked_at: u64,
    /// Every presentation made under it.
    pub presentations: Vec<PresentationLog>,
    /// Questions asked on those presentations.
    pub questions: Vec<QuestionLog>,
}

impl MandateRecord {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        self.mandate.encode(&mut w);
        w.u64(self.inbox_number);
        w.fixed(&self.message_id);
        self.defender.encode(&mut w);
        w.u64(self.revoked_at);
        w.count(self.presentations.len());
        for p in &self.presentations {
            w.fixed(&p.presentation_id);
            p.member.encode(&mut w);
            w.u64(p.at);
        }
        w.count(self.questions.len());
        for q in &self.questions {
            w.fixed(&q.question_id);
            w.fixed(&q.presentation_id);
        }
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let mandate = SignedMandate::decode(&mut r)?;
        let inbox_number = r.u64()?;
        let message_id = r.fixed()?;
        let defender = Recipient::decode(&mut r)?;
        let revoked_at = r.u64()?;
        let n = r.count("presentations", MAX_LOG, 16 + 44 + 8)?;
        let mut presentations = Vec::with_capacity(n);
        for _ in 0..n {
            presentations.push(PresentationLog {
                presentation_id: r.fixed()?,
                member: Recipient::decode(&mut r)?,
                at: r.u64()?,
            });
        }
        let n = r.count("questions", MAX_LOG, 32)?;
        let mut questions = Vec::with_capacity(n);
        for _ in 0..n {
            questions.push(QuestionLog {
                question_id: r.fixed()?,
                presentation_id: r.fixed()?,
            });
        }
        r.finish()?;
        Ok(MandateRecord {
            mandate,
            inbox_number,
            message_id,
            defender,
            revoked_at,
            presentations,
            questions,
        })
    }
}

/// Kept by a sender for each briefing sent: what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRecord {
    /// Its number in this profile's sent list.
    pub number: u64,
    /// The briefing's message id (receipts name it).
    pub message_id: [u8; 16],
    /// Its title.
    pub title: String,
    /// When it was sent, ms since the epoch.
    pub sent_at: u64,
    /// To whom.
    pub recipients: Vec<Recipient>,
    /// The mandate given with it, if any.
    pub mandate_id: Option<[u8; 16]>,
    /// When the mandate was revoked, ms since the epoch; 0 if not.
    pub revoked_at: u64,
    /// Receipts received for it.
    pub receipts: Vec<Receipt>,
}

impl SentRecord {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        w.fixed(&self.message_id);
        w.str(&self.title);
        w.u64(self.sent_at);
        w.count(self.recipients.len());
        for r in &self.recipients {
            r.encode(&mut w);
        }
        match &self.mandate_id {
            None => w.bool(false),
            Some(id) => {
                w.bool(true);
                w.fixed(id);
            }
        }
        w.u64(self.revoked_at);
        w.count(self.receipts.len());
        for r in &self.receipts {
            w.fixed(&r.about);
            w.u8(r.kind.to_u8());
            w.str(&r.member);
            w.u64(r.at);
        }
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let number = r.u64()?;
        let message_id = r.fixed()?;
        let title = r.string("title", MAX_CONTENT_LEN)?;
        let sent_at = r.u64()?;
        let n = r.count("recipients", MAX_LOG, 44)?;
        let recipients = (0..n)
            .map(|_| Recipient::decode(&mut r))
            .collect::<Result<_, _>>()?;
        let mandate_id = if r.bool("has_mandate")? {
            Some(r.fixed()?)
        } else {
            None
        };
        let revoked_at = r.u64()?;
        let n = r.count("receipts", MAX_LOG, 16 + 1 + 4 + 8)?;
        let mut receipts = Vec::with_capacity(n);
        for _ in 0..n {
            receipts.push(Receipt {
                about: r.fixed()?,
                kind: ReceiptKind::from_u8(r.u8()?)?,
                member: r.string("member", MAX_NAME_LEN)?,
                at: r.u64()?,
            });
        }
        r.finish()?;
        Ok(SentRecord {
            number,
            message_id,
            title,
            sent_at,
            recipients,
            mandate_id,
            revoked_at,
            receipts,
        })
    }
}

/// A message decided on (a receipt, a forwarded question, ...) but not yet encrypted. It
/// is written in the same commit as whatever caused it, so a crash cannot lose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSend {
    /// Its number in the outbox.
    pub number: u64,
    /// To whom.
    pub to: Recipient,
    /// Encoded [`crate::content::Content`], unpadded.
    pub content: Vec<u8>,
    /// What the outbox shows for it.
    pub label: String,
}

impl PendingSend {
    /// The record's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.u64(self.number);
        self.to.encode(&mut w);
        w.bytes(&self.content);
        w.str(&self.label);
        w.into_bytes()
    }

    /// Decodes a record; total.
    pub fn decode(raw: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        read_version(&mut r)?;
        let pending = PendingSend {
            number: r.u64()?,
            to: Recipient::decode(&mut r)?,
            content: r.bytes_vec("content", MAX_CONTENT_LEN)?,
            label: r.string("label", MAX_CONTENT_LEN)?,
        };
        r.finish()?;
        Ok(pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mandate::{Attribution, MandateTerms};
    use proptest::prelude::*;

    fn recipient() -> Recipient {
        Recipient {
            name: "Defender".into(),
            mailbox: MailboxId([1; 32]),
            identity_key: vec![5; 33],
        }
    }

    #[test]
    fn records_round_trip() {
        let mandate = MandateRecord {
            mandate: SignedMandate {
                terms: MandateTerms {
                    mandate_id: [1; 16],
                    briefing_hash: [2; 32],
                    staff: vec![],
                    members: vec![MailboxId([4; 32])],
                    session: String::new(),
                    attribution: Attribution::Anonymous,
                    allow_attachments: false,
                    expires_at: 5,
                },
                identity_key: vec![5; 33],
                signature: vec![6; 64],
            },
            inbox_number: 3,
            message_id: [7; 16],
            defender: recipient(),
            revoked_at: 0,
            presentations: vec![PresentationLog {
                presentation_id: [8; 16],
                member: recipient(),
                at: 9,
            }],
            questions: vec![QuestionLog {
                question_id: [1; 16],
                presentation_id: [8; 16],
            }],
        };
        assert_eq!(MandateRecord::decode(&mandate.encode()).unwrap(), mandate);
        let sent = SentRecord {
            number: 1,
            message_id: [7; 16],
            title: "t".into(),
            sent_at: 2,
            recipients: vec![recipient()],
            mandate_id: Some([1; 16]),
            revoked_at: 0,
            receipts: vec![Receipt {
                about: [7; 16],
                kind: ReceiptKind::Presented,
                member: "Member A".into(),
                at: 3,
            }],
        };
        assert_eq!(SentRecord::decode(&sent.encode()).unwrap(), sent);
        let pending = PendingSend {
            number: 4,
            to: recipient(),
            content: vec![2, 4],
            label: "receipt".into(),
        };
        assert_eq!(PendingSend::decode(&pending.encode()).unwrap(), pending);
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = MandateRecord::decode(&bytes);
            let _ = SentRecord::decode(&bytes);
            let _ = PendingSend::decode(&bytes);
        }
    }
}
