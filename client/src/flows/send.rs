//! Sending a briefing: encrypt once per recipient (PQXDH on first contact, then the Double
//! Ratchet), seal the sender, put the envelopes in the outbox durably, then deliver. An
//! envelope leaves the outbox only when the relay acknowledged it as durable; a retry sends
//! the very same bytes under the same envelope id, so the reader sees the briefing once.

use std::time::SystemTime;

use amicus_protocol::limits::MAX_DELIVER_BATCH;
use amicus_protocol::{
    DeliverItem, EnvelopeId, ErrorCode, PaidItem, PrekeyBundle, Request, Response, WorkedItem,
};
use libsignal_protocol::{
    DeviceId, IdentityKey, PreKeyBundle, PublicKey, SenderCertificate, Timestamp, kem,
    process_prekey_bundle, sealed_sender_encrypt,
};
use rand::RngCore as _;

use crate::briefing::{Briefing, MAX_CONTENT_LEN};
use crate::content::Content;
use crate::error::{ClientError, Result};
use crate::flows::tokens::token_used;
use crate::net::link::RelayLink;
use crate::profile::Profile;
use crate::proxy_records::{Recipient, SentRecord};
use crate::records::OutboxEntry;
use crate::store::signal::run_now;
use crate::store::{Changes, LocalStore, Ns};

/// Refresh the cached sender certificate when less than this is left (ms).
const CERTIFICATE_MARGIN_MS: u64 = 3_600_000;

/// Why an envelope is still in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The relay could not be reached (or the connection broke): nothing was acknowledged.
    Unreachable,
    /// The relay refused it with this code.
    Refused(ErrorCode),
}

impl WaitReason {
    /// Why an error leaves something waiting.
    pub(crate) fn of(error: &ClientError) -> Self {
        match error {
            ClientError::Relay(code) => WaitReason::Refused(*code),
            _ => WaitReason::Unreachable,
        }
    }
}

/// What happened to each recipient's envelope.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SendReport {
    /// Acknowledged by the relay as durably stored.
    pub delivered: Vec<String>,
    /// Still in the outbox, with the reason; retried on the next send or sync.
    pub waiting: Vec<(String, WaitReason)>,
}

/// Whether a send that failed before anything was sealed can succeed later by itself: the
/// relay was unreachable, out of room for now, or asked to slow down.
pub(crate) fn retry_later(e: &ClientError) -> bool {
    e.is_unreachable()
        || matches!(
            e,
            ClientError::Relay(ErrorCode::StorageUnavailable | ErrorCode::RateLimited)
        )
}

fn to_prekey_bundle(b: &PrekeyBundle) -> Result<PreKeyBundle> {
    let bad = |_| ClientError::UnexpectedResponse;
    let one_time = match &b.one_time {
        Some(p) => Some((p.id.into(), PublicKey::deserialize(&p.public).map_err(bad)?)),
        None => None,
    };
    Ok(PreKeyBundle::new(
        b.registration_id,
        DeviceId::try_from(b.device_id).map_err(|_| ClientError::UnexpectedResponse)?,
        one_time,
        b.signed_prekey.id.into(),
        PublicKey::deserialize(&b.signed_prekey.public).map_err(bad)?,
        b.signed_prekey.signature.clone(),
        b.kyber_prekey.id.into(),
        kem::PublicKey::deserialize(&b.kyber_prekey.public)
            .map_err(|_| ClientError::UnexpectedResponse)?,
        b.kyber_prekey.signature.clone(),
        IdentityKey::decode(&b.identity_key).map_err(|_| ClientError::UnexpectedResponse)?,
    )?)
}

