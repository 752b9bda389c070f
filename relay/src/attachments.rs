//! What the relay does with attachment requests, independent of sockets. The server pumps
//! an upload stream's bytes into an [`UploadSink`] and a download stream's bytes out of a
//! [`BlobReader`]; tests drive both directly.
//!
//! Durability: the upload answer (`BlobProgress`) and the status answer report the blob
//! file's length after `fsync`, so a client resumes from what is on disk, never from more.
//! A finished upload is marked complete in sled, synced before the answer.

use std::fs::File;
use std::sync::{Arc, Mutex};

use amicus_protocol::{BlobId, ErrorCode, Response};

use crate::error::RelayError;
use crate::metrics::Metrics;
use crate::service::{Service, Session};
use crate::window::{DOWNLOAD_CHUNK, SPARE_CHUNKS};
use amicus_io::{
    ALIGN, AlignedBuf, AppendError, BlobAppender, WriteLease, open_direct_read, read_exact_at,
};

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
        let now = self.now_secs();
        let (blob, expires_at) = match self.blobs.create(size, upload_hash, reader_hashes, now) {
            // Lapsed reservations may be holding the room: sweep them now, not at the next
            // scheduled sweep, and try once more.
            Err(RelayError::Refused(ErrorCode::BlobStoreFull)) => {
                self.blobs.expire(now)?;
                self.blobs.create(size, upload_hash, reader_hashes, now)?
            }
            other => other?,
        };
        self.sync().await?;
        Metrics::add(&self.metrics.blobs_created, 1);
        tracing::debug!(readers = reader_hashes.len(), "blob created");
        Ok(Response::BlobCreated { blob, expires_at })
    }

    /// [`Self::create_blob`] paid by one token per started
    /// [`amicus_protocol::tokens::BLOB_BYTES_PER_TOKEN`]; all given back if nothing is
    /// reserved.
    pub(crate) async fn create_blob_paid(
        &self,
        tokens: &[amicus_protocol::tokens::SpendToken],
        size: u64,
        upload_hash: [u8; 32],
        reader_hashes: &[[u8; 32]],
    ) -> Result<Response, RelayError> {
        if self.config.require_tokens && tokens.len() < amicus_protocol::tokens::blob_cost(size) {
            return Err(RelayError::Refused(ErrorCode::PaymentRequired));
        }
        let now = self.now_secs();
        let mut spent = Vec::with_capacity(tokens.len());
        let mut outcome = Ok(());
        for token in tokens {
            match self.tokens.spend(token, now) {
                Ok(()) => spent.push(token),
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
        }
        let result = match outcome {
            Ok(()) => self.create_blob(size, upload_hash, reader_hashes).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            for token in spent {
                self.tokens.refund(token)?;
            }
        }
        result
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
        // The reservation runs again from now, and does not lapse while this upload runs.
        self.blobs.progressed(&blob, self.now_secs())?;
        let active = self.blobs.uploading(&blob);
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
        // Every write of this upload happens under the blob's lock and only while its
        // generation is the newest: an older stream still running stops before its next one.
        let lease = WriteLease {
            lock: writer.clone(),
            generation: *generation,
        };
        let appender = blocking(move || BlobAppender::open(&path, file, offset, Some(lease)))
            .await
            .map_err(|e| RelayError::io(&self.blobs.path(&blob), e))?;
        Ok(UploadSink {
            service: self,
            blob,
            size: record.size,
            appender,
            _active: active,
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
        let direct = open_direct_read(&self.blobs.path(&blob));
        Ok(BlobReader::new(file, direct, record.size, offset))
    }
}

/// An upload in progress: appends ciphertext to the blob's file (see [`BlobAppender`]).
pub struct UploadSink<'a> {
    service: &'a Service,
    blob: BlobId,
    size: u64,
    appender: BlobAppender,
    /// Keeps the expiry sweep away from this blob while the upload runs.
    _active: crate::blob_store::ActiveUpload,
}

impl UploadSink<'_> {
    fn failed(&self, e: AppendError) -> RelayError {
        match e {
            // A newer upload of this blob took over (the client reconnected).
            AppendError::Superseded => refused(ErrorCode::BlobOffset),
            AppendError::Io(e) => RelayError::io(&self.service.blobs.path(&self.blob), e),
        }
    }

    /// Takes the next bytes of the stream. Refuses bytes past the declared size.
    pub async fn write(&mut self, piece: bytes::Bytes) -> Result<(), RelayError> {
        if self.appender.position().saturating_add(piece.len() as u64) > self.size {
            return Err(refused(ErrorCode::BlobSizeExceeded));
        }
        Metrics::add(&self.service.metrics.blob_bytes_stored, piece.len() as u64);
        match self.appender.append(&piece).await {
            Ok(()) => Ok(()),
            Err(e) => Err(self.failed(e)),
        }
    }

    /// Writes what is staged, makes the file durable and reports what the relay holds.
    /// Called at the end of the stream, and also when the stream broke: every byte that
    /// arrived is valid ciphertext at its offset, and keeping it is what makes resuming cheap.
    pub async fn finish(mut self) -> Result<Response, RelayError> {
        let stored = match self.appender.sync().await {
            Ok(stored) => stored,
            Err(e) => return Err(self.failed(e)),
        };
        if stored == self.size {
            self.service
                .blobs
                .mark_complete(&self.blob, self.service.now_secs())?;
            self.service.sync().await?;
            Metrics::add(&self.service.metrics.blobs_completed, 1);
        }
        Ok(Response::BlobProgress {
            size: self.size,
            stored: stored.min(self.size),
        })
    }
}

