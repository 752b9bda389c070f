//! Drafts: a briefing is kept, encrypted in the profile, from the moment its writer is done
//! with it until the relay has it. Uploading its attachments, fetching prekeys and sealing
//! happen after; whatever stops them (Ctrl-C, a cut network, a full relay) leaves the draft
//! and its resumable uploads, and the next `sync` (or `send_draft`) finishes the send. The
//! draft is removed in the same commit that puts the briefing in the outbox or keeps it as a
//! pending send.

use std::path::PathBuf;

use amicus_core::draft::{Draft, DraftMandate, MAX_DRAFT_RECIPIENTS};

use crate::briefing::{Briefing, MAX_CONTENT_LEN};
use crate::content::Content;
use crate::error::{ClientError, FileProblem, Result, file_error};
use crate::flows::proxy::MandateOptions;
use crate::flows::send::{SendReport, retry_later};
use crate::net::transfer::TransferProgress;
use crate::profile::Profile;
use crate::store::{Changes, LocalStore, Ns};

impl Profile {
    fn draft_key(number: u64) -> Vec<u8> {
        LocalStore::key(Ns::Draft, &number.to_be_bytes())
    }

    /// Keeps a briefing, with the files to attach and a mandate if any, before anything
    /// else is done with it. What can be checked without the network is checked first
    /// (the recipients are contacts, the text fits, the files are readable files), so that a
    /// mistake is said now, not at the next sync. Returns the draft's number.
    pub fn keep_draft(
        &mut self,
        recipients: &[&str],
        briefing: Briefing,
        files: &[PathBuf],
        mandate: Option<DraftMandate>,
    ) -> Result<u64> {
        self.keep_draft_with(recipients, briefing, files, &[], mandate)
    }

    /// [`Self::keep_draft`] with attachments already staged in the profile
    /// ([`Profile::stage_attachment`]), named by id.
    pub fn keep_draft_with(
        &mut self,
        recipients: &[&str],
        briefing: Briefing,
        files: &[PathBuf],
        staged: &[String],
        mandate: Option<DraftMandate>,
    ) -> Result<u64> {
        for id in staged {
            self.staged_attachment(id)?;
        }
        if recipients.len() > MAX_DRAFT_RECIPIENTS {
            return Err(ClientError::TooManyRecipients(MAX_DRAFT_RECIPIENTS));
        }
        self.recipients_by_name(recipients)?;
        check_fits(&briefing)?;
        for file in files {
            let meta = std::fs::metadata(file).map_err(|e| file_error(file, e))?;
            if !meta.is_file() {
                return Err(file_error(file, FileProblem::NotAFile));
            }
        }
        let draft = Draft {
            number: 0,
            recipients: recipients.iter().map(|r| r.to_string()).collect(),
            briefing,
            files: files.iter().map(|f| f.display().to_string()).collect(),
            mandate,
            created_at: self.now_ms(),
            staged: staged.to_vec(),
        };
        // The same command run again after an interruption ("run it again: it continues")
        // continues the draft it left, never a second copy of the briefing.
        if let Some(same) = self.drafts()?.iter().find(|d| same_request(d, &draft)) {
            return Ok(same.number);
        }
        let draft = Draft {
            number: self.store.next_seq()?,
            ..draft
        };
        let mut changes = Changes::default();
        changes.put(Self::draft_key(draft.number), draft.encode());
        self.store.commit(changes)?;
        Ok(draft.number)
    }

