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
pub const DOWNLOAD_CHUNK: usize = 256 * 1024;

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
    buffer: Vec<u8>,
    generation: u64,
    writer: Arc<tokio::sync::Mutex<u64>>,
}

impl UploadSink<'_> {
    /// Takes the next bytes of the stream. Refuses bytes past the declared size.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), RelayError> {
        let pending = self.written + self.buffer.len() as u64;
        if pending.saturating_add(bytes.len() as u64) > self.size {
            return Err(refused(ErrorCode::BlobSizeExceeded));
        }
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= UPLOAD_BUFFER {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), RelayError> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let generation = self.writer.lock().await;
        if *generation != self.generation {
            // A newer upload of this blob took over (the client reconnected).
            return Err(refused(ErrorCode::BlobOffset));
        }
        let buffer = std::mem::take(&mut self.buffer);
        let (file, at) = (self.file.clone(), self.written);
        let len = buffer.len() as u64;
        let buffer = blocking(move || file.write_all_at(&buffer, at).map(|()| buffer))
            .await
            .map_err(|e| RelayError::io(&self.service.blobs.path(&self.blob), e))?;
        self.written += len;
        // Keep the allocation for the next batch.
        self.buffer = buffer;
        self.buffer.clear();
        Metrics::add(&self.service.metrics.blob_bytes_stored, len);
        Ok(())
    }

    /// Writes what is buffered, makes the file durable and reports what the relay holds.
    /// Called at the end of the stream, and also when the stream broke: every byte that
    /// arrived is valid ciphertext at its offset, and keeping it is what makes resuming cheap.
    pub async fn finish(mut self) -> Result<Response, RelayError> {
        self.flush().await?;
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