impl Profile {
    /// Our sealed-sender certificate, from cache or freshly issued by the relay.
    async fn sender_certificate(&mut self) -> Result<SenderCertificate> {
        if self.record.sender_certificate_expires > self.now_ms() + CERTIFICATE_MARGIN_MS
            && let Ok(cert) = SenderCertificate::deserialize(&self.record.sender_certificate)
        {
            return Ok(cert);
        }
        let link = self.owner_link().await?;
        let response = link.call_ok(&Request::IssueSenderCertificate).await;
        link.close().await;
        let Response::SenderCertificate { certificate } = response? else {
            return Err(ClientError::UnexpectedResponse);
        };
        let cert = SenderCertificate::deserialize(&certificate)?;
        let trust_root = PublicKey::deserialize(&self.record.trust_root)
            .map_err(|_| ClientError::Corrupt("trust root".into()))?;
        // Check what the relay issued: our own key, signed under the pinned trust root.
        if !cert.validate(&trust_root, Timestamp::from_epoch_millis(self.now_ms()))?
            || cert.key()? != *self.identity.public_key()
        {
            return Err(ClientError::UnexpectedResponse);
        }
        self.record.sender_certificate = certificate;
        self.record.sender_certificate_expires = cert.expiration()?.epoch_millis();
        self.save_record()?;
        Ok(cert)
    }

    /// Sends a plain briefing (title and text, no other metadata) to named contacts.
    pub async fn send_briefing(
        &mut self,
        recipients: &[&str],
        subject: &str,
        body: &str,
    ) -> Result<SendReport> {
        let briefing = Briefing {
            title: subject.to_string(),
            body: body.to_string(),
            ..Default::default()
        };
        self.send_structured(recipients, briefing).await
    }

    /// Sends a briefing to named contacts. Its id and time are set here. Errors before
    /// anything is stored (unknown contact, changed safety number, too large, relay
    /// unreachable) return `Err` and leave nothing behind; once encrypted, the briefing is in
    /// the outbox and the report says what is still waiting.
    pub async fn send_structured(
        &mut self,
        recipients: &[&str],
        briefing: Briefing,
    ) -> Result<SendReport> {
        self.send_structured_with(recipients, briefing, Changes::default())
            .await
    }

    /// [`Self::send_structured`], committing `extra` with whatever the send stores.
    pub(crate) async fn send_structured_with(
        &mut self,
        recipients: &[&str],
        mut briefing: Briefing,
        extra: Changes,
    ) -> Result<SendReport> {
        let to = self.recipients_by_name(recipients)?;
        rand::rng().fill_bytes(&mut briefing.message_id);
        briefing.sent_at = self.now_ms();
        let title = briefing.title.clone();
        let message_id = briefing.message_id;
        self.send_recorded(
            to,
            Content::Briefing(briefing),
            &title,
            message_id,
            None,
            extra,
        )
        .await
    }

    /// Sends content and keeps a [`SentRecord`] (for receipts and revocation) in the same
    /// commit as the outbox entries (and `extra`).
    pub(crate) async fn send_recorded(
        &mut self,
        to: Vec<Recipient>,
        content: Content,
        title: &str,
        message_id: [u8; 16],
        mandate_id: Option<[u8; 16]>,
        extra: Changes,
    ) -> Result<SendReport> {
        let mut record_changes = extra;
        let sent = SentRecord {
            number: self.store.next_seq()?,
            message_id,
            title: title.to_string(),
            sent_at: self.now_ms(),
            recipients: to.clone(),
            mandate_id,
            revoked_at: 0,
            receipts: Vec::new(),
        };
        record_changes.put(self.sent_key(&message_id), sent.encode());
        // The briefing carries its attachments from now on: their upload records go in the
        // same commit as the outbox entries.
        if let Some(briefing) = content.briefing() {
            self.stage_uploads_sent(&mut record_changes, &briefing.attachments)?;
        }
        self.send_or_keep(&to, &content, title, record_changes)
            .await
    }

    /// [`Self::send_content`] for something a person just wrote: if it cannot be sealed now
    /// because the relay does not answer (no sender certificate, no prekeys for a new
    /// contact), it is kept instead, encrypted in the profile with `extra`, as one pending
    /// send per recipient; the next sync seals and sends it. Nothing typed is lost.
    pub(crate) async fn send_or_keep(
        &mut self,
        to: &[Recipient],
        content: &Content,
        label: &str,
        extra: Changes,
    ) -> Result<SendReport> {
        match self.send_content(to, content, label, extra.clone()).await {
            Err(e) if retry_later(&e) => {
                let mut changes = extra;
                for recipient in to {
                    self.stage_pending(&mut changes, recipient, content, label)?;
                }
                self.store.commit(changes)?;
                let reason = WaitReason::of(&e);
                Ok(SendReport {
                    delivered: Vec::new(),
                    waiting: to.iter().map(|r| (r.name.clone(), reason)).collect(),
                })
            }
            other => other,
        }
    }