type ChunkPool = Arc<Mutex<Vec<AlignedBuf>>>;

/// A chunk handed to quinn; its buffer goes back to the download's pool once quinn is done
/// with it (the peer acknowledged it).
struct PooledChunk {
    buf: Option<AlignedBuf>,
    pool: ChunkPool,
}

impl AsRef<[u8]> for PooledChunk {
    fn as_ref(&self) -> &[u8] {
        self.buf
            .as_ref()
            .map(AlignedBuf::filled)
            .unwrap_or_default()
    }
}

impl Drop for PooledChunk {
    fn drop(&mut self) {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if pool.len() < SPARE_CHUNKS
            && let Some(buf) = self.buf.take()
        {
            pool.push(buf);
        }
    }
}

type ChunkRead = std::io::Result<(AlignedBuf, bool)>;

/// A download in progress: reads the blob's file in chunks, one chunk ahead of the network
/// (the next read runs while the current chunk is being sent). Blobs are written with
/// `O_DIRECT`, so they are usually not in the page cache: reading them directly too saves
/// the copy and the cache pages.
pub struct BlobReader {
    file: Arc<File>,
    direct: Option<Arc<File>>,
    pub size: u64,
    /// Where the next read (the one in flight, if any) starts.
    position: u64,
    ahead: Option<tokio::task::JoinHandle<ChunkRead>>,
    pool: ChunkPool,
}

impl BlobReader {
    fn new(file: Arc<File>, direct: Option<File>, size: u64, position: u64) -> Self {
        BlobReader {
            file,
            direct: direct.map(Arc::new),
            size,
            position,
            ahead: None,
            pool: Arc::default(),
        }
    }

    /// Starts reading the chunk at `position`, if any is left.
    fn read_ahead(&mut self) {
        let left = self.size - self.position;
        if left == 0 {
            return;
        }
        // After a resume at an unaligned offset the first chunk is shortened so that every
        // later one starts aligned (and can be read directly).
        let chunk = DOWNLOAD_CHUNK - (self.position % ALIGN as u64) as usize;
        let len = usize::try_from(left).unwrap_or(chunk).min(chunk);
        let (file, direct, at) = (self.file.clone(), self.direct.clone(), self.position);
        self.position += len as u64;
        let spare = self.pool.lock().unwrap_or_else(|p| p.into_inner()).pop();
        self.ahead = Some(tokio::task::spawn_blocking(move || {
            let mut buf = spare.unwrap_or_else(|| AlignedBuf::with_capacity(DOWNLOAD_CHUNK));
            let direct_works = read_exact_at(&file, direct.as_deref(), &mut buf, at, len)?;
            Ok((buf, direct_works))
        }));
    }

    /// The next chunk, or an empty one at the end.
    pub async fn next_chunk(&mut self) -> Result<bytes::Bytes, RelayError> {
        if self.ahead.is_none() {
            self.read_ahead();
        }
        let Some(read) = self.ahead.take() else {
            return Ok(bytes::Bytes::new());
        };
        let (buf, direct_works) = read
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
            .map_err(|e| RelayError::Io {
                path: "attachment blob".into(),
                source: e,
            })?;
        if !direct_works {
            self.direct = None;
        }
        self.read_ahead();
        Ok(bytes::Bytes::from_owner(PooledChunk {
            buf: Some(buf),
            pool: self.pool.clone(),
        }))
    }
}
