//! The durable point. sled's `flush()` ends in `sync_file_range` on Linux, which neither
//! flushes the device cache nor the file's metadata (sled issues 1351, 1452), and sled never
//! fsyncs the files it writes under `blobs/`. So after `flush()` we `fsync` the log file, any
//! new blob files and the blob directory ourselves. Only then is a write acknowledged.
//!
//! [`GroupCommit`] lets many concurrent writers share one sync: a writer inserts into sled,
//! then waits for the next sync that starts after its insert.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;

use tokio::sync::oneshot;

/// Flushes sled and fsyncs its files. `synced_blobs` remembers blob files already synced
/// (sled never rewrites a blob in place).
pub fn sync_sled(
    db: &sled::Db,
    dir: &Path,
    synced_blobs: &mut HashSet<OsString>,
) -> std::io::Result<()> {
    db.flush().map_err(std::io::Error::other)?;
    // fdatasync: the log's data and its length, which is all a read after a crash needs
    // (the inode's times are not).
    File::open(dir.join("db"))?.sync_data()?;
    let blobs = dir.join("blobs");
    let Ok(entries) = std::fs::read_dir(&blobs) else {
        return Ok(());
    };
    let mut new_blob = false;
    let mut present = HashSet::new();
    for entry in entries {
        let name = entry?.file_name();
        if !synced_blobs.contains(&name) {
            // A blob can be garbage-collected between listing and opening: that is fine.
            match File::open(blobs.join(&name)) {
                Ok(f) => f.sync_all()?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
            new_blob = true;
        }
        present.insert(name);
    }
    if new_blob {
        File::open(&blobs)?.sync_all()?;
    }
    *synced_blobs = present;
    Ok(())
}

type Waiter = oneshot::Sender<Result<(), String>>;

/// A background thread that turns many concurrent "make it durable" requests into one
/// flush + fsync per round.
pub struct GroupCommit {
    tx: Option<mpsc::Sender<Waiter>>,
    thread: Option<thread::JoinHandle<()>>,
    /// Syncs of the disk, and the requests they answered: their ratio is the batch size.
    rounds: Arc<AtomicU64>,
    requests: Arc<AtomicU64>,
}

impl GroupCommit {
    pub fn start(db: sled::Db, dir: PathBuf) -> Self {
        let (tx, rx) = mpsc::channel::<Waiter>();
        let rounds = Arc::new(AtomicU64::new(0));
        let requests = Arc::new(AtomicU64::new(0));
        let (rounds_seen, requests_seen) = (rounds.clone(), requests.clone());
        let thread = thread::Builder::new()
            .name("amicus-group-commit".into())
            .spawn(move || {
                let mut synced_blobs = HashSet::new();
                // Each round takes every waiter queued so far; all their writes happened
                // before they queued, so one sync that starts now covers them all.
                while let Ok(first) = rx.recv() {
                    let mut waiters = vec![first];
                    waiters.extend(rx.try_iter());
                    let result = sync_sled(&db, &dir, &mut synced_blobs).map_err(|e| e.to_string());
                    rounds_seen.fetch_add(1, Ordering::Relaxed);
                    requests_seen.fetch_add(waiters.len() as u64, Ordering::Relaxed);
                    for waiter in waiters {
                        let _ = waiter.send(result.clone());
                    }
                }
            })
            .map_err(|e| tracing::error!("could not start the group-commit thread: {e}"))
            .ok();
        GroupCommit {
            tx: Some(tx),
            thread,
            rounds,
            requests,
        }
    }

    /// (syncs of the disk so far, requests they answered).
    pub fn counts(&self) -> (u64, u64) {
        (
            self.rounds.load(Ordering::Relaxed),
            self.requests.load(Ordering::Relaxed),
        )
    }

    /// Returns once every write made before this call is durable.
    pub async fn sync(&self) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        self.tx
            .as_ref()
            .ok_or_else(|| "the group-commit thread has stopped".to_string())?
            .send(tx)
            .map_err(|_| "the group-commit thread has stopped".to_string())?;
        rx.await
            .map_err(|_| "the group-commit thread has stopped".to_string())?
    }
}

impl Drop for GroupCommit {
    /// Stops the thread and waits for it, so that its handle on the database is released
    /// before anyone reopens the store.
    fn drop(&mut self) {
        self.tx.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Writes `bytes` to `path` atomically (temp file, fsync, rename, fsync of the directory),
/// readable by the owner only: after a crash the file holds either the old or the new bytes.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    if let Some(parent) = path.parent() {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// Creates `dir` (and missing parents) readable by its owner only: mode 0700 whatever the
/// umask, also when it already existed. A relay's data or a profile holds keys and
/// ciphertext; other local users have no business listing it.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn private_dirs_are_owner_only_new_or_existing() {
        let root = tempfile::tempdir().unwrap();
        let fresh = root.path().join("a/b");
        create_private_dir(&fresh).unwrap();
        assert_eq!(mode(&fresh), 0o700);
        let wide = root.path().join("wide");
        std::fs::create_dir(&wide).unwrap();
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&wide).unwrap();
        assert_eq!(mode(&wide), 0o700);
    }
}
