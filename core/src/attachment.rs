//! Attachments, encrypted once for every recipient.
//!
//! Format (version 1): the file is padded with zeros to a Padmé size bucket, cut into
//! 64 KiB chunks, and each chunk is sealed with ChaCha20-Poly1305 under a fresh random key
//! using the STREAM construction (`aead::stream::StreamBE32`, Hoang–Reyhanitabar–Rogaway–
//! Vizár): the nonce holds a random 7-byte prefix, the chunk's 32-bit index and a flag set
//! only on the last chunk. So a reordered, swapped, dropped or spliced chunk fails to open, a
//! truncated blob fails (its new last chunk was not sealed as last), and no chunk of another
//! attachment opens under this key. SHA-256 of the whole ciphertext (the digest) is checked
//! before a downloaded blob is released on the relay.
//!
//! The key, digest, true size and file name travel inside the end-to-end briefing
//! ([`AttachmentPointer`]); the relay sees only the padded ciphertext length.

use std::fmt;

use amicus_protocol::codec::{Reader, Writer};
use amicus_protocol::{BlobId, DecodeError, MailboxId};
use chacha20poly1305::aead::stream::{NewStream as _, StreamBE32, StreamPrimitive as _};
use chacha20poly1305::{ChaCha20Poly1305, KeyInit as _};
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Plaintext bytes per chunk.
pub const CHUNK_LEN: usize = 64 * 1024;
/// The Poly1305 tag after each chunk.
pub const TAG_LEN: usize = 16;
/// Bytes of one sealed full chunk.
pub const SEALED_CHUNK_LEN: usize = CHUNK_LEN + TAG_LEN;
/// Largest attachment a client will prepare (the relay may accept less).
pub const MAX_ATTACHMENT_LEN: u64 = 64 * 1024 * 1024 * 1024;
/// Most attachments on one briefing.
pub const MAX_ATTACHMENTS: usize = 32;
const MAX_FILE_NAME_LEN: usize = 255;
const MAX_MEDIA_TYPE_LEN: usize = 127;
const AAD: &[u8] = b"amicus/attachment/v1";

/// Why an attachment could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealError {
    /// A chunk failed authentication: altered, reordered, from another file, or wrong key.
    Tampered {
        /// The first chunk that failed (0-based).
        chunk: u64,
    },
    /// The ciphertext is not the length the pointer announces.
    WrongLength,
    /// The ciphertext's SHA-256 is not the pointer's digest.
    DigestMismatch,
}

/// The per-attachment secret: a ChaCha20-Poly1305 key and the STREAM nonce prefix.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct AttachmentKey {
    key: [u8; 32],
    nonce_prefix: [u8; 7],
}

impl AttachmentKey {
    /// A fresh random key and nonce prefix.
    pub fn generate() -> Self {
        let mut k = AttachmentKey {
            key: [0; 32],
            nonce_prefix: [0; 7],
        };
        rand::rng().fill_bytes(&mut k.key);
        rand::rng().fill_bytes(&mut k.nonce_prefix);
        k
    }

    fn encode(&self, w: &mut Writer) {
        w.fixed(&self.key);
        w.fixed(&self.nonce_prefix);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(AttachmentKey {
            key: r.fixed()?,
            nonce_prefix: r.fixed()?,
        })
    }
}

/// Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
/// Communication with PURBs", 2019): rounds a length up so that only O(log log n) bits of
/// it remain, at most about 12% more bytes.
pub fn padded_len(len: u64) -> u64 {
    if len < 2 {
        return len.max(1);
    }
    let e = 63 - u64::from(len.leading_zeros()); // floor(log2(len))
    let s = 64 - u64::from(e.leading_zeros()); // floor(log2(e)) + 1
    let last_bits = e - s;
    let mask = (1u64 << last_bits) - 1;
    (len + mask) & !mask
}

/// Number of chunks of an attachment of `len` plaintext bytes.
pub fn chunk_count(len: u64) -> u64 {
    padded_len(len).div_ceil(CHUNK_LEN as u64).max(1)
}

