//! Destroying a profile, and the optional "wipe after N wrong passphrases" policy.
//!
//! Wiping overwrites `profile.key` (the only copy of the wrapped master key) with random
//! bytes, syncs it and deletes it: from then on the store cannot be decrypted, even with the
//! passphrase and even if its files are recovered. The store files are then overwritten and
//! deleted too, best effort (flash storage may keep old blocks, which is why destroying the
//! key is what counts). No passphrase is needed.
//!
//! The policy lives in `<profile>/policy` in the clear, because it must be read before the
//! profile is unlocked; the count of consecutive failures is in `<profile>/failures`.
//! Someone with the device can delete these files to stop the countdown: the policy protects
//! against guessing at a checkpoint, not against a forensic lab.

use std::io::Write as _;
use std::path::Path;

use rand::RngCore as _;

use crate::error::{ClientError, Result};

const POLICY: &str = "policy";
const FAILURES: &str = "failures";

fn storage(e: std::io::Error) -> ClientError {
    ClientError::Storage(e.to_string())
}

fn overwrite(path: &Path, random: bool) -> std::io::Result<()> {
    let len = std::fs::metadata(path)?.len();
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    let mut block = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        if random {
            rand::rng().fill_bytes(&mut block);
        }
        let n = left.min(block.len() as u64) as usize;
        f.write_all(&block[..n])?;
        left -= n as u64;
    }
    f.sync_all()
}

fn overwrite_tree(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            overwrite_tree(&path);
        } else {
            let _ = overwrite(&path, false);
        }
    }
}

/// Destroys the profile in `dir`. Safe to call on a partly wiped profile.
pub fn wipe(dir: &Path) -> Result<()> {
    let key = dir.join("profile.key");
    if key.exists() {
        overwrite(&key, true).map_err(storage)?;
        std::fs::remove_file(&key).map_err(storage)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    overwrite_tree(&dir.join("store"));
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(storage)?;
    }
    Ok(())
}

/// Wipe after this many consecutive wrong passphrases; 0 means never.
pub fn wipe_after(dir: &Path) -> u32 {
    std::fs::read_to_string(dir.join(POLICY))
        .ok()
        .and_then(|s| s.trim().strip_prefix("wipe_after=")?.parse().ok())
        .unwrap_or(0)
}

pub fn set_wipe_after(dir: &Path, attempts: u32) -> Result<()> {
    let path = dir.join(POLICY);
    if attempts == 0 {
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(storage(e)),
        }
    } else {
        amicus_io::write_atomic(&path, format!("wipe_after={attempts}\n").as_bytes())
            .map_err(storage)
    }
}

/// Counts a wrong passphrase. Returns the error to show: how many attempts are left, or that
/// the profile was just wiped.
pub(crate) fn record_failure(dir: &Path) -> ClientError {
    let limit = wipe_after(dir);
    if limit == 0 {
        return ClientError::WrongPassphrase;
    }
    let failures: u32 = std::fs::read_to_string(dir.join(FAILURES))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
        + 1;
    if failures >= limit {
        return match wipe(dir) {
            Ok(()) => ClientError::WipedAfterFailures,
            Err(e) => e,
        };
    }
    if let Err(e) = amicus_io::write_atomic(&dir.join(FAILURES), failures.to_string().as_bytes()) {
        return storage(e);
    }
    ClientError::WrongPassphraseLeft(limit - failures)
}

/// Resets the failure count after a successful unlock.
pub(crate) fn record_success(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FAILURES));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wipe_removes_everything() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("p");
        std::fs::create_dir_all(profile.join("store")).unwrap();
        std::fs::write(profile.join("profile.key"), b"key material").unwrap();
        std::fs::write(profile.join("store/db"), b"records").unwrap();
        wipe(&profile).unwrap();
        assert!(!profile.exists());
        wipe(&profile).unwrap();
    }

    #[test]
    fn policy_counts_down_then_wipes() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("p");
        std::fs::create_dir_all(&profile).unwrap();
        std::fs::write(profile.join("profile.key"), b"key").unwrap();
        assert!(matches!(
            record_failure(&profile),
            ClientError::WrongPassphrase
        ));
        set_wipe_after(&profile, 3).unwrap();
        assert!(matches!(
            record_failure(&profile),
            ClientError::WrongPassphraseLeft(2)
        ));
        record_success(&profile);
        assert!(matches!(
            record_failure(&profile),
            ClientError::WrongPassphraseLeft(2)
        ));
        assert!(matches!(
            record_failure(&profile),
            ClientError::WrongPassphraseLeft(1)
        ));
        assert!(matches!(
            record_failure(&profile),
            ClientError::WipedAfterFailures
        ));
        assert!(!profile.exists());
    }
}
