//! What the relay does with attachment requests, independent of sockets. The server pumps
//! an upload stream's bytes into an [`UploadSink`] and a download stream's bytes out of a
//! [`BlobReader`]; tests drive both directly.
//!
//! Durability: the upload answer (`BlobProgress`) and the status answer report the blob
//! file's length after `fsync`, so a client resumes from what is on disk, never from more.
//! A finished upload is marked complete in sled, synced before the answer.

use std::fs::File;
use std::os::unix::fs::FileExt as _;
use std::sync::{Arc, Mutex};

use amicus_protocol::{BlobId, ErrorCode, Response};

use crate::error::RelayError;
use crate::metrics::Metrics;
use crate::service::{Service, Session, now_secs};

/// Bytes an upload gathers before writing them to its file.
pub const UPLOAD_BUFFER: usize = 1024 * 1024;
/// Bytes a download reads from the file at a time.
pub const DOWNLOAD_CHUNK: usize = 1024 * 1024;

fn refused(code: ErrorCode) -> RelayError {
    RelayError::Refused(code)
}

/// Runs blocking file I/O off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(std::io::Error::other(e)))
}

/// Syncs a blob file and returns its length: what the relay holds durably.
async fn durable_len(file: Arc<File>) -> std::io::Result<u64> {
    blocking(move || {
        file.sync_data()?;
        Ok(file.metadata()?.len())
    })
    .await
}

impl Service {
    pub(crate) async fn create_blob(
        &self,
        size: u64,
        upload_hash: [u8; 32],
        reader_hashes: &[[u8; 32]],
    ) -> Result<Response, RelayError> {
        let (blob, expires_at) = self
            .blobs
            .create(size, upload_hash, reader_hashes, now_secs())?;
        self.sync().await?;
        Metrics::add(&self.metrics.blobs_created, 1);
        tracing::debug!(readers = reader_hashes.len(), "blob created");
        Ok(Response::BlobCreated { blob, expires_at })
    }

    pub(crate) async fn blob_status(
        &self,
        blob: &BlobId,
        token: &[u8; 32],
    ) -> Result<Response, RelayError> {
        let record = self.blobs.check_upload(blob, token)?;
        let writer = self.blobs.writer(blob);
        let _guard = writer.lock().await;
        let file = Arc::new(self.blobs.open_for_write(blob)?);
        let stored = durable_len(file)
            .await
            .map_err(|e| RelayError::io(&self.blobs.path(blob), e))?;
        Ok(Response::BlobProgress {
            size: record.size,
            stored: stored.min(record.size),
        })
    }

    pub(crate) async fn release_blob(
        &self,
        blob: &BlobId,
        token: &[u8; 32],
    ) -> Result<Response, RelayError> {
        let remaining = self.blobs.release(blob, token)?;
        self.sync().await?;
        if remaining == 0 {
            Metrics::add(&self.metrics.blobs_deleted, 1);
        }
        Ok(Response::BlobReleased { remaining })
    }

    /// Checks an upload request and positions it at `offset`, which must not be past what
    /// the relay holds (bytes after it, from an upload that was cut, are dropped: the client
    /// sends them again).
    pub async fn begin_upload(
        &self,
        session: &Mutex<Session>,
        blob: BlobId,
        token: &[u8; 32],
        offset: u64,
    ) -> Result<UploadSink<'_>, RelayError> {
        self.take_token(session)?;
        let record = self.blobs.check_upload(&blob, token)?;
        if record.complete && offset != record.size {
            // A finished blob is never rewritten.
            return Err(refused(ErrorCode::BlobOffset));
        }
        let writer = self.blobs.writer(&blob);
        let mut generation = writer.lock().await;
        *generation += 1;
        let file = Arc::new(self.blobs.open_for_write(&blob)?);
        let path = self.blobs.path(&blob);
        let held = durable_len(file.clone())
            .await
            .map_err(|e| RelayError::io(&path, e))?;
        if offset > held || offset > record.size {
            return Err(refused(ErrorCode::BlobOffset));
        }
        if offset < held {
            let f = file.clone();
            blocking(move || f.set_len(offset))
                .await
                .map_err(|e| RelayError::io(&path, e))?;
        }
        Ok(UploadSink {
            service: self,
            blob,
            file,
            size: record.size,
            written: offset,
            buffer: Vec::new(),
            buffered: 0,
            in_flight: None,
            generation: *generation,
            writer: writer.clone(),
        })
    }

    /// Checks a download request; the reader serves bytes from `offset`.
    pub async fn begin_download(
        &self,
        session: &Mutex<Session>,
        blob: BlobId,
        token: &[u8; 32],
        offset: u64,
    ) -> Result<BlobReader, RelayError> {
        self.take_token(session)?;
        let record = self.blobs.check_reader(&blob, token)?;
        if offset > record.size {
            return Err(refused(ErrorCode::BlobOffset));
        }
        let file = Arc::new(self.blobs.open_for_read(&blob)?);
        let on_disk = file
            .metadata()
            .map_err(|e| RelayError::io(&self.blobs.path(&blob), e))?
            .len();
        if on_disk != record.size {
            // Damaged on the relay's disk: say so rather than send a short blob.
            return Err(RelayError::Corrupt("attachment blob length"));
        }
        Metrics::add(&self.metrics.blob_downloads, 1);
        Ok(BlobReader {
            file,
            size: record.size,
            position: offset,
        })
    }
}

