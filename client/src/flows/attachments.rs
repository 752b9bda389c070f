//! A profile's attachments: uploads it sends (resumable across restarts: the upload's key,
//! capabilities and blob id are committed before the first byte leaves), and files it
//! receives (the ciphertext is kept under `attachments/` in the profile; plaintext is only
//! ever written where the user saves it).
//!
//! Run the same `amicus send --attach FILE` again after a crash or a dropped link and the
//! upload continues where the relay's durable copy ends. A received attachment is released
//! on the relay only after this device holds all of it durably and its digest matched.

use std::path::{Path, PathBuf};
use std::time::Duration;

use amicus_protocol::{BlobId, ErrorCode, MailboxId, Request, Response};
use rand::RngCore as _;
use sha2::{Digest, Sha256};

use crate::error::{ClientError, FileProblem, Result, file_error};
use crate::flows::send::WaitReason;
use crate::net::link::RelayLink;
use crate::net::transfer::{self, Source, TransferProgress, Upload};
use crate::profile::Profile;
use crate::store::{Changes, Ns};
use amicus_core::attachment::{
    AttachmentKey, AttachmentPointer, MAX_ATTACHMENT_LEN, reader_token, sealed_len,
};
use amicus_core::upload_record::UploadRecord;

/// Attempts per transfer before giving up (the next run continues from the same point).
const MAX_ATTEMPTS: u32 = 8;

/// Waits between attempts: 1 s, 2 s, 4 s, ... up to 30 s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs((1u64 << attempt.min(5)).min(30))
}

// Whether an error means "try again": a broken link, or a relay asking to wait (the same
// rule as for sends).
use super::send::retry_later as transient;

impl Profile {
    fn attachments_dir(&self) -> Result<PathBuf> {
        let dir = self.dir.join("attachments");
        std::fs::create_dir_all(&dir).map_err(|e| file_error(&dir, e))?;
        Ok(dir)
    }

    /// The store key of an upload: the file (path, size, time) and who may read it.
    pub(crate) fn upload_key(
        &self,
        path: &str,
        len: u64,
        modified: u64,
        readers: &[MailboxId],
    ) -> Vec<u8> {
        let mut h = Sha256::new();
        h.update(path.as_bytes());
        h.update(len.to_be_bytes());
        h.update(modified.to_be_bytes());
        for r in readers {
            h.update(r.0);
        }
        self.store.blind(Ns::Upload, &h.finalize())
    }