/// Ciphertext length of an attachment of `len` plaintext bytes: what the relay stores.
pub fn sealed_len(len: u64) -> u64 {
    padded_len(len) + TAG_LEN as u64 * chunk_count(len)
}

/// Seals and opens the chunks of one attachment.
pub struct Sealer {
    stream: StreamBE32<ChaCha20Poly1305>,
    len: u64,
    chunks: u64,
}

impl Sealer {
    /// For an attachment of `len` plaintext bytes.
    pub fn new(key: &AttachmentKey, len: u64) -> Self {
        let aead = ChaCha20Poly1305::new(&key.key.into());
        Sealer {
            stream: StreamBE32::from_aead(aead, (&key.nonce_prefix).into()),
            len,
            chunks: chunk_count(len),
        }
    }

    /// How many 64 KiB chunks the sealed blob has.
    pub fn chunks(&self) -> u64 {
        self.chunks
    }

    /// Plaintext bytes of chunk `index` before padding is added: the file's bytes in it.
    pub fn file_range(&self, index: u64) -> (u64, usize) {
        let start = index * CHUNK_LEN as u64;
        let end = (start + CHUNK_LEN as u64).min(self.len);
        (start, end.saturating_sub(start) as usize)
    }

    /// Padded plaintext length of chunk `index`.
    fn padded_chunk_len(&self, index: u64) -> usize {
        let start = index * CHUNK_LEN as u64;
        let end = (start + CHUNK_LEN as u64).min(padded_len(self.len));
        end.saturating_sub(start) as usize
    }

    /// Offset of chunk `index` in the ciphertext.
    pub fn sealed_offset(index: u64) -> u64 {
        index * SEALED_CHUNK_LEN as u64
    }

    /// Seals chunk `index` in place: `buf` holds the file's bytes of the chunk; padding and
    /// the tag are appended.
    pub fn seal(&self, index: u64, buf: &mut Vec<u8>) {
        buf.resize(self.padded_chunk_len(index), 0);
        let position = u32::try_from(index).unwrap_or(u32::MAX);
        // Encryption cannot fail for chunks of this size (far below ChaCha's limits).
        let _ = self
            .stream
            .encrypt_in_place(position, index + 1 == self.chunks, AAD, buf);
    }

    /// Opens sealed chunk `index` in place, leaving the file's bytes (padding removed).
    pub fn open(&self, index: u64, buf: &mut Vec<u8>) -> Result<(), SealError> {
        let tampered = SealError::Tampered { chunk: index };
        if index >= self.chunks || buf.len() != self.padded_chunk_len(index) + TAG_LEN {
            return Err(tampered);
        }
        let position = u32::try_from(index).map_err(|_| tampered)?;
        self.stream
            .decrypt_in_place(position, index + 1 == self.chunks, AAD, buf)
            .map_err(|_| tampered)?;
        buf.truncate(self.file_range(index).1);
        Ok(())
    }
}

/// A read capability for one recipient of a blob, derived from the pointer's access secret
/// and the recipient's mailbox. Only its hash is given to the relay.
pub fn reader_token(access: &[u8; 32], reader: &MailboxId) -> [u8; 32] {
    let hk = Hkdf::<Sha256>::new(Some(b"amicus/attachment/reader/v1"), access);
    let mut token = [0u8; 32];
    // 32 bytes is always a valid HKDF-SHA256 output length.
    let _ = hk.expand(&reader.0, &mut token);
    token
}

/// What a recipient needs to fetch and open an attachment. Travels end to end inside the
/// briefing; identical for every recipient (each derives its own read capability).
#[derive(Clone, PartialEq, Eq)]
pub struct AttachmentPointer {
    /// The relay's blob holding the ciphertext (all zero: withheld, described only).
    pub blob: BlobId,
    /// Secret from which each recipient's read capability is derived.
    pub access: [u8; 32],
    /// The key that opens it.
    pub key: AttachmentKey,
    /// True size of the file.
    pub size: u64,
    /// SHA-256 of the ciphertext.
    pub digest: [u8; 32],
    /// The file's name as the sender had it (sanitised before saving).
    pub file_name: String,
    /// Its media type, e.g. `video/mp4`.
    pub media_type: String,
}