/// An upload in progress: appends ciphertext to the blob's file in large writes.
pub struct UploadSink<'a> {
    service: &'a Service,
    blob: BlobId,
    file: Arc<File>,
    size: u64,
    /// Bytes written to the file so far (durable only after `finish`).
    written: u64,
    /// Received pieces not yet written: quinn's own buffers, written with one vectored
    /// write, never copied into ours (on this class of machine each pass over the data
    /// costs about a second per GiB).
    buffer: Vec<bytes::Bytes>,
    buffered: usize,
    /// The previous batch being written while the next one fills: disk and network
    /// overlap. It holds the blob's write lock until it is done.
    in_flight: Option<tokio::task::JoinHandle<std::io::Result<Vec<bytes::Bytes>>>>,
    generation: u64,
    writer: Arc<tokio::sync::Mutex<u64>>,
}

impl UploadSink<'_> {
    /// Takes the next bytes of the stream. Refuses bytes past the declared size.
    pub async fn write(&mut self, piece: bytes::Bytes) -> Result<(), RelayError> {
        let pending = self.written + self.buffered as u64;
        if pending.saturating_add(piece.len() as u64) > self.size {
            return Err(refused(ErrorCode::BlobSizeExceeded));
        }
        self.buffered += piece.len();
        self.buffer.push(piece);
        if self.buffered >= UPLOAD_BUFFER || self.buffer.len() >= MAX_PIECES {
            self.flush().await?;
        }
        Ok(())
    }

    /// Waits for the write in flight; returns its buffer for reuse.
    async fn settle(&mut self) -> Result<Vec<bytes::Bytes>, RelayError> {
        let Some(write) = self.in_flight.take() else {
            return Ok(Vec::new());
        };
        write
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
            .map_err(|e| RelayError::io(&self.service.blobs.path(&self.blob), e))
    }

    /// Starts writing the buffer (after the previous write finished).
    async fn flush(&mut self) -> Result<(), RelayError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let mut spare = self.settle().await?;
        let generation = self.writer.clone().lock_owned().await;
        if *generation != self.generation {
            // A newer upload of this blob took over (the client reconnected).
            return Err(refused(ErrorCode::BlobOffset));
        }
        spare.clear();
        let buffer = std::mem::replace(&mut self.buffer, spare);
        let (file, at) = (self.file.clone(), self.written);
        let len = std::mem::take(&mut self.buffered) as u64;
        self.written += len;
        Metrics::add(&self.service.metrics.blob_bytes_stored, len);
        self.in_flight = Some(tokio::task::spawn_blocking(move || {
            let _held = generation;
            write_pieces_at(&file, at, &buffer)?;
            start_writeback(&file, at, len);
            Ok(buffer)
        }));
        Ok(())
    }

    /// Writes what is buffered, makes the file durable and reports what the relay holds.
    /// Called at the end of the stream, and also when the stream broke: every byte that
    /// arrived is valid ciphertext at its offset, and keeping it is what makes resuming cheap.
    pub async fn finish(mut self) -> Result<Response, RelayError> {
        self.flush().await?;
        self.settle().await?;
        let _generation = self.writer.lock().await;
        let path = self.service.blobs.path(&self.blob);
        let stored = durable_len(self.file.clone())
            .await
            .map_err(|e| RelayError::io(&path, e))?;
        if stored == self.size {
            self.service.blobs.mark_complete(&self.blob)?;
            self.service.sync().await?;
            Metrics::add(&self.service.metrics.blobs_completed, 1);
        }
        Ok(Response::BlobProgress {
            size: self.size,
            stored: stored.min(self.size),
        })
    }
}

/// Asks the kernel to start writing these pages to disk now, without waiting: the final
/// `fsync` then finds little left to do instead of flushing the whole blob at once.
/// Durability still comes only from that `fsync`; this is scheduling.
pub fn start_writeback(file: &File, at: u64, len: u64) {
    use std::os::fd::AsRawFd as _;
    let (Ok(at), Ok(len)) = (i64::try_from(at), i64::try_from(len)) else {
        return;
    };
    // SAFETY: the descriptor is open for the lifetime of `file`; the call only reads its
    // arguments. A failure is harmless (the final fsync writes the pages anyway).
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), at, len, libc::SYNC_FILE_RANGE_WRITE);
    }
}

/// Most pieces gathered for one vectored write (the kernel's IOV_MAX).
const MAX_PIECES: usize = 1024;

/// Writes `pieces` one after another at `at`, with vectored writes. Only one write of a
/// blob runs at a time (the caller holds the blob's write lock), so seeking is safe.
pub fn write_pieces_at(file: &File, at: u64, pieces: &[bytes::Bytes]) -> std::io::Result<()> {
    use std::io::{IoSlice, Seek as _, SeekFrom, Write as _};
    let mut f = file;
    f.seek(SeekFrom::Start(at))?;
    let mut slices: Vec<IoSlice<'_>> = pieces.iter().map(|p| IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        match f.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A download in progress: reads the blob's file in chunks.
pub struct BlobReader {
    file: Arc<File>,
    pub size: u64,
    position: u64,
}

impl BlobReader {
    /// The next chunk, or an empty vector at the end.
    pub async fn next_chunk(&mut self) -> Result<Vec<u8>, RelayError> {
        let left = self.size - self.position;
        if left == 0 {
            return Ok(Vec::new());
        }
        let len = usize::try_from(left)
            .unwrap_or(DOWNLOAD_CHUNK)
            .min(DOWNLOAD_CHUNK);
        let (file, at) = (self.file.clone(), self.position);
        let chunk = blocking(move || {
            let mut buf = vec![0u8; len];
            file.read_exact_at(&mut buf, at)?;
            Ok(buf)
        })
        .await
        .map_err(|e| RelayError::Io {
            path: "attachment blob".into(),
            source: e,
        })?;
        self.position += chunk.len() as u64;
        Ok(chunk)
    }
}