    /// Connects, retrying with backoff while the relay cannot be reached.
    async fn link_with_retry(
        &self,
        attempt: &mut u32,
        progress: &dyn TransferProgress,
    ) -> Result<RelayLink> {
        loop {
            match self.anonymous_link().await {
                Ok(link) => return Ok(link),
                Err(e) if transient(&e) && *attempt + 1 < MAX_ATTEMPTS => {
                    progress.paused(backoff(*attempt), WaitReason::of(&e));
                    tokio::time::sleep(backoff(*attempt)).await;
                    *attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Encrypts and uploads a file once for `readers` (their mailboxes), resuming an earlier
    /// upload of the same file to the same readers. Returns the pointer to put in the
    /// briefing. The upload stays on record until the briefing carrying it is sent.
    pub async fn upload_attachment(
        &mut self,
        path: &Path,
        readers: &[MailboxId],
        progress: &dyn TransferProgress,
    ) -> Result<AttachmentPointer> {
        let meta = std::fs::metadata(path).map_err(|e| file_error(path, e))?;
        if !meta.is_file() {
            return Err(file_error(path, FileProblem::NotAFile));
        }
        let len = meta.len();
        if len > MAX_ATTACHMENT_LEN {
            return Err(ClientError::AttachmentTooLarge {
                len,
                max: MAX_ATTACHMENT_LEN,
            });
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let full = std::fs::canonicalize(path).map_err(|e| file_error(path, e))?;
        let full_text = full.display().to_string();
        let key = self.upload_key(&full_text, len, modified, readers);
        let record = self.upload_record_at(&key, || UploadRecord {
            path: full_text,
            len,
            modified,
            readers: readers.to_vec(),
            key: AttachmentKey::generate(),
            access: [0; 32],
            upload_token: [0; 32],
            blob: None,
            digest: None,
        })?;
        let source = Source::Plain {
            path: full,
            len,
            key: record.key.clone(),
        };
        self.upload_recorded(key, record, source, progress).await
    }

    /// Reserves a blob of `total` bytes, paid from the token wallet. Tokens the relay took,
    /// or refused for good, are forgotten; after a refused token, one more try with others.
    async fn reserve_blob(
        &self,
        link: &RelayLink,
        total: u64,
        upload_token: &[u8; 32],
        hashes: Vec<[u8; 32]>,
    ) -> Result<(BlobId, u64)> {
        let cost = amicus_protocol::tokens::blob_cost(total);
        let mut tries = 0;
        loop {
            tries += 1;
            let held = self.take_tokens(link, cost).await?;
            if held.len() < cost {
                return Err(ClientError::Relay(ErrorCode::TokensExhausted));
            }
            let tokens = held.iter().map(|h| h.token.clone()).collect();
            let result =
                transfer::create_blob(link, total, upload_token, hashes.clone(), tokens).await;
            let outcome = match &result {
                Ok(_) => Ok(()),
                Err(ClientError::Relay(code)) => Err(*code),
                // No answer: the tokens stay; if the relay took them it says so next time.
                Err(_) => return result,
            };
            if crate::flows::tokens::token_used(&outcome) {
                // Which token was refused is not said: all of them go (the relay gave the
                // others back, but they cannot be told apart).
                self.tokens_used(held)?;
            }
            match outcome {
                Err(ErrorCode::TokenSpent | ErrorCode::TokenRefused) if tries < 2 => continue,
                _ => return result,
            }
        }
    }

    /// Uploads `source` under the upload `record` kept at store `key`, resuming from what
    /// the relay holds; the record is updated as the blob is created and completed.
    pub(crate) async fn upload_recorded(
        &self,
        key: Vec<u8>,
        mut record: UploadRecord,
        source: Source,
        progress: &dyn TransferProgress,
    ) -> Result<AttachmentPointer> {
        if let (Some(blob), Some(digest)) = (record.blob, record.digest) {
            return Ok(record.pointer(blob, digest));
        }
        let total = sealed_len(record.len);
        let label = record.pointer(BlobId([0; 16]), [0; 32]).safe_file_name();
        let mut attempt = 0u32;
        let mut link = self.link_with_retry(&mut attempt, progress).await?;
        progress.begin(&label, total, 0);
        let mut upload: Option<Upload> = None;
        let digest = loop {
            let blob = match record.blob {
                Some(blob) => blob,
                None => {
                    let hashes = record
                        .readers
                        .iter()
                        .map(|r| Sha256::digest(reader_token(&record.access, r)).into())
                        .collect();
                    match self
                        .reserve_blob(&link, total, &record.upload_token, hashes)
                        .await
                    {
                        Ok((blob, _)) => {
                            record.blob = Some(blob);
                            self.save_upload(&key, &record)?;
                            blob
                        }
                        Err(e) if transient(&e) && attempt + 1 < MAX_ATTEMPTS => {
                            link = self.pause(&mut attempt, link, progress, &e).await?;
                            continue;
                        }
                        Err(e) => {
                            // Refused before a byte was stored (too large, store full):
                            // nothing to resume, so the record (and its key) goes.
                            if matches!(e, ClientError::Relay(_)) {
                                let mut changes = Changes::default();
                                changes.remove(key.clone());
                                self.store.commit(changes)?;
                            }
                            link.close().await;
                            return Err(e);
                        }
                    }
                }
            };
            let up = upload.get_or_insert_with(|| Upload::new(blob, record.upload_token));
            match up.attempt(&link, &source, progress).await {
                Ok(digest) => break digest,
                // The relay no longer has it (expired): start a new blob.
                Err(ClientError::Relay(ErrorCode::BlobUnknown)) if attempt + 1 < MAX_ATTEMPTS => {
                    attempt += 1;
                    record.blob = None;
                    upload = None;
                }
                Err(e) if transient(&e) && attempt + 1 < MAX_ATTEMPTS => {
                    link = self.pause(&mut attempt, link, progress, &e).await?;
                }
                Err(e) => {
                    link.close().await;
                    return Err(e);
                }
            }
        };
        link.close().await;
        progress.finish();
        record.digest = Some(digest);
        self.save_upload(&key, &record)?;
        let blob = record.blob.ok_or(ClientError::UnexpectedResponse)?;
        Ok(record.pointer(blob, digest))
    }

    /// Uploads files for the named recipients (contacts, checked as for sending). Put the
    /// pointers in the briefing's `attachments` and send it to the same recipients.
    pub async fn upload_for(
        &mut self,
        recipients: &[&str],
        files: &[PathBuf],
        progress: &dyn TransferProgress,
    ) -> Result<Vec<AttachmentPointer>> {
        let readers: Vec<MailboxId> = self
            .recipients_by_name(recipients)?
            .into_iter()
            .map(|r| r.mailbox)
            .collect();
        let mut pointers = Vec::with_capacity(files.len());
        for file in files {
            pointers.push(self.upload_attachment(file, &readers, progress).await?);
        }
        Ok(pointers)
    }

    /// Drops a broken link, waits, and reconnects.
    async fn pause(
        &self,
        attempt: &mut u32,
        link: RelayLink,
        progress: &dyn TransferProgress,
        why: &ClientError,
    ) -> Result<RelayLink> {
        drop(link);
        progress.paused(backoff(*attempt), WaitReason::of(why));
        tokio::time::sleep(backoff(*attempt)).await;
        *attempt += 1;
        self.link_with_retry(attempt, progress).await
    }

    /// The upload record at `key` (an earlier attempt's), or `fresh()` with new random
    /// capabilities, saved before any byte leaves.
    pub(crate) fn upload_record_at(
        &self,
        key: &[u8],
        fresh: impl FnOnce() -> UploadRecord,
    ) -> Result<UploadRecord> {
        if let Some(raw) = self.store.get(key)? {
            return UploadRecord::decode(&raw)
                .map_err(|e| ClientError::Corrupt(format!("upload record: {e}")));
        }
        let mut record = fresh();
        rand::rng().fill_bytes(&mut record.access);
        rand::rng().fill_bytes(&mut record.upload_token);
        self.save_upload(key, &record)?;
        Ok(record)
    }

    pub(crate) fn save_upload(&self, key: &[u8], record: &UploadRecord) -> Result<()> {
        let mut changes = Changes::default();
        changes.put(key.to_vec(), record.encode());
        self.store.commit(changes)
    }

    /// Uploads not yet sent in a briefing (for `amicus status`).
    pub fn pending_uploads(&self) -> Result<usize> {
        Ok(self.store.scan(Ns::Upload)?.len())
    }

    /// Stages the removal of the upload records of these attachments: called in the commit
    /// that puts the briefing carrying them in the outbox.
    pub(crate) fn stage_uploads_sent(
        &self,
        changes: &mut Changes,
        sent: &[AttachmentPointer],
    ) -> Result<()> {
        if sent.is_empty() {
            return Ok(());
        }
        for (key, raw) in self.store.scan(Ns::Upload)? {
            if let Ok(record) = UploadRecord::decode(&raw)
                && record
                    .blob
                    .is_some_and(|b| sent.iter().any(|p| p.blob == b))
            {
                changes.remove(key);
            }
        }
        Ok(())
    }

    /// Makes a received attachment available to `readers` for a presentation: fetches this
    /// device's sealed copy (if not yet held) and uploads that same ciphertext to a new blob
    /// for them. Key, digest and size are unchanged, so the briefing's hash is too. Not kept
    /// on record: an interrupted presentation is simply made again.
    pub async fn reshare_attachment(
        &self,
        pointer: &AttachmentPointer,
        readers: &[MailboxId],
        progress: &dyn TransferProgress,
    ) -> Result<AttachmentPointer> {
        let sealed = self.fetch_attachment(pointer, progress).await?;
        let source = Source::Sealed {
            path: sealed,
            plain_len: pointer.size,
        };
        let mut shared = pointer.clone();
        rand::rng().fill_bytes(&mut shared.access);
        let mut upload_token = [0u8; 32];
        rand::rng().fill_bytes(&mut upload_token);
        let hashes: Vec<[u8; 32]> = readers
            .iter()
            .map(|r| Sha256::digest(reader_token(&shared.access, r)).into())
            .collect();
        let mut attempt = 0u32;
        let mut link = self.link_with_retry(&mut attempt, progress).await?;
        progress.begin(&pointer.safe_file_name(), source.sealed_len(), 0);
        let mut upload: Option<Upload> = None;
        let digest = loop {
            let step = async {
                let up = match upload.as_mut() {
                    Some(up) => up,
                    None => {
                        let (blob, _) = self
                            .reserve_blob(&link, source.sealed_len(), &upload_token, hashes.clone())
                            .await?;
                        upload.insert(Upload::new(blob, upload_token))
                    }
                };
                up.attempt(&link, &source, progress).await
            };
            match step.await {
                Ok(digest) => break digest,
                Err(e) if transient(&e) && attempt + 1 < MAX_ATTEMPTS => {
                    link = self.pause(&mut attempt, link, progress, &e).await?;
                }
                Err(e) => {
                    link.close().await;
                    return Err(e);
                }
            }
        };
        link.close().await;
        progress.finish();
        if digest != pointer.digest {
            return Err(ClientError::AttachmentDamaged(pointer.safe_file_name()));
        }
        shared.blob = upload
            .map(|u| u.blob)
            .ok_or(ClientError::UnexpectedResponse)?;
        Ok(shared)
    }

    /// Whether this device holds a sealed copy of the attachment (it can be saved offline).
    pub fn holds_attachment(&self, pointer: &AttachmentPointer) -> bool {
        self.dir
            .join("attachments")
            .join(format!("{}.sealed", pointer.blob.to_hex()))
            .exists()
    }

    /// Where the sealed copy of a received attachment is kept.
    fn sealed_path(&self, blob: &BlobId) -> Result<PathBuf> {
        Ok(self
            .attachments_dir()?
            .join(format!("{}.sealed", blob.to_hex())))
    }

    /// Downloads an attachment's ciphertext into the profile (resuming a partial download),
    /// checks its digest, then releases it on the relay. Returns the sealed file.
    pub async fn fetch_attachment(
        &self,
        pointer: &AttachmentPointer,
        progress: &dyn TransferProgress,
    ) -> Result<PathBuf> {
        if pointer.is_withheld() {
            return Err(ClientError::AttachmentWithheld(pointer.safe_file_name()));
        }
        let sealed = self.sealed_path(&pointer.blob)?;
        if sealed.exists() {
            return Ok(sealed);
        }
        let part = sealed.with_extension("part");
        let total = pointer.sealed_len();
        let token = reader_token(&pointer.access, &self.mailbox);
        let mut attempt = 0u32;
        let mut link = self.link_with_retry(&mut attempt, progress).await?;
        progress.begin(&pointer.safe_file_name(), total, 0);
        loop {
            match transfer::download_attempt(&link, pointer.blob, token, total, &part, progress)
                .await
            {
                Ok(()) => break,
                Err(e) if transient(&e) && attempt + 1 < MAX_ATTEMPTS => {
                    link = self.pause(&mut attempt, link, progress, &e).await?;
                }
                Err(e) => {
                    link.close().await;
                    return Err(e);
                }
            }
        }
        progress.finish();
        if transfer::digest_of(&part)? != pointer.digest {
            // Not what the sender uploaded: do not keep it and do not release the relay's
            // copy, which may be intact.
            let _ = std::fs::remove_file(&part);
            link.close().await;
            return Err(ClientError::AttachmentDamaged(pointer.safe_file_name()));
        }
        std::fs::rename(&part, &sealed).map_err(|e| file_error(&sealed, e))?;
        if let Some(dir) = sealed.parent() {
            std::fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| file_error(dir, e))?;
        }
        // Held durably here: the relay may forget it. If this fails the relay deletes the
        // blob at its expiry instead.
        match link
            .call_ok(&Request::ReleaseBlob {
                blob: pointer.blob,
                reader_token: token,
            })
            .await
        {
            Ok(Response::BlobReleased { .. }) | Err(ClientError::Relay(ErrorCode::BlobUnknown)) => {
            }
            Ok(_) => tracing::debug!("unexpected answer to a blob release"),
            Err(e) => tracing::debug!(error = %e, "blob release failed"),
        }
        link.close().await;
        Ok(sealed)
    }

    /// The attachments of inbox message `number`.
    pub fn attachments_of(&self, number: u64) -> Result<Vec<AttachmentPointer>> {
        let message = self.message(number)?;
        let content = crate::content::Content::decode(&message.content)
            .map_err(|e| ClientError::Corrupt(format!("message content: {e}")))?;
        Ok(content
            .briefing()
            .map(|b| b.attachments.clone())
            .unwrap_or_default())
    }

    /// Fetches (if needed) and opens attachment `index` of message `number` (all of them if
    /// `None`) into `out_dir`. Returns the files written.
    pub async fn save_attachments(
        &self,
        number: u64,
        index: Option<usize>,
        out_dir: &Path,
        progress: &dyn TransferProgress,
    ) -> Result<Vec<PathBuf>> {
        let all = self.attachments_of(number)?;
        let chosen: Vec<&AttachmentPointer> = match index {
            Some(i) => vec![
                i.checked_sub(1)
                    .and_then(|i| all.get(i))
                    .ok_or(ClientError::NoAttachment(number, i))?,
            ],
            None => all.iter().collect(),
        };
        if chosen.is_empty() {
            return Err(ClientError::NoAttachment(number, 1));
        }
        std::fs::create_dir_all(out_dir).map_err(|e| file_error(out_dir, e))?;
        let mut written = Vec::new();
        for pointer in chosen {
            let sealed = self.fetch_attachment(pointer, progress).await?;
            let out = free_name(out_dir, &pointer.safe_file_name());
            transfer::open_sealed(&sealed, &pointer.key, pointer.size, &out, progress)?;
            written.push(out);
        }
        Ok(written)
    }
}

impl Profile {
    /// Fetches (if needed) attachment `index` (from 1) of message `number` and opens it
    /// for streaming: its pointer (name, type, size) and its plaintext chunk by chunk.
    pub async fn open_attachment(
        &self,
        number: u64,
        index: usize,
        progress: &dyn TransferProgress,
    ) -> Result<(AttachmentPointer, transfer::OpenedAttachment)> {
        let all = self.attachments_of(number)?;
        let pointer = index
            .checked_sub(1)
            .and_then(|i| all.get(i))
            .ok_or(ClientError::NoAttachment(number, index))?
            .clone();
        let sealed = self.fetch_attachment(&pointer, progress).await?;
        let opened = transfer::OpenedAttachment::new(
            &sealed,
            &pointer.key,
            pointer.size,
            pointer.safe_file_name(),
        )?;
        Ok((pointer, opened))
    }
}

/// `name` in `dir`, or `name (2)`, `name (3)`, ... if taken: never overwrite a file.
fn free_name(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (name.to_string(), String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_files_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"x").unwrap();
        assert_eq!(free_name(dir.path(), "a.pdf"), dir.path().join("a (2).pdf"));
        assert_eq!(free_name(dir.path(), "b"), dir.path().join("b"));
    }
}
