//! Receiving: fetch envelopes from our mailbox, decrypt each one, and store the briefing,
//! the advanced ratchet and the "seen" mark in one durable commit. Only then is the envelope
//! acknowledged, which deletes it from the relay. An envelope that cannot be decrypted or
//! read is kept in quarantine with the reason, never dropped.

use amicus_protocol::{DecodeError, IncomingEnvelope, MailboxId, Request, Response};
use libsignal_protocol::{
    DeviceId, IdentityKeyStore as _, PublicKey, Timestamp, sealed_sender_decrypt,
};

use crate::content::Content;
use crate::error::{ClientError, Result};
use crate::flows::prekeys::DEVICE_ID;
use crate::profile::Profile;
use crate::records::{InboxMessage, QuarantineReason, Quarantined};
use crate::store::signal::run_now;
use crate::store::{Changes, LocalStore, Ns};

/// Most fetch rounds in one sync, so a flooded mailbox cannot keep a sync running forever.
const MAX_ROUNDS: usize = 1000;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub received: usize,
    pub quarantined: usize,
    pub duplicates: usize,
    pub delivered_from_outbox: usize,
    pub still_in_outbox: usize,
    /// Read briefings deleted under the retention setting.
    pub auto_deleted: usize,
    /// Receipts, revocations and withdrawals applied to existing records.
    pub updates: usize,
    /// Receipts and forwarded questions or answers sent on our behalf.
    pub sent_on_behalf: usize,
    /// Such messages still waiting to be sent.
    pub pending_on_behalf: usize,
    /// Members whose identity key the Centre's roster changed: verify them again.
    pub roster_key_changes: Vec<String>,
    /// Why a roster offered by the relay was refused, if it was.
    pub roster_refused: Option<amicus_core::roster::RosterRefusal>,
    /// How the relay is reached, when that changed since the user was last told (see
    /// [`Profile::take_route_news`]).
    pub route: Option<crate::RouteKind>,
}

pub(crate) enum Outcome {
    Received,
    Updated,
    Quarantined(QuarantineReason),
    Duplicate,
}

/// Watches a sync as it runs, so that a front end can update while it works instead of
/// waiting for the [`SyncReport`]. Every method does nothing unless overridden; each is
/// called after the event is durable in the profile.
pub trait SyncObserver: Send {
    /// Waiting briefings were accepted by the relay.
    fn outbox_delivered(&mut self, _count: usize) {}
    /// A new roster version was accepted.
    fn roster_changed(&mut self, _version: u64) {}
    /// The roster changed the identity key of this person: verify them again.
    fn key_changed(&mut self, _name: &str) {}
    /// A message (briefing, presentation, question...) is stored in the inbox.
    fn envelope_stored(&mut self) {}
    /// A receipt, revocation or withdrawal updated an existing record.
    fn record_updated(&mut self) {}
    /// An envelope could not be read and was kept aside.
    fn quarantined(&mut self, _reason: QuarantineReason) {}
    /// Where the uploads of drafts finished by this sync report their progress.
    fn transfers(&self) -> &dyn crate::net::transfer::TransferProgress {
        &crate::net::transfer::Quiet
    }
}

/// An observer that watches nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl SyncObserver for NoObserver {}

impl Profile {
    /// Delivers the outbox, fetches and stores everything waiting, and tops up prekeys.
    pub async fn sync(&mut self) -> Result<SyncReport> {
        self.sync_observed(&mut NoObserver).await
    }

