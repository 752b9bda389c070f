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
use crate::flows::send::SendReport;
use crate::mandate::{Attribution, MandateTerms, PresentationRequest, SignedMandate};
use crate::profile::Profile;
use crate::proxy_records::{MandateRecord, PendingSend, PresentationLog, Recipient, SentRecord};
use crate::records::InboxMessage;
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
    pub(crate) fn mandate_key(&self, mandate_id: &[u8; 16]) -> Vec<u8> {
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
                name: self.roster_name(&contact.mailbox).unwrap_or(contact.name),
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
        briefing: Briefing,
        options: MandateOptions<'_>,
    ) -> Result<SendReport> {
        self.submit_with(to, briefing, options, Changes::default())
            .await
    }

    /// [`Self::submit_for_presentation`], committing `extra` with whatever the send stores.
    pub(crate) async fn submit_with(
        &mut self,
        to: &[&str],
        mut briefing: Briefing,
        options: MandateOptions<'_>,
        extra: Changes,
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
        if options.expires_at <= self.now_ms() {
            return Err(ClientError::BadMandateDays);
        }
        briefing.message_id = random_id();
        briefing.sent_at = self.now_ms();
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
            extra,
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
        sent.revoked_at = self.now_ms();
        let mut extra = Changes::default();
        extra.put(self.sent_key(&sent.message_id), sent.encode());
        let content = Content::Revocation {
            mandate_id,
            at: sent.revoked_at,
        };
        let to = sent.recipients.clone();
        self.send_or_keep(&to, &content, &sent.title, extra).await
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
        self.present_with(
            number,
            member,
            with_attachments,
            &crate::net::transfer::Quiet,
        )
        .await
    }

    /// [`Self::present`], showing attachment transfers on `progress`. With attachments, each
    /// is fetched to this device and uploaded again for the member alone; without, the
    /// member sees their description only.
    pub async fn present_with(
        &mut self,
        number: u64,
        member: &str,
        with_attachments: bool,
        progress: &dyn crate::net::transfer::TransferProgress,
    ) -> Result<SendReport> {
        if !self.roster_role(&self.mailbox).is_some_and(Role::is_centre) {
            return Err(ClientError::NotStaff);
        }
        let mut record = self.mandate_of(number)?;
        let message = self.message(number)?;
        let Ok(Content::Submission { mut briefing, .. }) = Content::decode(&message.content) else {
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
            now: self.now_ms(),
            revoked: record.revoked_at != 0,
        })?;
        if contact.pending_identity_key.is_some() {
            return Err(ClientError::IdentityChanged(contact.name));
        }
        // Receipts tell the defender the member's name as the Centre's roster has it, not
        // this device's local name for the contact.
        let to = Recipient {
            name: self
                .roster_name(&contact.mailbox)
                .unwrap_or_else(|| contact.name.clone()),
            mailbox: contact.mailbox,
            identity_key: contact.identity_key.clone(),
        };
        for attachment in &mut briefing.attachments {
            if with_attachments {
                *attachment = self
                    .reshare_attachment(attachment, &[to.mailbox], progress)
                    .await?;
            } else {
                attachment.withhold();
            }
        }
        let presentation = Presentation {
            presentation_id: random_id(),
            presented_at: self.now_ms(),
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
            .send_or_keep(&[to], &Content::Presentation(presentation), &title, extra)
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
            at: self.now_ms(),
        };
        let to = self.sender_of(&message)?;
        self.send_or_keep(
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
            at: self.now_ms(),
        };
        let to = self.sender_of(&message)?;
        self.send_or_keep(&[to], &Content::Answer(answer), &q.text, Changes::default())
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

    /// What waits to be sealed and sent: briefings written while the relay did not
    /// answer, receipts and forwarded messages decided on our behalf.
    pub fn pending_sends(&self) -> Result<Vec<PendingSend>> {
        self.pending()
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
                Err(e) if e.is_unreachable() || matches!(e, ClientError::PinMismatch) => {
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
                at: self.now_ms(),
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
}

/// A local label for someone who is not a contact.
pub(crate) fn short_name(mailbox: &MailboxId) -> String {
    format!("#{}", &mailbox.to_hex()[..12])
}
