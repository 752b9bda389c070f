//! The end-to-end content inside a sealed envelope. The relay never sees any of this.
//!
//! Layout before padding: `version u8 (=1) | kind u8 | message_id [16] | sent_at u64 (ms) |
//! subject str | body str`. It is then padded (0x80 then zeros) to a size bucket, so the
//! envelope size tells the relay only the bucket, not the length of the text.

use amicus_protocol::DecodeError;
use amicus_protocol::codec::{Reader, Writer};

const CONTENT_VERSION: u8 = 1;
const KIND_BRIEFING: u8 = 1;

/// Padded sizes: powers of two from 512 bytes to 128 KiB, then the maximum.
const MIN_BUCKET: usize = 512;
const MAX_POWER_BUCKET: usize = 128 * 1024;
pub const MAX_PADDED_LEN: usize = 176 * 1024;
/// The largest encoded briefing (subject, body and header) before padding.
pub const MAX_CONTENT_LEN: usize = MAX_PADDED_LEN - 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    /// Same for every recipient of one briefing.
    pub message_id: [u8; 16],
    /// Sender's clock, milliseconds since the epoch.
    pub sent_at: u64,
    pub subject: String,
    pub body: String,
}

/// The padded size for content of `len` bytes (one byte is always added for the marker).
pub fn bucket(len: usize) -> usize {
    let mut size = MIN_BUCKET;
    while size < len + 1 && size < MAX_POWER_BUCKET {
        size *= 2;
    }
    if size < len + 1 { MAX_PADDED_LEN } else { size }
}

impl Briefing {
    fn encode_unpadded(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u8(CONTENT_VERSION);
        w.u8(KIND_BRIEFING);
        w.fixed(&self.message_id);
        w.u64(self.sent_at);
        w.str(&self.subject);
        w.str(&self.body);
        w.into_bytes()
    }

    /// The encoded size before padding, to check limits before encrypting.
    pub fn encoded_len(&self) -> usize {
        self.encode_unpadded().len()
    }

    /// Encodes and pads; `None` if it exceeds [`MAX_CONTENT_LEN`].
    pub fn encode_padded(&self) -> Option<Vec<u8>> {
        let mut out = self.encode_unpadded();
        if out.len() > MAX_CONTENT_LEN {
            return None;
        }
        let target = bucket(out.len());
        out.push(0x80);
        out.resize(target, 0);
        Some(out)
    }

    /// Strips padding and decodes. Total.
    pub fn decode_padded(padded: &[u8]) -> Result<Self, DecodeError> {
        let end = padded
            .iter()
            .rposition(|&b| b != 0)
            .ok_or(DecodeError::InvalidValue { field: "padding" })?;
        if padded[end] != 0x80 {
            return Err(DecodeError::InvalidValue { field: "padding" });
        }
        let mut r = Reader::new(&padded[..end]);
        let version = r.u8()?;
        if version != CONTENT_VERSION {
            return Err(DecodeError::UnsupportedVersion(version));
        }
        let kind = r.u8()?;
        if kind != KIND_BRIEFING {
            return Err(DecodeError::UnknownTag(kind));
        }
        let briefing = Briefing {
            message_id: r.fixed()?,
            sent_at: r.u64()?,
            subject: r.string("subject", MAX_CONTENT_LEN)?,
            body: r.string("body", MAX_CONTENT_LEN)?,
        };
        r.finish()?;
        Ok(briefing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample(body: &str) -> Briefing {
        Briefing {
            message_id: [1; 16],
            sent_at: 1_700_000_000_000,
            subject: "Detention of lawyers".into(),
            body: body.into(),
        }
    }

    #[test]
    fn pads_to_buckets_and_round_trips() {
        let short = sample("x").encode_padded().unwrap();
        let longer = sample(&"y".repeat(300)).encode_padded().unwrap();
        assert_eq!(short.len(), 512);
        assert_eq!(longer.len(), 512);
        assert_eq!(
            sample(&"z".repeat(600)).encode_padded().unwrap().len(),
            1024
        );
        assert_eq!(
            Briefing::decode_padded(&longer).unwrap(),
            sample(&"y".repeat(300))
        );
    }

    #[test]
    fn too_large_is_refused() {
        assert!(
            sample(&"a".repeat(MAX_CONTENT_LEN))
                .encode_padded()
                .is_none()
        );
        let max_body = MAX_CONTENT_LEN - sample("").encoded_len();
        let padded = sample(&"a".repeat(max_body)).encode_padded().unwrap();
        assert_eq!(padded.len(), MAX_PADDED_LEN);
    }

    proptest! {
        #[test]
        fn any_bytes_decode_to_ok_or_err(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = Briefing::decode_padded(&bytes);
        }

        #[test]
        fn round_trip(subject in ".{0,40}", body in ".{0,400}") {
            let b = Briefing { message_id: [9; 16], sent_at: 5, subject, body };
            prop_assert_eq!(Briefing::decode_padded(&b.encode_padded().unwrap()).unwrap(), b);
        }
    }
}
