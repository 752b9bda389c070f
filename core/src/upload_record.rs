//! An attachment upload as a profile commits it before the first byte leaves: the key,
//! capabilities and blob id, so that an upload resumes across restarts without ever
//! re-encrypting under another key.

use std::path::Path;

use amicus_protocol::codec::{Reader, Writer};
use amicus_protocol::{BlobId, DecodeError, MailboxId};
use zeroize::Zeroize as _;

use crate::attachment::{AttachmentKey, AttachmentPointer, media_type_of};
use crate::records::RECORD_VERSION;

/// An upload, as committed to the local store.
pub struct UploadRecord {
    /// The file being sent, as the user named it.
    pub path: String,
    /// Its length when the upload began.
    pub len: u64,
    /// Its modification time then (a changed file is refused, never mixed).
    pub modified: u64,
    /// Who may read it.
    pub readers: Vec<MailboxId>,
    /// The attachment's encryption key.
    pub key: AttachmentKey,
    /// The secret from which each reader's token is derived.
    pub access: [u8; 32],
    /// The capability that lets this device resume the upload.
    pub upload_token: [u8; 32],
    /// The relay's blob, once created.
    pub blob: Option<BlobId>,
    /// The ciphertext's digest, once all of it was read.
    pub digest: Option<[u8; 32]>,
}

impl Drop for UploadRecord {
    fn drop(&mut self) {
        self.access.zeroize();
        self.upload_token.zeroize();
    }
}

impl UploadRecord {
    /// The record's bytes (version 1).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(RECORD_VERSION);
        w.str(&self.path);
        w.u64(self.len);
        w.u64(self.modified);
        w.count(self.readers.len());
        for r in &self.readers {
            w.fixed(&r.0);
        }
        // The key travels the same way as in a pointer.
        let pointer = self.pointer(self.blob.unwrap_or(BlobId([0; 16])), [0; 32]);
        pointer.encode(&mut w);
        w.fixed(&self.upload_token);
        w.bool(self.blob.is_some());
        w.bool(self.digest.is_some());
        w.fixed(&self.digest.unwrap_or([0; 32]));
        w.into_bytes()
    }

    /// Decodes a record; total (an error, never a panic).
    pub fn decode(raw: &[u8]) -> std::result::Result<Self, DecodeError> {
        let mut r = Reader::new(raw);
        crate::records::read_version(&mut r)?;
        let path = r.string("path", 4096)?;
        let len = r.u64()?;
        let modified = r.u64()?;
        let n = r.count("readers", amicus_protocol::limits::MAX_BLOB_READERS, 32)?;
        let readers = (0..n)
            .map(|_| r.fixed().map(MailboxId))
            .collect::<std::result::Result<_, _>>()?;
        let pointer = AttachmentPointer::decode(&mut r)?;
        let upload_token = r.fixed()?;
        let has_blob = r.bool("has_blob")?;
        let has_digest = r.bool("has_digest")?;
        let digest: [u8; 32] = r.fixed()?;
        r.finish()?;
        Ok(UploadRecord {
            path,
            len,
            modified,
            readers,
            key: pointer.key.clone(),
            access: pointer.access,
            upload_token,
            blob: has_blob.then_some(pointer.blob),
            digest: has_digest.then_some(digest),
        })
    }

    /// The pointer a recipient gets for this upload's blob.
    pub fn pointer(&self, blob: BlobId, digest: [u8; 32]) -> AttachmentPointer {
        let name = Path::new(&self.path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        AttachmentPointer {
            blob,
            access: self.access,
            key: self.key.clone(),
            size: self.len,
            digest,
            media_type: media_type_of(&name).to_string(),
            file_name: name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_record_round_trips_and_decode_is_total() {
        let record = UploadRecord {
            path: "/tmp/evidence.mp4".into(),
            len: 5,
            modified: 6,
            readers: vec![MailboxId([1; 32])],
            key: AttachmentKey::generate(),
            access: [2; 32],
            upload_token: [3; 32],
            blob: Some(BlobId([4; 16])),
            digest: None,
        };
        let raw = record.encode();
        let back = UploadRecord::decode(&raw).unwrap();
        assert_eq!(back.encode(), raw);
        assert_eq!(back.blob, Some(BlobId([4; 16])));
        assert_eq!(back.digest, None);
        for cut in 0..raw.len() {
            assert!(UploadRecord::decode(&raw[..cut]).is_err());
        }
    }
}
