//! What arrives for the Centre's flows and what each side does with it: staff keep
//! mandates and forward receipts, questions and answers; members accept presentations only
//! from staff on the roster and mark withdrawals; defenders collect receipts. Every effect is
//! staged into the same commit as the message that caused it (see [`crate::flows::proxy`]).

use amicus_protocol::Role;

use crate::content::{Content, Question, Receipt, ReceiptKind};
use crate::error::ClientError;
use crate::flows::proxy::short_name;
use crate::flows::receive::{Decrypted, Outcome};
use crate::profile::Profile;
use crate::proxy_records::{MandateRecord, QuestionLog, Recipient, SentRecord};
use crate::store::{LocalStore, Ns};

impl Profile {
    fn mandate_with(&self, matches: impl Fn(&MandateRecord) -> bool) -> Option<MandateRecord> {
        self.mandates().ok()?.into_iter().find(|m| matches(m))
    }

    /// Applies decrypted content: an inbox entry, or an update to existing records, plus
    /// whatever must be sent on someone's behalf. `Err` says why the content makes no sense
    /// here (it is then quarantined).
    pub(crate) fn apply_content(&self, d: &mut Decrypted) -> std::result::Result<Outcome, String> {
        let from = d.from_mailbox;
        let err = |e: ClientError| e.to_string();
        match d.content.clone() {
            Content::Briefing(b) => {
                self.stage_inbox(d, &b.title, &b.body, b.sent_at, b.message_id)?;
                Ok(Outcome::Received)
            }
            Content::Submission { briefing, mandate } => {
                if !mandate.verify(&d.from_identity_key) {
                    return Err("the mandate is not signed by the sender".into());
                }
                if mandate.terms.briefing_hash != briefing.hash() {
                    return Err("the mandate names another briefing".into());
                }
                let number = self.stage_inbox(
                    d,
                    &briefing.title,
                    &briefing.body,
                    briefing.sent_at,
                    briefing.message_id,
                )?;
                let defender = Recipient {
                    name: match self.contact_by_mailbox(&from) {
                        Ok(Some(c)) => c.name,
                        _ => short_name(&from),
                    },
                    mailbox: from,
                    identity_key: d.from_identity_key.clone(),
                };
                let record = MandateRecord {
                    inbox_number: number,
                    message_id: briefing.message_id,
                    defender: defender.clone(),
                    revoked_at: 0,
                    presentations: Vec::new(),
                    questions: Vec::new(),
                    mandate,
                };
                d.changes.put(
                    self.mandate_key(&record.mandate.terms.mandate_id),
                    record.encode(),
                );
                let receipt = Content::Receipt(Receipt {
                    about: briefing.message_id,
                    kind: ReceiptKind::Received,
                    member: String::new(),
                    at: self.now_ms(),
                });
                self.stage_pending(&mut d.changes, &defender, &receipt, "receipt")
                    .map_err(err)?;
                Ok(Outcome::Received)
            }
            Content::Presentation(p) => {
                if !self.roster_role(&from).is_some_and(Role::is_centre) {
                    return Err("presented by someone who is not Centre staff on the roster".into());
                }
                if p.briefing.hash() != p.terms.briefing_hash {
                    return Err("the presented briefing does not match its mandate".into());
                }
                self.stage_inbox(
                    d,
                    &p.briefing.title,
                    &p.briefing.body,
                    p.presented_at,
                    p.presentation_id,
                )?;
                Ok(Outcome::Received)
            }
            Content::Receipt(r) => {
                // A receipt for a briefing we sent, from one of its recipients.
                if let Some(raw) = self.store.get(&self.sent_key(&r.about)).map_err(err)? {
                    let mut sent = SentRecord::decode(&raw).map_err(|e| e.to_string())?;
                    if sent.recipients.iter().any(|x| x.mailbox == from) {
                        sent.receipts.push(r);
                        d.changes
                            .put(self.sent_key(&sent.message_id), sent.encode());
                        return Ok(Outcome::Updated);
                    }
                }
                // A member's read receipt on a presentation: pass it on to the defender.
                let found = self.mandate_with(|m| {
                    m.presentations
                        .iter()
                        .any(|p| p.presentation_id == r.about && p.member.mailbox == from)
                });
                let Some(record) = found else {
                    return Err("a receipt for nothing this profile sent".into());
                };
                let member = record
                    .presentations
                    .iter()
                    .find(|p| p.presentation_id == r.about)
                    .map(|p| p.member.name.clone())
                    .unwrap_or_default();
                let receipt = Content::Receipt(Receipt {
                    about: record.message_id,
                    kind: r.kind,
                    member,
                    at: r.at,
                });
                self.stage_pending(&mut d.changes, &record.defender, &receipt, "receipt")
                    .map_err(err)?;
                Ok(Outcome::Updated)
            }
            Content::Revocation { mandate_id, at } => {
                let raw = self
                    .store
                    .get(&self.mandate_key(&mandate_id))
                    .map_err(err)?;
                let Some(raw) = raw else {
                    return Err("a revocation for an unknown mandate".into());
                };
                let mut record = MandateRecord::decode(&raw).map_err(|e| e.to_string())?;
                if record.defender.mailbox != from {
                    return Err("a revocation from someone other than the mandate's author".into());
                }
                if record.revoked_at == 0 {
                    record.revoked_at = at.max(1);
                    for p in &record.presentations {
                        let notice = Content::Withdrawal {
                            presentation_id: p.presentation_id,
                            at: self.now_ms(),
                        };
                        self.stage_pending(&mut d.changes, &p.member, &notice, "withdrawal")
                            .map_err(err)?;
                        let receipt = Content::Receipt(Receipt {
                            about: record.message_id,
                            kind: ReceiptKind::Withdrawn,
                            member: p.member.name.clone(),
                            at: self.now_ms(),
                        });
                        self.stage_pending(&mut d.changes, &record.defender, &receipt, "receipt")
                            .map_err(err)?;
                    }
                    d.changes
                        .put(self.mandate_key(&mandate_id), record.encode());
                }
                Ok(Outcome::Updated)
            }
            Content::Withdrawal {
                presentation_id,
                at,
            } => {
                let inbox = self.inbox().map_err(err)?;
                let Some(mut m) = inbox
                    .into_iter()
                    .find(|m| m.message_id == presentation_id && m.from_mailbox == from)
                else {
                    return Err("a withdrawal for nothing presented here".into());
                };
                m.withdrawn_at = at.max(1);
                d.changes.put(
                    LocalStore::key(Ns::Inbox, &m.number.to_be_bytes()),
                    m.encode(),
                );
                Ok(Outcome::Updated)
            }
            Content::Question(q) => {
                // As the Centre: a member's question on a presentation goes to the defender.
                let found = self.mandate_with(|m| {
                    m.presentations
                        .iter()
                        .any(|p| p.presentation_id == q.thread && p.member.mailbox == from)
                });
                if let Some(mut record) = found {
                    let member = record
                        .presentations
                        .iter()
                        .find(|p| p.presentation_id == q.thread)
                        .map(|p| p.member.name.clone())
                        .unwrap_or_default();
                    record.questions.push(QuestionLog {
                        question_id: q.question_id,
                        presentation_id: q.thread,
                    });
                    let forward = Content::Question(Question {
                        thread: record.message_id,
                        question_id: q.question_id,
                        text: q.text.clone(),
                        asked_by: member,
                        at: q.at,
                    });
                    self.stage_pending(&mut d.changes, &record.defender, &forward, "question")
                        .map_err(err)?;
                    d.changes.put(
                        self.mandate_key(&record.mandate.terms.mandate_id),
                        record.encode(),
                    );
                    return Ok(Outcome::Updated);
                }
                self.stage_inbox(d, &q.text, &q.text, q.at, q.question_id)?;
                Ok(Outcome::Received)
            }
            Content::Answer(a) => {
                // As the Centre: the defender's answer goes back to the member who asked.
                let found = self.mandate_with(|m| {
                    m.message_id == a.thread
                        && m.defender.mailbox == from
                        && m.questions.iter().any(|q| q.question_id == a.question_id)
                });
                if let Some(record) = found {
                    let target = record
                        .questions
                        .iter()
                        .find(|q| q.question_id == a.question_id)
                        .and_then(|q| {
                            record
                                .presentations
                                .iter()
                                .find(|p| p.presentation_id == q.presentation_id)
                        })
                        .ok_or("an answer to a question with no presentation")?;
                    let forward = Content::Answer(Question {
                        thread: target.presentation_id,
                        ..a
                    });
                    self.stage_pending(&mut d.changes, &target.member, &forward, "answer")
                        .map_err(err)?;
                    return Ok(Outcome::Updated);
                }
                self.stage_inbox(d, &a.text, &a.text, a.at, a.question_id)?;
                Ok(Outcome::Received)
            }
        }
    }
}
