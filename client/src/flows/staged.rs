//! Attachments handed over as bytes rather than as a path: a browser's file picker, a
//! phone's share sheet. They are sealed as they arrive, chunk by chunk, into the profile's
//! `outgoing/` folder under a fresh attachment key, so no plaintext copy is ever written;
//! the key is kept in the sealed store. A draft names them by id and sends them like a file
//! on disk, from the sealed copy (the same ciphertext the relay will hold); the copy is
//! deleted once the briefing that carries it is in the outbox.

use std::fs::File;
use std::io::Write as _;
use std::path::PathBuf;

use amicus_core::attachment::{
    AttachmentKey, AttachmentPointer, CHUNK_LEN, MAX_ATTACHMENT_LEN, Sealer,
};
use amicus_core::upload_record::UploadRecord;
use amicus_protocol::MailboxId;
use rand::RngCore as _;

use crate::error::{ClientError, Result, file_error};
use crate::net::transfer::{Source, TransferProgress};
use crate::profile::Profile;
use crate::store::{Changes, LocalStore, Ns};

/// An attachment being received from a front end, sealed as it comes.
pub struct StagedWriter {
    id: [u8; 16],
    name: String,
    len: u64,
    key: AttachmentKey,
    sealer: Sealer,
    file: File,
    partial: PathBuf,
    done: PathBuf,
    /// File bytes of the chunk being filled.
    pending: Vec<u8>,
    /// The next chunk to seal.
    index: u64,
    received: u64,
    finished: bool,
}

/// A staged attachment, ready to be named by a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedAttachment {
    /// Its id, as a draft names it.
    pub id: String,
    /// The file's name as the person's device gave it.
    pub name: String,
    /// Its size in bytes.
    pub len: u64,
}

fn hex(id: &[u8; 16]) -> String {
    amicus_protocol::ids::hex_lower(id)
}

fn parse_id(text: &str) -> Option<[u8; 16]> {
    amicus_protocol::ids::parse_hex(text, "staged").ok()
}

/// Only the last component of a name a device gave, so that it can never name a path.
fn file_name_only(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.is_empty() || clean == "." || clean == ".." {
        "attachment".to_string()
    } else {
        clean
    }
}

impl Profile {
    fn outgoing_dir(&self) -> Result<PathBuf> {
        let dir = self.dir.join("outgoing");
        amicus_io::create_private_dir(&dir).map_err(|e| file_error(&dir, e))?;
        Ok(dir)
    }

    fn staged_key(&self, id: &[u8; 16]) -> Vec<u8> {
        LocalStore::key(Ns::Staged, id)
    }

    /// Starts receiving a file of `len` bytes named `name`; write its bytes in order, then
    /// [`StagedWriter::finish`]. Dropped unfinished, it leaves nothing behind.
    pub fn stage_attachment(&self, name: &str, len: u64) -> Result<StagedWriter> {
        if len > MAX_ATTACHMENT_LEN {
            return Err(ClientError::AttachmentTooLarge {
                len,
                max: MAX_ATTACHMENT_LEN,
            });
        }
        let mut id = [0u8; 16];
        rand::rng().fill_bytes(&mut id);
        let dir = self.outgoing_dir()?;
        let partial = dir.join(format!("{}.partial", hex(&id)));
        let done = dir.join(format!("{}.sealed", hex(&id)));
        let file = File::create(&partial).map_err(|e| file_error(&partial, e))?;
        let key = AttachmentKey::generate();
        Ok(StagedWriter {
            id,
            name: file_name_only(name),
            len,
            sealer: Sealer::new(&key, len),
            key,
            file,
            partial,
            done,
            pending: Vec::with_capacity(CHUNK_LEN),
            index: 0,
            received: 0,
            finished: false,
        })
    }

    /// The staged attachment `id`, if this profile holds it.
    pub fn staged_attachment(&self, id: &str) -> Result<StagedAttachment> {
        let (_, record) = self.staged_record(id)?;
        Ok(StagedAttachment {
            id: id.to_string(),
            name: record.path.clone(),
            len: record.len,
        })
    }

    fn staged_record(&self, id: &str) -> Result<([u8; 16], UploadRecord)> {
        let missing = || ClientError::StagedMissing(id.to_string());
        let raw_id = parse_id(id).ok_or_else(missing)?;
        let raw = self
            .store
            .get(&self.staged_key(&raw_id))?
            .ok_or_else(missing)?;
        let record = UploadRecord::decode(&raw)
            .map_err(|e| ClientError::Corrupt(format!("staged attachment: {e}")))?;
        Ok((raw_id, record))
    }