    /// Contacts by name, checked for sending: known, on our relay, no unverified key change.
    pub(crate) fn recipients_by_name(&self, names: &[&str]) -> Result<Vec<Recipient>> {
        let mut to: Vec<Recipient> = Vec::new();
        for name in names {
            let contact = self.contact(name)?;
            if contact.pending_identity_key.is_some() {
                return Err(ClientError::IdentityChanged(contact.name));
            }
            if contact.relay_pin != self.record.relay_pin {
                return Err(ClientError::OtherRelay(contact.name));
            }
            if !to.iter().any(|c| c.mailbox == contact.mailbox) {
                to.push(Recipient {
                    name: contact.name,
                    mailbox: contact.mailbox,
                    identity_key: contact.identity_key,
                });
            }
        }
        if to.is_empty() {
            return Err(ClientError::NoRecipient);
        }
        Ok(to)
    }

    /// Encrypts `content` for each recipient, commits the envelopes to the outbox together
    /// with the ratchet state and `extra`, then delivers what it can.
    pub(crate) async fn send_content(
        &mut self,
        to: &[Recipient],
        content: &Content,
        label: &str,
        extra: Changes,
    ) -> Result<SendReport> {
        let padded =
            content
                .encode_padded(&self.mailbox)
                .map_err(|len| ClientError::BriefingTooLarge {
                    len,
                    max: MAX_CONTENT_LEN,
                })?;
        let certificate = self.sender_certificate().await?;
        // Connect only if a session must be started; with sessions and a certificate in
        // hand, a briefing written offline is encrypted and queued in the outbox.
        let mut link: Option<RelayLink> = None;
        let txn = self.txn();
        let mut sessions = txn.clone();
        let mut identities = txn.clone();
        let mut entries = Vec::new();
        for recipient in to {
            let address = Self::address_of(&recipient.mailbox);
            if !txn.has_session(&address)? {
                if link.is_none() {
                    link = Some(self.anonymous_link().await?);
                }
                let Some(link) = link.as_ref() else {
                    return Err(ClientError::UnexpectedResponse);
                };
                let bundle = match link
                    .call_ok(&Request::FetchPrekeys {
                        mailbox: recipient.mailbox,
                    })
                    .await
                {
                    Ok(Response::PrekeyBundle(b)) => b,
                    Ok(_) => return Err(ClientError::UnexpectedResponse),
                    Err(ClientError::Relay(ErrorCode::UnknownRecipient)) => {
                        return Err(ClientError::UnknownRecipient);
                    }
                    Err(e) => return Err(e),
                };
                if bundle.identity_key != recipient.identity_key {
                    // Someone (or the relay) presents another key: stop, and make the user
                    // compare safety numbers before anything is sent.
                    if let Some(mut flagged) = self.contact_by_mailbox(&recipient.mailbox)? {
                        flagged.pending_identity_key = Some(bundle.identity_key.clone());
                        flagged.verified = false;
                        let mut changes = Changes::default();
                        self.stage_contact(&mut changes, &flagged);
                        self.store.commit(changes)?;
                    }
                    return Err(ClientError::IdentityChanged(recipient.name.clone()));
                }
                run_now(process_prekey_bundle(
                    &address,
                    &mut sessions,
                    &mut identities,
                    &to_prekey_bundle(&bundle)?,
                    SystemTime::now(),
                    &mut rand::rng(),
                ))??;
            }
            let payload = run_now(sealed_sender_encrypt(
                &address,
                &certificate,
                &padded,
                &mut sessions,
                &mut identities,
                SystemTime::now(),
                &mut rand::rng(),
            ))??;
            let mut envelope_id = [0u8; 16];
            rand::rng().fill_bytes(&mut envelope_id);
            entries.push(OutboxEntry {
                number: self.store.next_seq()?,
                envelope_id: EnvelopeId(envelope_id),
                to_mailbox: recipient.mailbox,
                to_name: recipient.name.clone(),
                subject: label.to_string(),
                created_at: self.now_ms(),
                payload,
                last_error: 0,
            });
        }
        // Ratchet state, outbox entries and the caller's records become durable together.
        let mut changes = txn.take_changes();
        changes.absorb(extra);
        for entry in &entries {
            changes.put(outbox_key(entry.number), entry.encode());
        }
        self.store.commit(changes)?;
        let link = match link {
            Some(link) => link,
            None => match self.anonymous_link().await {
                Ok(link) => link,
                Err(e) => {
                    let reason = WaitReason::of(&e);
                    return Ok(SendReport {
                        delivered: Vec::new(),
                        waiting: entries
                            .iter()
                            .map(|entry| (entry.to_name.clone(), reason))
                            .collect(),
                    });
                }
            },
        };
        let report = self.deliver_outbox(&link).await;
        link.close().await;
        report
    }