    /// [`Profile::sync`], telling `observer` of each step as it becomes durable.
    pub async fn sync_observed(&mut self, observer: &mut dyn SyncObserver) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        if !self.outbox()?.is_empty() {
            let sent = self.flush_outbox().await?;
            report.delivered_from_outbox = sent.delivered.len();
            report.still_in_outbox = sent.waiting.len();
            if !sent.delivered.is_empty() {
                observer.outbox_delivered(sent.delivered.len());
            }
        }
        let link = self.owner_link().await?;
        // The roster first: a presentation from staff added since the last sync must find
        // them on it.
        if !self.record.centre_root.is_empty() {
            let before = self.record.roster_version;
            match self.update_roster(&link).await {
                Ok(update) => {
                    if update.version != before {
                        observer.roster_changed(update.version);
                    }
                    for name in &update.key_changes {
                        observer.key_changed(name);
                    }
                    report.roster_key_changes = update.key_changes;
                }
                Err(ClientError::RosterRefused(why)) => report.roster_refused = Some(why),
                Err(e) => return Err(e),
            }
        }
        for _ in 0..MAX_ROUNDS {
            let Response::Envelopes { items, more } = link
                .call_ok(&Request::Fetch {
                    max: amicus_protocol::limits::MAX_FETCH_BATCH as u16,
                })
                .await?
            else {
                return Err(ClientError::UnexpectedResponse);
            };
            let mut ids = Vec::with_capacity(items.len());
            for envelope in &items {
                match self.receive_one(envelope).await? {
                    Outcome::Received => {
                        report.received += 1;
                        observer.envelope_stored();
                    }
                    Outcome::Updated => {
                        report.updates += 1;
                        observer.record_updated();
                    }
                    Outcome::Quarantined(reason) => {
                        report.quarantined += 1;
                        observer.quarantined(reason);
                    }
                    Outcome::Duplicate => report.duplicates += 1,
                }
                ids.push(envelope.envelope_id);
            }
            if !ids.is_empty() {
                link.call_ok(&Request::Ack { ids }).await?;
            }
            if !more {
                break;
            }
        }
        self.replenish_prekeys(&link).await?;
        // Tokens ahead of need, on this connection that names us anyway: the moment they
        // are fetched is then unrelated to any send.
        self.top_up_tokens(&link).await?;
        link.close().await;
        // What the received messages asked us to send (receipts, forwarded questions) is
        // durable already; if the relay went away meanwhile, the next sync sends it.
        // Drafts first (their uploads resume), then everything kept to be sealed.
        let (drafts_sent, drafts_left) = self
            .send_drafts(observer.transfers())
            .await
            .unwrap_or((0, self.drafts()?.len()));
        report.sent_on_behalf = drafts_sent + self.send_pending().await.unwrap_or(0);
        report.pending_on_behalf = drafts_left + self.pending_count()?;
        report.route = self.take_route_news();
        report.auto_deleted = self.delete_old_read()?;
        Ok(report)
    }

    async fn receive_one(&mut self, envelope: &IncomingEnvelope) -> Result<Outcome> {
        let seen_key = self.store.blind(Ns::Seen, &envelope.envelope_id.0);
        if self.store.get(&seen_key)?.is_some() {
            // Stored before; the ack was lost. Acknowledge again, store nothing.
            return Ok(Outcome::Duplicate);
        }
        let decrypted = match self.decrypt(envelope).await {
            Ok(mut d) => match self.apply_content(&mut d) {
                Ok(outcome) => Ok((d.changes, outcome)),
                // A presentation reaches a profile that has not joined the Centre: say so,
                // rather than that the content is unreadable.
                Err(detail)
                    if matches!(d.content, Content::Presentation(_))
                        && self.record.centre_root.is_empty() =>
                {
                    Err((QuarantineReason::NotEnrolled, detail))
                }
                Err(detail) => Err((QuarantineReason::Unreadable, detail)),
            },
            Err(e) => Err(e),
        };
        match decrypted {
            Ok((mut changes, outcome)) => {
                changes.put(seen_key, vec![1]);
                self.store.commit(changes)?;
                Ok(outcome)
            }
            Err((reason, detail)) => {
                // The ratchet changes of a failed decryption are dropped.
                let number = self.store.next_seq()?;
                let quarantined = Quarantined {
                    number,
                    envelope_id: envelope.envelope_id,
                    received_at: envelope.received_at,
                    reason,
                    detail,
                    payload: envelope.payload.clone(),
                };
                let mut changes = Changes::default();
                changes.put(seen_key, vec![1]);
                changes.put(
                    LocalStore::key(Ns::Quarantine, &number.to_be_bytes()),
                    quarantined.encode(),
                );
                self.store.commit(changes)?;
                Ok(Outcome::Quarantined(reason))
            }
        }
    }

    /// Decrypts one envelope into pending changes and its content, or says why not.
    async fn decrypt(
        &mut self,
        envelope: &IncomingEnvelope,
    ) -> std::result::Result<Decrypted, (QuarantineReason, String)> {
        use QuarantineReason::{BadSender, Other, Undecryptable, Unreadable};
        let other = |e: String| (Other, e);
        let trust_root = PublicKey::deserialize(&self.record.trust_root)
            .map_err(|_| other("the relay trust root in this profile is damaged".into()))?;
        let device = DeviceId::try_from(DEVICE_ID).map_err(|_| other("device id".into()))?;
        let txn = self.txn();
        let (mut a, mut b, mut c, d, mut e) = (
            txn.clone(),
            txn.clone(),
            txn.clone(),
            txn.clone(),
            txn.clone(),
        );
        let result = run_now(sealed_sender_decrypt(
            &envelope.payload,
            &trust_root,
            Timestamp::from_epoch_millis(self.now_ms()),
            None,
            self.mailbox.sender_uuid(),
            device,
            &mut a,
            &mut b,
            &mut c,
            &d,
            &mut e,
        ))
        .and_then(|decrypted| decrypted)
        .map_err(|e| (Undecryptable, format!("could not decrypt: {e}")))?;
        let sender_uuid = result
            .sender_uuid()
            .map_err(|e| (BadSender, e.to_string()))?
            .to_string();
        let message = result.message().map_err(|e| (Unreadable, e.to_string()))?;
        let raw = Content::unpad(message).map_err(|e| (Unreadable, e.to_string()))?;
        let content = Content::decode(raw).map_err(|e| {
            let reason = match e {
                DecodeError::VersionTooOld { .. } => QuarantineReason::TooOld,
                DecodeError::VersionTooNew { .. } => QuarantineReason::TooNew,
                _ => Unreadable,
            };
            (reason, e.to_string())
        })?;
        let named = Content::sender(raw).ok().flatten();
        let from_mailbox = self.sender_mailbox(&sender_uuid, named).ok_or_else(|| {
            (
                BadSender,
                "the sender certificate names no mailbox this message can be tied to".to_string(),
            )
        })?;
        let address = Self::address_of(&from_mailbox);
        let sender_key = run_now(txn.get_identity(&address))
            .and_then(|key| key)
            .map_err(|e| other(e.to_string()))?
            .ok_or_else(|| {
                (
                    BadSender,
                    "no identity key recorded for the sender".to_string(),
                )
            })?;
        let sender_key = sender_key.serialize().to_vec();
        let mut changes = txn.take_changes();
        // A known contact writing with another key: keep the message, flag the contact.
        if let Ok(Some(mut contact)) = self.contact_by_mailbox(&from_mailbox)
            && contact.identity_key != sender_key
            && contact.pending_identity_key.as_ref() != Some(&sender_key)
        {
            contact.pending_identity_key = Some(sender_key.clone());
            contact.verified = false;
            self.stage_contact(&mut changes, &contact);
        }
        Ok(Decrypted {
            changes,
            envelope_id: envelope.envelope_id,
            from_mailbox,
            from_identity_key: sender_key,
            raw: raw.to_vec(),
            content,
        })
    }

    /// The mailbox behind a sender certificate's `uuid`, checked: the mailbox the content
    /// names if its UUID is the certificate's (the relay signed that UUID for the sender's
    /// identity key); a certificate of an earlier release names the mailbox in hex; content
    /// that names none (an earlier sender) is matched against the parties this profile
    /// knows.
    fn sender_mailbox(&self, uuid: &str, named: Option<MailboxId>) -> Option<MailboxId> {
        if let Ok(mailbox) = MailboxId::from_hex(uuid) {
            return named.is_none_or(|n| n == mailbox).then_some(mailbox);
        }
        if let Some(mailbox) = named {
            return (mailbox.sender_uuid() == uuid).then_some(mailbox);
        }
        let contacts = self.contacts().ok()?.into_iter().map(|c| c.mailbox);
        let roster = self.roster_entries().ok()?.into_iter().map(|e| e.mailbox);
        contacts.chain(roster).find(|m| m.sender_uuid() == uuid)
    }

    /// Stages an inbox entry for decrypted content.
    pub(crate) fn stage_inbox(
        &self,
        d: &mut Decrypted,
        subject: &str,
        body: &str,
        sent_at: u64,
        message_id: [u8; 16],
    ) -> std::result::Result<u64, String> {
        let number = self
            .next_inbox_number(&mut d.changes)
            .map_err(|e| e.to_string())?;
        let message = InboxMessage {
            number,
            envelope_id: d.envelope_id,
            message_id,
            from_mailbox: d.from_mailbox,
            from_identity_key: d.from_identity_key.clone(),
            sent_at,
            received_at: self.now_ms(),
            subject: subject.to_string(),
            body: body.to_string(),
            read_at: 0,
            content: d.raw.clone(),
            withdrawn_at: 0,
        };
        d.changes.put(
            LocalStore::key(Ns::Inbox, &number.to_be_bytes()),
            message.encode(),
        );
        Ok(number)
    }
}

/// A decrypted envelope and the changes its decryption made (ratchet, identities).
pub(crate) struct Decrypted {
    pub changes: Changes,
    pub envelope_id: amicus_protocol::EnvelopeId,
    pub from_mailbox: MailboxId,
    pub from_identity_key: Vec<u8>,
    /// The unpadded content, as the inbox keeps it.
    pub raw: Vec<u8>,
    pub content: Content,
}