    /// Uploads staged attachment `id` for `readers` from its sealed copy, resuming an
    /// earlier attempt; returns the pointer for the briefing.
    pub(crate) async fn upload_staged(
        &mut self,
        id: &str,
        readers: &[MailboxId],
        progress: &dyn TransferProgress,
    ) -> Result<AttachmentPointer> {
        let (_, staged) = self.staged_record(id)?;
        let path = self.dir.join("outgoing").join(format!("{id}.sealed"));
        let key = self.upload_key(&format!("staged:{id}"), staged.len, 0, readers);
        let record = self.upload_record_at(&key, || UploadRecord {
            path: staged.path.clone(),
            len: staged.len,
            modified: 0,
            readers: readers.to_vec(),
            key: staged.key.clone(),
            access: [0; 32],
            upload_token: [0; 32],
            blob: None,
            digest: None,
        })?;
        let source = Source::Sealed {
            path,
            plain_len: staged.len,
        };
        self.upload_recorded(key, record, source, progress).await
    }

    /// Forgets staged attachments once the briefing carrying them is in the outbox.
    pub(crate) fn drop_staged(&self, ids: &[String]) -> Result<()> {
        let mut changes = Changes::default();
        for id in ids {
            if let Some(raw_id) = parse_id(id) {
                changes.remove(self.staged_key(&raw_id));
                let path = self.dir.join("outgoing").join(format!("{id}.sealed"));
                let _ = std::fs::remove_file(path);
            }
        }
        self.store.commit(changes)
    }
}

impl StagedWriter {
    /// The next bytes of the file, in order.
    pub fn write(&mut self, mut bytes: &[u8]) -> Result<()> {
        if self.received + bytes.len() as u64 > self.len {
            return Err(ClientError::IncompleteFile(self.name.clone()));
        }
        self.received += bytes.len() as u64;
        while !bytes.is_empty() {
            let take = (CHUNK_LEN - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() == CHUNK_LEN {
                self.seal_pending()?;
            }
        }
        Ok(())
    }

    fn seal_pending(&mut self) -> Result<()> {
        let mut chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(CHUNK_LEN));
        self.sealer.seal(self.index, &mut chunk);
        self.file
            .write_all(&chunk)
            .map_err(|e| file_error(&self.partial, e))?;
        self.index += 1;
        Ok(())
    }

    /// Seals what is left (and the padding), makes the sealed copy durable, and records its
    /// key in the profile. Fails if fewer bytes came than announced.
    pub fn finish(mut self, profile: &Profile) -> Result<StagedAttachment> {
        if self.received != self.len {
            return Err(ClientError::IncompleteFile(self.name.clone()));
        }
        while self.index < self.sealer.chunks() {
            self.seal_pending()?;
        }
        self.file
            .sync_all()
            .map_err(|e| file_error(&self.partial, e))?;
        std::fs::rename(&self.partial, &self.done).map_err(|e| file_error(&self.done, e))?;
        if let Some(dir) = self.done.parent() {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(|e| file_error(dir, e))?;
        }
        self.finished = true;
        let record = UploadRecord {
            path: self.name.clone(),
            len: self.len,
            modified: 0,
            readers: Vec::new(),
            key: self.key.clone(),
            access: [0; 32],
            upload_token: [0; 32],
            blob: None,
            digest: None,
        };
        let mut changes = Changes::default();
        changes.put(profile.staged_key(&self.id), record.encode());
        profile.store.commit(changes)?;
        Ok(StagedAttachment {
            id: hex(&self.id),
            name: self.name.clone(),
            len: self.len,
        })
    }
}

impl Drop for StagedWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_devices_never_name_a_path() {
        assert_eq!(file_name_only("../../etc/passwd"), "passwd");
        assert_eq!(file_name_only("C:\\Users\\a\\report.pdf"), "report.pdf");
        assert_eq!(file_name_only(".."), "attachment");
        assert_eq!(file_name_only(""), "attachment");
        assert_eq!(file_name_only("a\u{0}b.txt"), "ab.txt");
    }

    #[test]
    fn ids_round_trip_and_bad_ones_are_refused() {
        let id = [0xab; 16];
        assert_eq!(parse_id(&hex(&id)), Some(id));
        assert_eq!(parse_id("zz"), None);
        assert_eq!(parse_id(&"g".repeat(32)), None);
    }
}