    /// Delivers whatever waits in the outbox, through a connection that does not identify us.
    pub async fn flush_outbox(&mut self) -> Result<SendReport> {
        if self.outbox()?.is_empty() {
            return Ok(SendReport::default());
        }
        let link = self.anonymous_link().await?;
        let report = self.deliver_outbox(&link).await;
        link.close().await;
        report
    }

    /// Each envelope goes paid by one sending token. A token the relay took (or refused for
    /// good) is forgotten; one it gave back stays in the wallet. An envelope whose token
    /// the relay refused is tried once more at once with another; one that found no token
    /// (the relay gives no more this period) waits in the outbox.
    async fn deliver_outbox(&mut self, link: &RelayLink) -> Result<SendReport> {
        let mut report = SendReport::default();
        let entries = self.outbox()?;
        for batch in entries.chunks(MAX_DELIVER_BATCH) {
            let mut outcomes = self.deliver_paid(link, batch).await?;
            // Indices below both lengths (the zip), so the indexing below cannot fail.
            let retry: Vec<usize> = batch
                .iter()
                .zip(&outcomes)
                .enumerate()
                .filter(|(_, (_, o))| {
                    matches!(
                        o,
                        Err(WaitReason::Refused(
                            ErrorCode::TokenSpent | ErrorCode::TokenRefused
                        ))
                    )
                })
                .map(|(i, _)| i)
                .collect();
            if !retry.is_empty() {
                let entries: Vec<OutboxEntry> = retry.iter().map(|&i| batch[i].clone()).collect();
                let again = self.deliver_paid(link, &entries).await?;
                for (i, second) in retry.into_iter().zip(again) {
                    outcomes[i] = second;
                }
            }
            for (entry, outcome) in batch.iter().zip(outcomes) {
                match outcome {
                    Ok(()) => report.delivered.push(entry.to_name.clone()),
                    Err(reason) => report.waiting.push((entry.to_name.clone(), reason)),
                }
            }
        }
        Ok(report)
    }

    /// One `DeliverPaid` of `batch`: what became of each envelope, durably recorded (out of
    /// the outbox, or kept with the relay's code).
    async fn deliver_paid(
        &mut self,
        link: &RelayLink,
        batch: &[OutboxEntry],
    ) -> Result<Vec<std::result::Result<(), WaitReason>>> {
        let tokens = match self.take_tokens(link, batch.len()).await {
            Ok(tokens) => tokens,
            // The relay gives none (not registered yet, say): the intake may still take work.
            Err(ClientError::Relay(_)) => Vec::new(),
            Err(e) => return Ok(vec![Err(WaitReason::of(&e)); batch.len()]),
        };
        let (paid, unpaid) = batch.split_at(tokens.len());
        let mut outcomes = Vec::with_capacity(batch.len());
        if !paid.is_empty() {
            let items = paid
                .iter()
                .zip(&tokens)
                .map(|(e, held)| PaidItem {
                    token: held.token.clone(),
                    item: DeliverItem {
                        mailbox: e.to_mailbox,
                        envelope_id: e.envelope_id,
                        payload: e.payload.clone(),
                    },
                })
                .collect();
            match link.call_ok(&Request::DeliverPaid { items }).await {
                Ok(Response::Delivered { statuses }) if statuses.len() == paid.len() => {
                    let used: Vec<_> = tokens
                        .into_iter()
                        .zip(&statuses)
                        .filter(|(_, status)| token_used(status))
                        .map(|(held, _)| held)
                        .collect();
                    outcomes.extend(self.settle(paid, statuses)?);
                    self.tokens_used(used)?;
                }
                Ok(_) => return Err(ClientError::UnexpectedResponse),
                // Nothing acknowledged: everything stays in the outbox, and the tokens in
                // the wallet (if the relay did take one, it says so next time).
                Err(e) => outcomes.extend(paid.iter().map(|_| Err(WaitReason::of(&e)))),
            }
        }
        for entry in unpaid {
            outcomes.push(self.deliver_worked(link, entry).await?);
        }
        Ok(outcomes)
    }

