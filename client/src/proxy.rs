//! Proxy presentation: a defender's submission with a mandate, the Centre presenting it to
//! members within that mandate, receipts back to the defender, revocation, and questions
//! and answers relayed by the Centre so that member and defender never learn each other's
//! mailbox.
//!
//! Everything the Centre does on someone's behalf while receiving (a receipt, a forwarded
//! question) is first written as a [`PendingSend`] in the same commit as the message that
//! caused it, then encrypted and sent by [`Profile::send_pending`]: a crash in between loses
//! nothing and sends nothing twice.

use amicus_protocol::{MailboxId, Role};
use rand::RngCore as _;

use crate::briefing::Briefing;
use crate::content::{Content, Presentation, Question, Receipt, ReceiptKind};
use crate::error::{ClientError, Result};
use crate::mandate::{Attribution, MandateTerms, PresentationRequest, SignedMandate};
use crate::profile::{Profile, now_ms};
use crate::proxy_records::{
    MandateRecord, PendingSend, PresentationLog, QuestionLog, Recipient, SentRecord,
};
use crate::receive::{Decrypted, Outcome};
use crate::records::InboxMessage;
use crate::send::SendReport;
use crate::store::{Changes, LocalStore, Ns};

/// What the defender allows, as typed (names are resolved against the roster).
pub struct MandateOptions<'a> {
    /// Staff who may present; empty: any Centre staff.
    pub staff: &'a [&'a str],
    /// Members it may be presented to; empty: any member on the roster.
    pub members: &'a [&'a str],
    pub session: String,
    pub attribution: Attribution,
    pub allow_attachments: bool,
    /// Milliseconds since the epoch.
    pub expires_at: u64,
}

fn random_id() -> [u8; 16] {
    let mut id = [0u8; 16];
    rand::rng().fill_bytes(&mut id);
    id
}

impl Profile {
    fn mandate_key(&self, mandate_id: &[u8; 16]) -> Vec<u8> {
        self.store.blind(Ns::Mandate, mandate_id)
    }

    fn pending_key(number: u64) -> Vec<u8> {
        LocalStore::key(Ns::Pending, &number.to_be_bytes())
    }

    /// A roster contact with one of `roles`, by name.
    fn roster_contact(&self, name: &str, roles: &[Role]) -> Result<Recipient> {
        let contact = self.contact(name)?;
        match self.roster_role(&contact.mailbox) {
            Some(role) if roles.contains(&role) => Ok(Recipient {
                name: contact.name,
                mailbox: contact.mailbox,
                identity_key: contact.identity_key,
            }),
            _ if roles.contains(&Role::Member) => Err(ClientError::NotAMember(contact.name)),
            _ => Err(ClientError::NotCentre(contact.name)),
        }
    }

    /// Sends a briefing to the Centre (staff or intake named in `to`) with a signed mandate
    /// to present it.
    pub async fn submit_for_presentation(
        &mut self,
        to: &[&str],
        mut briefing: Briefing,
        options: MandateOptions<'_>,
    ) -> Result<SendReport> {
        let centre = [Role::Staff, Role::Intake];
        let recipients = to
            .iter()
            .map(|n| self.roster_contact(n, &centre))
            .collect::<Result<Vec<_>>>()?;
        if recipients.is_empty() {
            return Err(ClientError::NoRecipient);
        }
        let staff = options
            .staff
            .iter()
            .map(|n| self.roster_contact(n, &centre).map(|r| r.mailbox))
            .collect::<Result<Vec<_>>>()?;
        let members = options
            .members
            .iter()
            .map(|n| self.roster_contact(n, &[Role::Member]).map(|r| r.mailbox))
            .collect::<Result<Vec<_>>>()?;
        if options.expires_at <= now_ms() {
            return Err(ClientError::BadMandateDays);
        }
        briefing.message_id = random_id();
        briefing.sent_at = now_ms();
        let terms = MandateTerms {
            mandate_id: random_id(),
            briefing_hash: briefing.hash(),
            staff,
            members,
            session: options.session,
            attribution: options.attribution,
            allow_attachments: options.allow_attachments,
            expires_at: options.expires_at,
        };
        let mandate_id = terms.mandate_id;
        let mandate = SignedMandate::sign(terms, &self.identity)?;
        let title = briefing.title.clone();
        let message_id = briefing.message_id;
        self.send_recorded(
            recipients,
            Content::Submission { briefing, mandate },
            &title,
            message_id,
            Some(mandate_id),
        )
        .await
    }

