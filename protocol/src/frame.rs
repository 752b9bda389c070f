//! Framing: a 4-byte big-endian body length, then the body. The body starts with the
//! protocol version byte; [`crate::Request`] and [`crate::Response`] decode the rest.

use crate::error::DecodeError;
use crate::limits::MAX_FRAME_LEN;

/// Length of the frame header.
pub const HEADER_LEN: usize = 4;

/// Prefixes `body` with its length. Bodies are built by this crate's encoders and stay far
/// below `u32::MAX`.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(&u32::try_from(body.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// Reads the body length from a header and checks it against the frame limit, so a reader
/// never allocates for an oversize frame.
pub fn body_len(header: [u8; HEADER_LEN]) -> Result<usize, DecodeError> {
    let len = u32::from_be_bytes(header) as usize;
    if len > MAX_FRAME_LEN {
        return Err(DecodeError::FrameTooLarge {
            len,
            max: MAX_FRAME_LEN,
        });
    }
    Ok(len)
}

/// One complete frame body and the bytes after it.
pub type Split<'a> = (&'a [u8], &'a [u8]);

/// Splits one complete frame off the front of `input`: returns the body and the rest, or
/// `Ok(None)` if more bytes are needed.
pub fn split(input: &[u8]) -> Result<Option<Split<'_>>, DecodeError> {
    let Some(header) = input.first_chunk::<HEADER_LEN>() else {
        return Ok(None);
    };
    let len = body_len(*header)?;
    let rest = &input[HEADER_LEN..];
    if rest.len() < len {
        return Ok(None);
    }
    Ok(Some(rest.split_at(len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_round_trip_and_partial_input() {
        let framed = encode(b"abc");
        assert_eq!(split(&framed).unwrap(), Some((&b"abc"[..], &b""[..])));
        assert_eq!(split(&framed[..5]).unwrap(), None);
        assert_eq!(split(&framed[..2]).unwrap(), None);
    }

    #[test]
    fn oversize_header_is_rejected() {
        let header = u32::try_from(MAX_FRAME_LEN + 1).unwrap().to_be_bytes();
        assert!(matches!(
            body_len(header),
            Err(DecodeError::FrameTooLarge { .. })
        ));
    }
}