impl Drop for AttachmentPointer {
    fn drop(&mut self) {
        self.access.zeroize();
    }
}

impl fmt::Debug for AttachmentPointer {
    // The key and access secret are never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttachmentPointer")
            .field("blob", &self.blob)
            .field("size", &self.size)
            .field("file_name", &self.file_name)
            .field("media_type", &self.media_type)
            .finish_non_exhaustive()
    }
}

impl AttachmentPointer {
    /// The blob's length: the padded size plus 16 bytes per chunk.
    pub fn sealed_len(&self) -> u64 {
        sealed_len(self.size)
    }

    /// Keeps the description (so the briefing's hash holds) but drops what fetches and
    /// opens the file: for a presentation made without attachments.
    pub fn withhold(&mut self) {
        self.blob = BlobId([0; 16]);
        self.access.zeroize();
        self.key.zeroize();
    }

    /// Whether this attachment was withheld from the presentation.
    pub fn is_withheld(&self) -> bool {
        self.blob == BlobId([0; 16])
    }

    /// Writes the pointer's fields.
    pub fn encode(&self, w: &mut Writer) {
        w.fixed(&self.blob.0);
        w.fixed(&self.access);
        self.key.encode(w);
        self.encode_described(w);
    }

    /// The fields a briefing's hash covers: what the file is, not where it is stored
    /// (the Centre re-uploads it to present it).
    pub fn encode_described(&self, w: &mut Writer) {
        w.u64(self.size);
        w.fixed(&self.digest);
        w.str(&self.file_name);
        w.str(&self.media_type);
    }