    /// Briefings this profile sent, newest last, with their receipts.
    pub fn sent(&self) -> Result<Vec<SentRecord>> {
        let mut all = self
            .store
            .scan(Ns::Sent)?
            .into_iter()
            .map(|(_, raw)| {
                SentRecord::decode(&raw).map_err(|e| ClientError::Corrupt(format!("sent: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        all.sort_by_key(|s| s.number);
        Ok(all)
    }

    fn sent_by_number(&self, number: u64) -> Result<SentRecord> {
        self.sent()?
            .into_iter()
            .find(|s| s.number == number)
            .ok_or(ClientError::NoSuchMessage(number))
    }

    /// Withdraws the mandate given with sent briefing `number`. The Centre withdraws the
    /// briefing from every member it was presented to and reports back.
    pub async fn revoke(&mut self, number: u64) -> Result<SendReport> {
        let mut sent = self.sent_by_number(number)?;
        let Some(mandate_id) = sent.mandate_id else {
            return Err(ClientError::NoMandate(number));
        };
        if sent.revoked_at != 0 {
            return Err(ClientError::AlreadyRevoked);
        }
        sent.revoked_at = now_ms();
        let mut extra = Changes::default();
        extra.put(self.sent_key(&sent.message_id), sent.encode());
        let content = Content::Revocation {
            mandate_id,
            at: sent.revoked_at,
        };
        let to = sent.recipients.clone();
        self.send_content(&to, &content, &sent.title, extra).await
    }

    /// Mandates this profile holds as Centre staff.
    pub fn mandates(&self) -> Result<Vec<MandateRecord>> {
        let mut all = self
            .store
            .scan(Ns::Mandate)?
            .into_iter()
            .map(|(_, raw)| {
                MandateRecord::decode(&raw)
                    .map_err(|e| ClientError::Corrupt(format!("mandate: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        all.sort_by_key(|m| m.inbox_number);
        Ok(all)
    }

    /// The mandate that came with inbox message `number`.
    pub fn mandate_of(&self, number: u64) -> Result<MandateRecord> {
        self.mandates()?
            .into_iter()
            .find(|m| m.inbox_number == number)
            .ok_or(ClientError::NotASubmission(number))
    }

    /// Presents submission `number` to `member` on the defender's behalf, if the mandate
    /// allows it; the defender gets a receipt.
    pub async fn present(
        &mut self,
        number: u64,
        member: &str,
        with_attachments: bool,
    ) -> Result<SendReport> {
        if !self.roster_role(&self.mailbox).is_some_and(Role::is_centre) {
            return Err(ClientError::NotStaff);
        }
        let mut record = self.mandate_of(number)?;
        let message = self.message(number)?;
        let Ok(Content::Submission { briefing, .. }) = Content::decode(&message.content) else {
            return Err(ClientError::NotASubmission(number));
        };
        let contact = self.contact(member)?;
        let on_roster = self.roster_role(&contact.mailbox) == Some(Role::Member);
        let terms = record.mandate.terms.clone();
        terms.check(&PresentationRequest {
            presenter: &self.mailbox,
            member: &contact.mailbox,
            member_on_roster: on_roster,
            with_attachments,
            now: now_ms(),
            revoked: record.revoked_at != 0,
        })?;
        if contact.pending_identity_key.is_some() {
            return Err(ClientError::IdentityChanged(contact.name));
        }
        let to = Recipient {
            name: contact.name.clone(),
            mailbox: contact.mailbox,
            identity_key: contact.identity_key.clone(),
        };
        let presentation = Presentation {
            presentation_id: random_id(),
            presented_at: now_ms(),
            staff_name: self.record.name.clone(),
            briefing,
            terms,
        };
        record.presentations.push(PresentationLog {
            presentation_id: presentation.presentation_id,
            member: to.clone(),
            at: presentation.presented_at,
        });
        let mut extra = Changes::default();
        extra.put(
            self.mandate_key(&record.mandate.terms.mandate_id),
            record.encode(),
        );
        let receipt = Content::Receipt(Receipt {
            about: record.message_id,
            kind: ReceiptKind::Presented,
            member: to.name.clone(),
            at: presentation.presented_at,
        });
        self.stage_pending(&mut extra, &record.defender, &receipt, "receipt")?;
        let title = presentation.briefing.title.clone();
        let report = self
            .send_content(&[to], &Content::Presentation(presentation), &title, extra)
            .await?;
        // The receipt goes now if the relay is reachable, otherwise with the next sync.
        let _ = self.send_pending().await;
        Ok(report)
    }

    /// Asks the Centre a follow-up question on presented briefing `number`.
    pub async fn ask(&mut self, number: u64, text: &str) -> Result<SendReport> {
        let message = self.message(number)?;
        let Ok(Content::Presentation(p)) = Content::decode(&message.content) else {
            return Err(ClientError::NotAPresentation(number));
        };
        let question = Question {
            thread: p.presentation_id,
            question_id: random_id(),
            text: text.to_string(),
            asked_by: self.record.name.clone(),
            at: now_ms(),
        };
        let to = self.sender_of(&message)?;
        self.send_content(
            &[to],
            &Content::Question(question),
            &p.briefing.title,
            Changes::default(),
        )
        .await
    }

    /// Answers question `number` (forwarded by the Centre).
    pub async fn answer(&mut self, number: u64, text: &str) -> Result<SendReport> {
        let message = self.message(number)?;
        let Ok(Content::Question(q)) = Content::decode(&message.content) else {
            return Err(ClientError::NotAQuestion(number));
        };
        let answer = Question {
            thread: q.thread,
            question_id: q.question_id,
            text: text.to_string(),
            asked_by: String::new(),
            at: now_ms(),
        };
        let to = self.sender_of(&message)?;
        self.send_content(&[to], &Content::Answer(answer), &q.text, Changes::default())
            .await
    }

    fn sender_of(&self, message: &InboxMessage) -> Result<Recipient> {
        let name = match self.contact_by_mailbox(&message.from_mailbox)? {
            Some(c) => {
                if c.pending_identity_key.is_some() {
                    return Err(ClientError::IdentityChanged(c.name));
                }
                c.name
            }
            None => short_name(&message.from_mailbox),
        };
        Ok(Recipient {
            name,
            mailbox: message.from_mailbox,
            identity_key: message.from_identity_key.clone(),
        })
    }

    /// Queues content for `to` as part of `changes`.
    pub(crate) fn stage_pending(
        &self,
        changes: &mut Changes,
        to: &Recipient,
        content: &Content,
        label: &str,
    ) -> Result<()> {
        let pending = PendingSend {
            number: self.store.next_seq()?,
            to: to.clone(),
            content: content.encode(),
            label: label.to_string(),
        };
        changes.put(Self::pending_key(pending.number), pending.encode());
        Ok(())
    }

    fn pending(&self) -> Result<Vec<PendingSend>> {
        self.store
            .scan(Ns::Pending)?
            .into_iter()
            .map(|(_, raw)| {
                PendingSend::decode(&raw).map_err(|e| ClientError::Corrupt(format!("pending: {e}")))
            })
            .collect()
    }

    /// How many messages wait to be sent on someone's behalf.
    pub fn pending_count(&self) -> Result<usize> {
        Ok(self.pending()?.len())
    }

    /// Encrypts and sends what was queued on our behalf; each item leaves the queue in the
    /// same commit that puts its envelope in the outbox. A network failure stops the round
    /// (the rest waits for the next one); an item that cannot go now (a changed safety
    /// number) stays queued and the others go on. Returns how many went out.
    pub async fn send_pending(&mut self) -> Result<usize> {
        let mut sent = 0;
        for p in self.pending()? {
            let content = Content::decode(&p.content)
                .map_err(|e| ClientError::Corrupt(format!("pending content: {e}")))?;
            let mut done = Changes::default();
            done.remove(Self::pending_key(p.number));
            match self.send_content(&[p.to], &content, &p.label, done).await {
                Ok(_) => sent += 1,
                Err(e @ (ClientError::Unreachable { .. } | ClientError::PinMismatch)) => {
                    if sent == 0 {
                        return Err(e);
                    }
                    break;
                }
                Err(_) => continue,
            }
        }
        Ok(sent)
    }

    /// Marks a message read; for a presented briefing, and if this member allows read
    /// receipts, queues a receipt to the Centre in the same commit.
    pub(crate) fn stage_read_receipt(&self, changes: &mut Changes, m: &InboxMessage) -> Result<()> {
        if !self.record.read_receipts {
            return Ok(());
        }
        if let Ok(Content::Presentation(p)) = Content::decode(&m.content) {
            let receipt = Content::Receipt(Receipt {
                about: p.presentation_id,
                kind: ReceiptKind::Read,
                member: self.record.name.clone(),
                at: now_ms(),
            });
            // No receipt to a presenter whose safety number changed: reading still works.
            if let Ok(to) = self.sender_of(m) {
                self.stage_pending(changes, &to, &receipt, "receipt")?;
            }
        }
        Ok(())
    }

    pub fn read_receipts(&self) -> bool {
        self.record.read_receipts
    }

    pub fn set_read_receipts(&mut self, on: bool) -> Result<()> {
        self.record.read_receipts = on;
        self.save_record()
    }

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
                    at: now_ms(),
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
                            at: now_ms(),
                        };
                        self.stage_pending(&mut d.changes, &p.member, &notice, "withdrawal")
                            .map_err(err)?;
                        let receipt = Content::Receipt(Receipt {
                            about: record.message_id,
                            kind: ReceiptKind::Withdrawn,
                            member: p.member.name.clone(),
                            at: now_ms(),
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

/// A local label for someone who is not a contact.
fn short_name(mailbox: &MailboxId) -> String {
    format!("#{}", &mailbox.to_hex()[..12])
}
