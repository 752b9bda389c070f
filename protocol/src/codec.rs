//! The primitive encoding every message is built from: big-endian integers, length-prefixed
//! byte strings with per-field limits, and counted lists. The reader checks every length
//! against both its limit and the bytes actually left before it allocates anything.

use crate::error::DecodeError;

/// Appends primitive values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Writes one byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Writes a big-endian `u16`.
    pub fn u16(&mut self, v: u16) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Writes a big-endian `u32`.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Writes a big-endian `u64`.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_be_bytes());
    }

    /// Writes a boolean as one byte, 0 or 1.
    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    /// Writes bytes of a length both sides know (no length prefix).
    pub fn fixed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A `u32` length followed by the bytes. Callers keep values within their field limits,
    /// which are all far below `u32::MAX`; a longer value is a programming error and is cut
    /// to fail decoding rather than silently wrap.
    pub fn bytes(&mut self, bytes: &[u8]) {
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        self.u32(len);
        self.buf.extend_from_slice(bytes);
    }

    /// Writes a UTF-8 string, length-prefixed like [`Writer::bytes`].
    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// A `u16` count; the items follow, written by the caller.
    pub fn count(&mut self, n: usize) {
        self.u16(u16::try_from(n).unwrap_or(u16::MAX));
    }
}

/// Reads primitive values from a byte slice; every method is total.
pub struct Reader<'a> {
    buf: &'a [u8],
}

/// Checks a format version against the range a release reads: below it is
/// [`DecodeError::VersionTooOld`] (the writer should update), above it
/// [`DecodeError::VersionTooNew`] (the reader should).
pub fn accept_version(
    found: u8,
    accepted: std::ops::RangeInclusive<u8>,
) -> Result<u8, DecodeError> {
    if found < *accepted.start() {
        Err(DecodeError::VersionTooOld {
            found,
            oldest: *accepted.start(),
        })
    } else if found > *accepted.end() {
        Err(DecodeError::VersionTooNew {
            found,
            newest: *accepted.end(),
        })
    } else {
        Ok(found)
    }
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Self { buf }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    /// Succeeds only if every byte was consumed.
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                extra: self.buf.len(),
            })
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.buf.len() < n {
            return Err(DecodeError::Truncated {
                needed: n - self.buf.len(),
            });
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// Reads one byte.
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    /// Reads a big-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    /// Reads a big-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// Reads a big-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// Reads a boolean: 0 or 1, anything else is `InvalidValue { field }`.
    pub fn bool(&mut self, field: &'static str) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError::InvalidValue { field }),
        }
    }

    /// Reads `N` bytes.
    pub fn fixed<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        self.array()
    }

    /// A length-prefixed byte string of at most `max` bytes.
    pub fn bytes(&mut self, field: &'static str, max: usize) -> Result<&'a [u8], DecodeError> {
        let len = self.u32()? as usize;
        if len > max {
            return Err(DecodeError::TooLong { field, len, max });
        }
        self.take(len)
    }

    /// Reads length-prefixed bytes, refusing more than `max` before allocating.
    pub fn bytes_vec(&mut self, field: &'static str, max: usize) -> Result<Vec<u8>, DecodeError> {
        self.bytes(field, max).map(<[u8]>::to_vec)
    }

    /// A length-prefixed UTF-8 string of at most `max` bytes.
    pub fn string(&mut self, field: &'static str, max: usize) -> Result<String, DecodeError> {
        let raw = self.bytes(field, max)?;
        String::from_utf8(raw.to_vec()).map_err(|_| DecodeError::InvalidValue { field })
    }

    /// A `u16` item count of at most `max`, checked against the bytes left assuming each
    /// item takes at least `min_item_len` bytes, so a forged count cannot make the caller
    /// reserve memory the input could never fill.
    pub fn count(
        &mut self,
        field: &'static str,
        max: usize,
        min_item_len: usize,
    ) -> Result<usize, DecodeError> {
        let n = self.u16()? as usize;
        if n > max {
            return Err(DecodeError::TooLong { field, len: n, max });
        }
        let needed = n.saturating_mul(min_item_len.max(1));
        if needed > self.buf.len() {
            return Err(DecodeError::Truncated {
                needed: needed - self.buf.len(),
            });
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primitives_round_trip() {
        let mut w = Writer::new();
        w.u8(7);
        w.u16(0xBEEF);
        w.u32(0xDEAD_BEEF);
        w.u64(u64::MAX - 1);
        w.bool(true);
        w.bytes(b"hello");
        w.str("été");
        let bytes = w.into_bytes();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.u16().unwrap(), 0xBEEF);
        assert_eq!(r.u32().unwrap(), 0xDEAD_BEEF);
        assert_eq!(r.u64().unwrap(), u64::MAX - 1);
        assert!(r.bool("b").unwrap());
        assert_eq!(r.bytes("x", 5).unwrap(), b"hello");
        assert_eq!(r.string("s", 16).unwrap(), "été");
        r.finish().unwrap();
    }

    #[test]
    fn oversize_and_truncated_fields_are_errors() {
        let mut w = Writer::new();
        w.bytes(&[1, 2, 3, 4]);
        let bytes = w.into_bytes();
        assert!(matches!(
            Reader::new(&bytes).bytes("f", 3),
            Err(DecodeError::TooLong { len: 4, max: 3, .. })
        ));
        assert!(matches!(
            Reader::new(&bytes[..6]).bytes("f", 8),
            Err(DecodeError::Truncated { needed: 2 })
        ));
        assert!(matches!(
            Reader::new(&[2]).bool("b"),
            Err(DecodeError::InvalidValue { .. })
        ));
    }

    #[test]
    fn forged_count_is_refused_before_allocation() {
        // Claims 1000 items of at least 32 bytes with only 10 bytes left.
        let mut bytes = vec![0x03, 0xE8];
        bytes.extend_from_slice(&[0; 10]);
        assert!(Reader::new(&bytes).count("items", 5000, 32).is_err());
        assert!(Reader::new(&bytes).count("items", 10, 1).is_err());
    }
}