    /// Briefings kept but not yet sealed, oldest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        self.draft_records(Ns::Draft, "draft")
    }

    /// Every draft-shaped record of namespace `ns` (drafts, writings), oldest first.
    pub(crate) fn draft_records(&self, ns: Ns, what: &str) -> Result<Vec<Draft>> {
        self.store
            .scan(ns)?
            .into_iter()
            .map(|(_, raw)| {
                Draft::decode(&raw).map_err(|e| ClientError::Corrupt(format!("{what}: {e}")))
            })
            .collect()
    }

    /// Uploads the draft's attachments (resuming what an earlier attempt uploaded), then
    /// seals and sends it; the draft leaves the profile in the same commit.
    pub async fn send_draft(
        &mut self,
        number: u64,
        progress: &dyn TransferProgress,
    ) -> Result<SendReport> {
        let raw = self
            .store
            .get(&Self::draft_key(number))?
            .ok_or(ClientError::NoSuchMessage(number))?;
        let draft = Draft::decode(&raw).map_err(|e| ClientError::Corrupt(format!("draft: {e}")))?;
        let names: Vec<&str> = draft.recipients.iter().map(String::as_str).collect();
        let files: Vec<PathBuf> = draft.files.iter().map(PathBuf::from).collect();
        let mut briefing = draft.briefing;
        briefing.attachments = self.upload_for(&names, &files, progress).await?;
        if !draft.staged.is_empty() {
            let readers: Vec<_> = self
                .recipients_by_name(&names)?
                .into_iter()
                .map(|r| r.mailbox)
                .collect();
            for id in &draft.staged {
                let pointer = self.upload_staged(id, &readers, progress).await?;
                briefing.attachments.push(pointer);
            }
        }
        let mut done = Changes::default();
        done.remove(Self::draft_key(number));
        let report = match draft.mandate {
            None => self.send_structured_with(&names, briefing, done).await,
            Some(m) => {
                let staff: Vec<&str> = m.staff.iter().map(String::as_str).collect();
                let members: Vec<&str> = m.members.iter().map(String::as_str).collect();
                let options = MandateOptions {
                    staff: &staff,
                    members: &members,
                    session: m.session,
                    attribution: m.attribution,
                    allow_attachments: m.allow_attachments,
                    expires_at: m.expires_at,
                };
                self.submit_with(&names, briefing, options, done).await
            }
        };
        // The briefing (with the blobs' pointers) is in the outbox or kept as a pending
        // send: the sealed copies are no longer needed.
        if report.is_ok() && !draft.staged.is_empty() {
            let _ = self.drop_staged(&draft.staged);
        }
        report
    }

    /// Finishes every draft it can: a network failure stops the round (the rest waits for
    /// the next), a draft that cannot go now for another reason (a changed safety number)
    /// stays and the others go on. Returns how many were sent and how many are left.
    pub async fn send_drafts(&mut self, progress: &dyn TransferProgress) -> Result<(usize, usize)> {
        let mut sent = 0;
        for draft in self.drafts()? {
            match self.send_draft(draft.number, progress).await {
                // Delivered to the relay; one kept as a pending send counts there.
                Ok(report) if report.waiting.is_empty() => sent += 1,
                Ok(_) => {}
                Err(e) if retry_later(&e) || matches!(e, ClientError::PinMismatch) => break,
                Err(_) => continue,
            }
        }
        Ok((sent, self.drafts()?.len()))
    }
}

/// Whether the briefing fits in one envelope once sealed, so that a mistake is said when it
/// is written, not at the next sync.
pub(crate) fn check_fits(briefing: &Briefing) -> Result<()> {
    // Measured as sent: the sender's mailbox adds its fixed 32 bytes, whoever sends.
    Content::Briefing(briefing.clone())
        .encode_padded(&amicus_protocol::MailboxId([0; 32]))
        .map(|_| ())
        .map_err(|len| ClientError::BriefingTooLarge {
            len,
            max: MAX_CONTENT_LEN,
        })
}

/// Whether two drafts ask for the same send: same people, words, facts, files and mandate
/// (a mandate's end, computed from the time of the command, may differ).
fn same_request(a: &Draft, b: &Draft) -> bool {
    let mandates_match = match (&a.mandate, &b.mandate) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            DraftMandate {
                expires_at: y.expires_at,
                ..x.clone()
            } == *y
        }
        _ => false,
    };
    a.recipients == b.recipients
        && a.briefing == b.briefing
        && a.files == b.files
        && a.staged == b.staged
        && mandates_match
}
