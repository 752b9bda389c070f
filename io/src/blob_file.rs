//! Appending a transfer's bytes to a file, durably and with little CPU.
//!
//! Attachment bytes arrive in quinn's own small buffers, about a packet each. Written
//! through the page cache they cost the receiving machine a copy into the cache, dirty-page
//! accounting and throttling, and kernel writeback: measured on this class of 2-core VM that
//! is more CPU than the transfer itself, and it is taken from the same two cores the
//! sender and the network need. A [`BlobAppender`] copies the pieces once into a
//! page-aligned staging buffer and writes full buffers with `O_DIRECT` from a blocking
//! thread, double-buffered so that the disk and the network overlap. What does not fill a
//! whole alignment block (the tail of a transfer, or of a stream that broke) goes through the
//! page cache at its offset; the next direct write over that block rewrites it.
//!
//! Durability comes only from [`BlobAppender::sync`], which fdatasyncs the file: `O_DIRECT`
//! bypasses the page cache, not the device's cache or the file's metadata. Where the
//! filesystem refuses `O_DIRECT` (tmpfs, some FUSE filesystems), every write goes through
//! the page cache instead; nothing else changes.
//!
//! A writer that shares its file with later writers (a resumed upload of the same blob)
//! holds a [`WriteLease`]: every write happens under the blob's write lock and only while
//! its generation is the newest, so an older stream still running can never write after a
//! newer one has positioned the file.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use std::sync::Arc;

/// Offsets and lengths of direct writes are multiples of this (at least every logical block
/// size in use; 512 and 4096 are the common ones).
pub const ALIGN: usize = 4096;
/// Bytes gathered before one write. An appender holds two stages (one filling, one being
/// written).
pub const STAGE: usize = 2 * 1024 * 1024;

/// Why an append failed.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A newer writer of the same file took over (its lease generation is higher).
    #[error("a newer transfer of this file took over")]
    Superseded,
}

/// The right to write a shared file: its write lock and the generation this writer got.
#[derive(Clone)]
pub struct WriteLease {
    pub lock: Arc<tokio::sync::Mutex<u64>>,
    pub generation: u64,
}

/// A heap buffer with a page-aligned window of `cap` bytes (a multiple of [`ALIGN`]), for
/// direct reads and writes.
pub struct AlignedBuf {
    raw: Vec<u8>,
    /// Where the aligned window starts in `raw`.
    start: usize,
    cap: usize,
    /// Bytes filled.
    len: usize,
}

impl AlignedBuf {
    /// A zeroed buffer of `cap` bytes, rounded up to a multiple of [`ALIGN`].
    pub fn with_capacity(cap: usize) -> Self {
        let cap = cap.next_multiple_of(ALIGN);
        let raw = vec![0u8; cap + ALIGN];
        let start = (ALIGN - raw.as_ptr() as usize % ALIGN) % ALIGN;
        AlignedBuf {
            raw,
            start,
            cap,
            len: 0,
        }
    }

    /// A placeholder while the real stage is being written.
    fn empty() -> Self {
        AlignedBuf {
            raw: Vec::new(),
            start: 0,
            cap: 0,
            len: 0,
        }
    }

    /// The bytes filled.
    pub fn filled(&self) -> &[u8] {
        &self.raw[self.start..self.start + self.len]
    }

    fn room(&self) -> usize {
        self.cap - self.len
    }

    /// Copies as much of `data` as fits; returns how much.
    fn fill(&mut self, data: &[u8]) -> usize {
        let n = data.len().min(self.room());
        let at = self.start + self.len;
        self.raw[at..at + n].copy_from_slice(&data[..n]);
        self.len += n;
        n
    }

    /// Keeps only the bytes from `from` on, moved to the front.
    fn keep_from(&mut self, from: usize) {
        let (a, b) = (self.start + from, self.start + self.len);
        self.raw.copy_within(a..b, self.start);
        self.len -= from;
    }
}

/// Opens `path` for direct reads, if its filesystem allows them.
pub fn open_direct_read(path: &Path) -> Option<File> {
    open_direct_with(OpenOptions::new().read(true), path)
}