    /// Reads a pointer; total.
    pub fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let pointer = AttachmentPointer {
            blob: BlobId(r.fixed()?),
            access: r.fixed()?,
            key: AttachmentKey::decode(r)?,
            size: r.u64()?,
            digest: r.fixed()?,
            file_name: r.string("file_name", MAX_FILE_NAME_LEN)?,
            media_type: r.string("media_type", MAX_MEDIA_TYPE_LEN)?,
        };
        if pointer.size > MAX_ATTACHMENT_LEN {
            return Err(DecodeError::InvalidValue { field: "size" });
        }
        Ok(pointer)
    }

    /// A file name safe to create in a directory: no separators, no leading dots.
    pub fn safe_file_name(&self) -> String {
        let cleaned: String = self
            .file_name
            .chars()
            .map(|c| {
                if c == '/' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let cleaned = cleaned.trim_start_matches('.').trim().to_string();
        if cleaned.is_empty() {
            "attachment".into()
        } else {
            cleaned
        }
    }
}

/// A media type guessed from the file name, for the recipient's information only.
pub fn media_type_of(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "heic" => "image/heic",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "opus" => "audio/ogg",
        "txt" => "text/plain",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seal_all(key: &AttachmentKey, data: &[u8]) -> Vec<Vec<u8>> {
        let sealer = Sealer::new(key, data.len() as u64);
        (0..sealer.chunks())
            .map(|i| {
                let (start, n) = sealer.file_range(i);
                let mut buf = data[start as usize..start as usize + n].to_vec();
                sealer.seal(i, &mut buf);
                buf
            })
            .collect()
    }

    fn open_all(key: &AttachmentKey, len: u64, chunks: &[Vec<u8>]) -> Result<Vec<u8>, SealError> {
        let sealer = Sealer::new(key, len);
        if chunks.len() as u64 != sealer.chunks() {
            return Err(SealError::WrongLength);
        }
        let mut out = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            let mut buf = c.clone();
            sealer.open(i as u64, &mut buf)?;
            out.extend_from_slice(&buf);
        }
        Ok(out)
    }

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn padme_matches_the_paper_and_bounds_overhead() {
        assert_eq!(padded_len(0), 1);
        assert_eq!(padded_len(1), 1);
        assert_eq!(padded_len(9), 10);
        assert_eq!(padded_len(1000), 1024);
        assert_eq!(padded_len(1_000_000), 1_015_808);
        for len in [
            5u64,
            77,
            4096,
            65_537,
            1 << 30,
            (1 << 30) + 12345,
            5_000_000_000,
        ] {
            let p = padded_len(len);
            assert!(
                p >= len && p as f64 <= len as f64 * 1.12 + 2.0,
                "{len} -> {p}"
            );
        }
    }

    #[test]
    fn multi_chunk_round_trip_and_lengths() {
        let key = AttachmentKey::generate();
        let data = sample(3 * CHUNK_LEN + 1000);
        let chunks = seal_all(&key, &data);
        let total: usize = chunks.iter().map(Vec::len).sum();
        assert_eq!(total as u64, sealed_len(data.len() as u64));
        assert_eq!(open_all(&key, data.len() as u64, &chunks).unwrap(), data);
    }

    #[test]
    fn flipped_bit_swapped_dropped_and_truncated_chunks_are_detected() {
        let key = AttachmentKey::generate();
        let data = sample(4 * CHUNK_LEN);
        let len = data.len() as u64;
        let chunks = seal_all(&key, &data);
        let mut flipped = chunks.clone();
        flipped[1][100] ^= 1;
        assert_eq!(
            open_all(&key, len, &flipped),
            Err(SealError::Tampered { chunk: 1 })
        );
        let mut swapped = chunks.clone();
        swapped.swap(0, 1);
        assert_eq!(
            open_all(&key, len, &swapped),
            Err(SealError::Tampered { chunk: 0 })
        );
        // Dropping a chunk and claiming the shorter length: the new last chunk was not
        // sealed as last, and lengths shift.
        let mut dropped = chunks.clone();
        dropped.remove(2);
        let shorter = 3 * CHUNK_LEN as u64;
        assert!(open_all(&key, shorter, &dropped).is_err());
        let truncated = chunks[..3].to_vec();
        assert!(open_all(&key, shorter, &truncated).is_err());
        // The last chunk cut short.
        let mut cut = chunks.clone();
        cut[3].truncate(100);
        assert!(open_all(&key, len, &cut).is_err());
    }

    #[test]
    fn wrong_key_and_chunks_of_another_attachment_fail() {
        let key = AttachmentKey::generate();
        let data = sample(2 * CHUNK_LEN);
        let chunks = seal_all(&key, &data);
        let other = AttachmentKey::generate();
        assert!(open_all(&other, data.len() as u64, &chunks).is_err());
        let mut spliced = chunks.clone();
        spliced[1] = seal_all(&other, &data)[1].clone();
        assert!(open_all(&key, data.len() as u64, &spliced).is_err());
    }

    #[test]
    fn reader_tokens_differ_per_reader_and_secret() {
        let (a, b) = (MailboxId([1; 32]), MailboxId([2; 32]));
        assert_ne!(reader_token(&[7; 32], &a), reader_token(&[7; 32], &b));
        assert_ne!(reader_token(&[7; 32], &a), reader_token(&[8; 32], &a));
        assert_eq!(reader_token(&[7; 32], &a), reader_token(&[7; 32], &a));
    }

    #[test]
    fn file_names_are_made_safe() {
        let mut p = AttachmentPointer {
            blob: BlobId([0; 16]),
            access: [0; 32],
            key: AttachmentKey::generate(),
            size: 1,
            digest: [0; 32],
            file_name: "../../etc/passwd".into(),
            media_type: String::new(),
        };
        assert_eq!(p.safe_file_name(), "_.._etc_passwd");
        p.file_name = "..".into();
        assert_eq!(p.safe_file_name(), "attachment");
    }

    proptest! {
        #[test]
        fn pointer_decode_is_total(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = AttachmentPointer::decode(&mut Reader::new(&bytes));
        }

        #[test]
        fn any_length_round_trips(len in 0usize..(3 * CHUNK_LEN)) {
            let key = AttachmentKey::generate();
            let data = sample(len);
            let chunks = seal_all(&key, &data);
            prop_assert_eq!(open_all(&key, len as u64, &chunks).unwrap(), data);
        }
    }
}
