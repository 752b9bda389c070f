//! The profile key file (`profile.key`): a random 256-bit master key wrapped under a key
//! derived from the user's passphrase with Argon2id.
//!
//! Parameters: m = 64 MiB, t = 3, p = 4, the RFC 9106 recommendation for memory-constrained
//! interactive use (shared/facts.md: OWASP's 19 MiB is a server-side floor; a seized device
//! lets an attacker guess offline for as long as they like, so we take the stronger option
//! that still unlocks in well under a second on a laptop). They are stored in the file so
//! they can be raised later without breaking old profiles.
//!
//! Layout: `AMICUSK1 | m_kib u32 | t u32 | p u32 | salt [16] | nonce [24] | wrapped [48]`,
//! everything before `wrapped` being the AEAD's associated data, so tampering with the
//! parameters fails like a wrong passphrase. Destroying this file makes the store unreadable
//! even with the passphrase: that is how `wipe` works.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore as _;
use zeroize::Zeroizing;

use crate::error::{ClientError, Result};
use crate::secret::{Passphrase, SecretKey};

const MAGIC: &[u8; 8] = b"AMICUSK1";
const HEADER_LEN: usize = 8 + 12 + 16 + 24;
const FILE_LEN: usize = HEADER_LEN + 32 + 16;
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            memory_kib: 64 * 1024,
            iterations: 3,
            lanes: 4,
        }
    }
}

impl KdfParams {
    /// Refuse parameters from a file that would make unlocking hang or exhaust memory.
    fn check(&self) -> Result<()> {
        let sane = (8..=4 * 1024 * 1024).contains(&self.memory_kib)
            && (1..=64).contains(&self.iterations)
            && (1..=64).contains(&self.lanes);
        if sane {
            Ok(())
        } else {
            Err(ClientError::Corrupt("profile key parameters".into()))
        }
    }

    fn derive(&self, passphrase: &Passphrase, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>> {
        self.check()?;
        let params = Params::new(self.memory_kib, self.iterations, self.lanes, Some(32))
            .map_err(|e| ClientError::Corrupt(format!("argon2 parameters: {e}")))?;
        let mut out = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.expose().as_bytes(), salt, out.as_mut())
            .map_err(|e| ClientError::Corrupt(format!("argon2: {e}")))?;
        Ok(out)
    }
}

/// Creates `path` holding a new master key wrapped under `passphrase`.
pub fn create(path: &Path, passphrase: &Passphrase, params: KdfParams) -> Result<SecretKey> {
    if passphrase.expose().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(ClientError::PassphraseTooShort(MIN_PASSPHRASE_CHARS));
    }
    let master = SecretKey::random();
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    rand::rng().fill_bytes(&mut salt);
    rand::rng().fill_bytes(&mut nonce);
    let mut header = Vec::with_capacity(FILE_LEN);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&params.memory_kib.to_be_bytes());
    header.extend_from_slice(&params.iterations.to_be_bytes());
    header.extend_from_slice(&params.lanes.to_be_bytes());
    header.extend_from_slice(&salt);
    header.extend_from_slice(&nonce);
    let kek = params.derive(passphrase, &salt)?;
    let wrapped = XChaCha20Poly1305::new(kek.as_ref().into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: master.expose(),
                aad: &header,
            },
        )
        .map_err(|_| ClientError::Corrupt("key wrapping failed".into()))?;
    let mut file = header;
    file.extend_from_slice(&wrapped);
    amicus_io::write_atomic(path, &file)
        .map_err(|e| ClientError::Storage(format!("{}: {e}", path.display())))?;
    Ok(master)
}

/// Unwraps the master key. A wrong passphrase changes nothing on disk.
pub(crate) fn unlock(path: &Path, passphrase: &Passphrase) -> Result<SecretKey> {
    let file = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ClientError::NoProfile(path.display().to_string()),
        _ => ClientError::Storage(e.to_string()),
    })?;
    if file.len() != FILE_LEN || &file[..8] != MAGIC {
        return Err(ClientError::Corrupt("profile key file".into()));
    }
    let word = |at: usize| u32::from_be_bytes([file[at], file[at + 1], file[at + 2], file[at + 3]]);
    let params = KdfParams {
        memory_kib: word(8),
        iterations: word(12),
        lanes: word(16),
    };
    let (header, wrapped) = file.split_at(HEADER_LEN);
    let salt = &header[20..36];
    let nonce = &header[36..60];
    let kek = params.derive(passphrase, salt)?;
    let mut master = XChaCha20Poly1305::new(kek.as_ref().into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: wrapped,
                aad: header,
            },
        )
        .map_err(|_| ClientError::WrongPassphrase)?;
    SecretKey::from_slice(&mut master).ok_or(ClientError::WrongPassphrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            lanes: 1,
        }
    }

    #[test]
    fn unlock_with_right_and_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.key");
        let key = create(&path, &Passphrase::new("correct horse".into()), cheap()).unwrap();
        let again = unlock(&path, &Passphrase::new("correct horse".into())).unwrap();
        assert_eq!(key.expose(), again.expose());
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            unlock(&path, &Passphrase::new("wrong horse".into())),
            Err(ClientError::WrongPassphrase)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed");
    }

    #[test]
    fn tampered_parameters_fail_like_a_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profile.key");
        create(&path, &Passphrase::new("correct horse".into()), cheap()).unwrap();
        let mut file = std::fs::read(&path).unwrap();
        file[15] ^= 1; // iterations
        std::fs::write(&path, &file).unwrap();
        assert!(unlock(&path, &Passphrase::new("correct horse".into())).is_err());
    }

    #[test]
    fn short_passphrase_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            create(
                &dir.path().join("k"),
                &Passphrase::new("short".into()),
                cheap()
            ),
            Err(ClientError::PassphraseTooShort(_))
        ));
    }
}