/// Reads exactly `len` bytes at `at` into `buf`: directly (skipping the page cache, so no
/// copy and no cache pages to manage) when `direct` is given and `at` is aligned, through
/// the page cache otherwise. Returns whether direct reads still work on this file.
pub fn read_exact_at(
    file: &File,
    direct: Option<&File>,
    buf: &mut AlignedBuf,
    at: u64,
    len: usize,
) -> io::Result<bool> {
    if len > buf.cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "read larger than its buffer",
        ));
    }
    buf.len = 0;
    let mut direct_works = direct.is_some();
    if let Some(d) = direct
        && at.is_multiple_of(ALIGN as u64)
    {
        // Whole blocks: the last chunk of a file asks past its end and gets a short read.
        let want = len.next_multiple_of(ALIGN);
        let window = &mut buf.raw[buf.start..buf.start + want];
        let mut got = 0;
        while got < len {
            match d.read_at(&mut window[got..], at + got as u64) {
                Ok(n) if n == 0 || (n % ALIGN != 0 && got + n < len) => {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {
                    direct_works = false;
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        if direct_works {
            buf.len = len;
            return Ok(true);
        }
    }
    file.read_exact_at(&mut buf.raw[buf.start..buf.start + len], at)?;
    buf.len = len;
    Ok(direct_works)
}

/// Opens `path` for direct writes, if its filesystem allows them.
fn open_direct(path: &Path) -> Option<File> {
    open_direct_with(OpenOptions::new().write(true), path)
}

/// Opens `path` with `O_DIRECT` where the platform has it (Linux). Elsewhere there is no
/// direct handle, and every read and write goes through the page cache: slower, equally
/// durable (durability comes from `sync`, never from the flag).
#[cfg(target_os = "linux")]
fn open_direct_with(options: &mut OpenOptions, path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    options.custom_flags(libc::O_DIRECT).open(path).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct_with(_options: &mut OpenOptions, _path: &Path) -> Option<File> {
    None
}

/// Writes a stage's bytes at `at` (aligned): whole blocks directly where possible, the rest
/// through the page cache. Returns whether direct writes still work on this file.
fn write_stage(file: &File, direct: Option<&File>, bytes: &[u8], at: u64) -> io::Result<bool> {
    let whole = bytes.len() - bytes.len() % ALIGN;
    let mut done = 0;
    let mut direct_works = direct.is_some();
    if let Some(d) = direct
        && whole > 0
    {
        match d.write_all_at(&bytes[..whole], at) {
            Ok(()) => done = whole,
            // Accepted at open, refused at write (some filesystems): use the page cache.
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) => direct_works = false,
            Err(e) => return Err(e),
        }
    }
    file.write_all_at(&bytes[done..], at + done as u64)?;
    Ok(direct_works)
}

type InFlight = tokio::task::JoinHandle<Result<(AlignedBuf, bool), AppendError>>;

/// Appends bytes to a file from a given length on; see the module documentation.
pub struct BlobAppender {
    /// An ordinary descriptor (read and write): tails, read-back, sync, length.
    file: Arc<File>,
    direct: Option<Arc<File>>,
    stage: AlignedBuf,
    /// The file offset of the stage's first byte (always aligned).
    stage_at: u64,
    in_flight: Option<InFlight>,
    spare: Option<AlignedBuf>,
    lease: Option<WriteLease>,
    /// Set when a write failed: nothing more is written, so no later write can leave a gap
    /// that a durable length would then claim.
    poisoned: bool,
}

impl BlobAppender {
    /// An appender that continues `file` (opened for reading and writing at `path`) from
    /// `at`, which must not be past its length; bytes after `at` are overwritten. The start
    /// of a partly written block before `at` is read back, so writes stay aligned.
    pub fn open(
        path: &Path,
        file: Arc<File>,
        at: u64,
        lease: Option<WriteLease>,
    ) -> io::Result<Self> {
        let stage_at = at - at % ALIGN as u64;
        let mut stage = AlignedBuf::with_capacity(STAGE);
        let prefix = (at - stage_at) as usize;
        if prefix > 0 {
            let s = stage.start;
            file.read_exact_at(&mut stage.raw[s..s + prefix], stage_at)?;
            stage.len = prefix;
        }
        Ok(BlobAppender {
            direct: open_direct(path).map(Arc::new),
            file,
            stage,
            stage_at,
            in_flight: None,
            spare: None,
            lease,
            poisoned: false,
        })
    }

    /// Bytes appended so far, counted from the file's start (written or still staged).
    pub fn position(&self) -> u64 {
        self.stage_at + self.stage.len as u64
    }

    /// Copies `data` in; full stages are written in the background.
    pub async fn append(&mut self, mut data: &[u8]) -> Result<(), AppendError> {
        while !data.is_empty() {
            let n = self.stage.fill(data);
            data = &data[n..];
            if self.stage.room() == 0 {
                self.write_full_stage().await?;
            }
        }
        Ok(())
    }

    /// Waits for the write in flight and keeps its buffer for reuse.
    async fn settle(&mut self) -> Result<(), AppendError> {
        if self.poisoned {
            return Err(io::Error::other("an earlier write of this file failed").into());
        }
        if let Some(write) = self.in_flight.take() {
            let (mut stage, direct_works) = write
                .await
                .unwrap_or_else(|e| Err(io::Error::other(e).into()))
                .inspect_err(|_| self.poisoned = true)?;
            if !direct_works {
                self.direct = None;
            }
            stage.len = 0;
            self.spare = Some(stage);
        }
        Ok(())
    }

    /// Takes the lock of a shared file, if this writer has a lease, and checks it is still
    /// the newest writer.
    async fn hold(&self) -> Result<Option<tokio::sync::OwnedMutexGuard<u64>>, AppendError> {
        let Some(lease) = &self.lease else {
            return Ok(None);
        };
        let guard = lease.lock.clone().lock_owned().await;
        if *guard != lease.generation {
            return Err(AppendError::Superseded);
        }
        Ok(Some(guard))
    }

    /// Starts writing the (full) stage after the previous write finished.
    async fn write_full_stage(&mut self) -> Result<(), AppendError> {
        self.settle().await?;
        let held = self.hold().await?;
        let next = self
            .spare
            .take()
            .unwrap_or_else(|| AlignedBuf::with_capacity(STAGE));
        let full = std::mem::replace(&mut self.stage, next);
        let at = self.stage_at;
        self.stage_at += full.len as u64;
        let (file, direct) = (self.file.clone(), self.direct.clone());
        self.in_flight = Some(tokio::task::spawn_blocking(move || {
            let _held = held;
            let direct_works = write_stage(&file, direct.as_deref(), full.filled(), at)?;
            Ok((full, direct_works))
        }));
        Ok(())
    }

    /// Writes everything appended, makes the file durable and returns its length. The
    /// appender stays usable: appending continues after what was synced.
    pub async fn sync(&mut self) -> Result<u64, AppendError> {
        self.settle().await?;
        let held = self.hold().await?;
        let stage = std::mem::replace(&mut self.stage, AlignedBuf::empty());
        let at = self.stage_at;
        let (file, direct) = (self.file.clone(), self.direct.clone());
        let (stage, written) = tokio::task::spawn_blocking(move || {
            let _held = held;
            let written = write_stage(&file, direct.as_deref(), stage.filled(), at).and_then(
                |direct_works| {
                    file.sync_data()?;
                    Ok((direct_works, file.metadata()?.len()))
                },
            );
            (stage, written)
        })
        .await
        .map_err(|e| {
            self.poisoned = true;
            io::Error::other(e)
        })?;
        self.stage = stage;
        let (direct_works, len) = written.inspect_err(|_| self.poisoned = true)?;
        if !direct_works {
            self.direct = None;
        }
        // Whole blocks are on disk; the partial block stays staged, so that the next direct
        // write starts aligned (it rewrites that block, with the same bytes, first).
        let whole = self.stage.len - self.stage.len % ALIGN;
        self.stage.keep_from(whole);
        self.stage_at += whole as u64;
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    fn open_rw(path: &Path) -> Arc<File> {
        Arc::new(
            OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(path)
                .expect("open"),
        )
    }

    async fn append_in_pieces(a: &mut BlobAppender, data: &[u8], piece: usize) {
        for p in data.chunks(piece) {
            a.append(p).await.expect("append");
        }
    }

    #[tokio::test]
    async fn appends_across_stages_syncs_and_resumes_unaligned() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("blob");
        let data = pattern(2 * STAGE + 3 * ALIGN + 777, 5);
        let open = || open_rw(&path);
        // First part, with a sync in the middle of a block, then more.
        let cut = STAGE + ALIGN + 100;
        let mut a = BlobAppender::open(&path, open(), 0, None).expect("appender");
        append_in_pieces(&mut a, &data[..cut - 50], 1200).await;
        assert_eq!(a.sync().await.expect("sync"), (cut - 50) as u64);
        append_in_pieces(&mut a, &data[cut - 50..cut], 7).await;
        assert_eq!(a.sync().await.expect("sync"), cut as u64);
        drop(a);
        // Resumed by a new appender at an unaligned offset.
        let mut b = BlobAppender::open(&path, open(), cut as u64, None).expect("appender");
        assert_eq!(b.position(), cut as u64);
        append_in_pieces(&mut b, &data[cut..], 1452).await;
        assert_eq!(b.sync().await.expect("sync"), data.len() as u64);
        assert_eq!(std::fs::read(&path).expect("read"), data);
    }

    #[tokio::test]
    async fn resuming_before_the_end_overwrites_what_follows() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("blob");
        std::fs::write(&path, pattern(10_000, 1)).expect("write");
        let file = open_rw(&path);
        file.set_len(5000).expect("truncate");
        let mut a = BlobAppender::open(&path, file, 5000, None).expect("appender");
        a.append(&[9u8; 3000]).await.expect("append");
        assert_eq!(a.sync().await.expect("sync"), 8000);
        let got = std::fs::read(&path).expect("read");
        assert_eq!(&got[..5000], &pattern(10_000, 1)[..5000]);
        assert!(got[5000..].iter().all(|&b| b == 9));
    }

    #[test]
    fn reads_agree_with_the_file_at_any_offset_and_past_the_end_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("blob");
        let data = pattern(3 * ALIGN + 123, 9);
        std::fs::write(&path, &data).expect("write");
        let file = open_rw(&path);
        let direct = open_direct_read(&path);
        let mut buf = AlignedBuf::with_capacity(2 * ALIGN);
        for (at, len) in [
            (0, 2 * ALIGN),
            (ALIGN, ALIGN),
            (2 * ALIGN, ALIGN + 123),
            (5, 100),
            (3 * ALIGN, 123),
        ] {
            read_exact_at(&file, direct.as_ref(), &mut buf, at as u64, len).expect("read");
            assert_eq!(buf.filled(), &data[at..at + len], "at {at}, {len} bytes");
        }
        for (at, len) in [(3 * ALIGN, ALIGN), (4 * ALIGN, 1), (0, 3 * ALIGN)] {
            assert!(read_exact_at(&file, direct.as_ref(), &mut buf, at as u64, len).is_err());
        }
    }

    #[tokio::test]
    async fn a_superseded_writer_writes_nothing_more() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("blob");
        let file = open_rw(&path);
        let lock = Arc::new(tokio::sync::Mutex::new(1u64));
        let lease = WriteLease {
            lock: lock.clone(),
            generation: 1,
        };
        let mut old = BlobAppender::open(&path, file, 0, Some(lease)).expect("appender");
        old.append(&pattern(100, 3)).await.expect("append");
        *lock.lock().await = 2;
        assert!(matches!(
            old.append(&pattern(STAGE, 3)).await,
            Err(AppendError::Superseded)
        ));
        assert!(matches!(old.sync().await, Err(AppendError::Superseded)));
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), 0);
    }
}