    /// Records what the relay said of each envelope, durably: out of the outbox, or kept
    /// with the relay's code.
    fn settle(
        &self,
        entries: &[OutboxEntry],
        statuses: Vec<std::result::Result<(), ErrorCode>>,
    ) -> Result<Vec<std::result::Result<(), WaitReason>>> {
        let mut changes = Changes::default();
        let mut outcomes = Vec::with_capacity(entries.len());
        for (entry, status) in entries.iter().zip(statuses) {
            match status {
                Ok(()) => changes.remove(outbox_key(entry.number)),
                Err(code) => {
                    let mut kept = entry.clone();
                    kept.last_error = code.to_u16();
                    changes.put(outbox_key(entry.number), kept.encode());
                }
            }
            outcomes.push(status.map_err(WaitReason::Refused));
        }
        self.store.commit(changes)?;
        Ok(outcomes)
    }

    /// An envelope with no token to pay for it: the Centre's intake takes a proof of work
    /// instead (first contact stays open); any other recipient waits for tokens.
    async fn deliver_worked(
        &self,
        link: &RelayLink,
        entry: &OutboxEntry,
    ) -> Result<std::result::Result<(), WaitReason>> {
        let no_tokens = Err(WaitReason::Refused(ErrorCode::TokensExhausted));
        let terms = match link
            .call_ok(&Request::WorkTerms {
                mailbox: entry.to_mailbox,
            })
            .await
        {
            Ok(Response::WorkTerms(terms)) => terms,
            Ok(_) => return Err(ClientError::UnexpectedResponse),
            Err(ClientError::Relay(ErrorCode::NotPermitted)) => return Ok(no_tokens),
            Err(e) => return Ok(Err(WaitReason::of(&e))),
        };
        let item = DeliverItem {
            mailbox: entry.to_mailbox,
            envelope_id: entry.envelope_id,
            payload: entry.payload.clone(),
        };
        // Sixteen times the expected number of attempts: failing that means a relay asking
        // for more than it says.
        let attempts = 16u64 << terms.difficulty.min(40);
        let (solving, epoch) = (item.clone(), terms.epoch);
        let nonce = tokio::task::spawn_blocking(move || {
            amicus_protocol::work::solve(&terms, &solving, attempts)
        })
        .await
        .ok()
        .flatten();
        let Some(nonce) = nonce else {
            return Ok(Err(WaitReason::Refused(ErrorCode::WorkRefused)));
        };
        let request = Request::DeliverWorked {
            items: vec![WorkedItem { epoch, nonce, item }],
        };
        match link.call_ok(&request).await {
            Ok(Response::Delivered { statuses }) if statuses.len() == 1 => Ok(self
                .settle(std::slice::from_ref(entry), statuses)?
                .remove(0)),
            Ok(_) => Err(ClientError::UnexpectedResponse),
            Err(e) => Ok(Err(WaitReason::of(&e))),
        }
    }
}

impl Profile {
    pub(crate) fn sent_key(&self, message_id: &[u8; 16]) -> Vec<u8> {
        self.store.blind(Ns::Sent, message_id)
    }
}

fn outbox_key(number: u64) -> Vec<u8> {
    LocalStore::key(Ns::Outbox, &number.to_be_bytes())
}
