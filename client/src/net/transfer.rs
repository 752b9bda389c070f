//! Moving attachment ciphertext to and from the relay, resumably.
//!
//! Upload: ask the relay what it holds durably (`BlobStatus`), then stream the ciphertext
//! from there (`UploadBlob` frame, then raw bytes). The ciphertext is produced on a blocking
//! thread, chunk by chunk, from the plaintext file (sealed on the fly) or from a sealed file,
//! so memory stays at a few chunks whatever the file size. The digest (SHA-256 of the whole
//! ciphertext) is computed as chunks are produced; after a client restart the chunks the
//! relay already holds are produced again locally to rebuild it, and not sent.
//!
//! Download: the partial ciphertext file is synced and its length is the offset asked for
//! (`DownloadBlob`), so a download continues from what this device holds durably.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::os::unix::fs::FileExt as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use amicus_protocol::{BlobId, ErrorCode, Request, Response, frame};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};

use crate::attachment::{AttachmentKey, SEALED_CHUNK_LEN, Sealer, sealed_len};
use crate::error::{ClientError, Result, file_error};
use crate::flows::send::WaitReason;
use crate::net::link::RelayLink;
use amicus_io::BlobAppender;

/// Chunks produced ahead of the network.
const PIPELINE_DEPTH: usize = 16;
/// Download bytes written to the file between syncs.
const DOWNLOAD_SYNC_EVERY: u64 = 64 * 1024 * 1024;
/// How long a transfer waits for the relay to move before treating the link as broken.
const STALL: Duration = Duration::from_secs(60);

/// Reports a transfer's progress to the user.
pub trait TransferProgress: Send + Sync {
    /// A transfer of `total` bytes starts (or resumes) with `done` already on the far side.
    fn begin(&self, _label: &str, _total: u64, _done: u64) {}
    fn advance(&self, _bytes: u64) {}
    /// The link broke; the next attempt starts after `retry_in`.
    fn paused(&self, _retry_in: Duration, _why: WaitReason) {}
    /// A new attempt continues from `done`.
    fn resumed(&self, _done: u64) {}
    fn finish(&self) {}
    /// A received file of `total` bytes is being decrypted into place (a long step for a
    /// large video); `advance` and `finish` follow as for a transfer.
    fn opening(&self, label: &str, total: u64) {
        self.begin(label, total, 0);
    }
}

/// No progress display.
pub struct Quiet;
impl TransferProgress for Quiet {}

/// A ciphertext chunk and its index, or the read error that ended production.
type ProducedChunk = std::io::Result<(u64, Vec<u8>)>;

/// Where upload ciphertext comes from.
pub enum Source {
    /// A file on this device, sealed as it is read.
    Plain {
        path: PathBuf,
        len: u64,
        key: AttachmentKey,
    },
    /// An already sealed file (a downloaded attachment the Centre presents on).
    Sealed { path: PathBuf, plain_len: u64 },
}

impl Source {
    fn plain_len(&self) -> u64 {
        match self {
            Source::Plain { len, .. } => *len,
            Source::Sealed { plain_len, .. } => *plain_len,
        }
    }

    pub fn sealed_len(&self) -> u64 {
        sealed_len(self.plain_len())
    }

    fn chunks(&self) -> u64 {
        crate::attachment::chunk_count(self.plain_len())
    }

    /// Reads (and for a plain file, seals) chunk `index`.
    fn chunk_reader(&self) -> Result<impl Fn(u64) -> std::io::Result<Vec<u8>> + Send + 'static> {
        let total = self.sealed_len();
        let (file, sealer) = match self {
            Source::Plain { path, len, key } => {
                (open_unchanged(path, *len)?, Some(Sealer::new(key, *len)))
            }
            Source::Sealed { path, .. } => (open_unchanged(path, total)?, None),
        };
        Ok(move |i: u64| match &sealer {
            Some(sealer) => {
                let (at, n) = sealer.file_range(i);
                let mut buf = vec![0u8; n];
                file.read_exact_at(&mut buf, at)?;
                sealer.seal(i, &mut buf);
                Ok(buf)
            }
            None => {
                let at = Sealer::sealed_offset(i);
                let n = (total - at).min(SEALED_CHUNK_LEN as u64) as usize;
                let mut buf = vec![0u8; n];
                file.read_exact_at(&mut buf, at)?;
                Ok(buf)
            }
        })
    }

    /// Starts a thread producing ciphertext chunks from `start` on, adding each chunk the
    /// digest has not seen to it (off the network task). The digest comes back on the
    /// second channel when the thread stops, whether it finished or the receiver went away.
    fn produce(
        &self,
        start: u64,
        mut digest: Digested,
    ) -> Result<(mpsc::Receiver<ProducedChunk>, oneshot::Receiver<Digested>)> {
        let (tx, rx) = mpsc::channel(PIPELINE_DEPTH);
        let (done_tx, done_rx) = oneshot::channel();
        let chunks = self.chunks();
        let read = self.chunk_reader()?;
        std::thread::spawn(move || {
            for i in start..chunks {
                let item = read(i);
                if let Ok(ct) = &item
                    && i == digest.chunks
                {
                    digest.hasher.update(ct);
                    digest.chunks += 1;
                }
                let failed = item.is_err();
                if tx.blocking_send(item.map(|ct| (i, ct))).is_err() || failed {
                    break;
                }
            }
            let _ = done_tx.send(digest);
        });
        Ok((rx, done_rx))
    }
}

/// The digest of the first `chunks` chunks of ciphertext.
#[derive(Clone, Default)]
struct Digested {
    chunks: u64,
    hasher: Sha256,
}

/// Opens a file and checks it still has the length recorded when the transfer began.
fn open_unchanged(path: &Path, len: u64) -> Result<File> {
    let file = File::open(path).map_err(|e| file_error(path, e))?;
    let now = file.metadata().map_err(|e| file_error(path, e))?.len();
    if now != len {
        return Err(ClientError::FileChanged(path.display().to_string()));
    }
    Ok(file)
}

/// An upload's progress across attempts: the blob, its capability, and the digest of the
/// chunks produced so far.
pub struct Upload {
    pub blob: BlobId,
    pub upload_token: [u8; 32],
    digest: Digested,
}

impl Upload {
    pub fn new(blob: BlobId, upload_token: [u8; 32]) -> Self {
        Upload {
            blob,
            upload_token,
            digest: Digested::default(),
        }
    }

    /// What the relay holds durably of this blob.
    pub async fn relay_holds(&self, link: &RelayLink) -> Result<u64> {
        match link
            .call_ok(&Request::BlobStatus {
                blob: self.blob,
                upload_token: self.upload_token,
            })
            .await?
        {
            Response::BlobProgress { stored, .. } => Ok(stored),
            _ => Err(ClientError::UnexpectedResponse),
        }
    }

    /// One attempt: continues from what the relay holds and returns the digest once the
    /// relay holds the whole blob. A broken link is `Err(Unreachable)`; call again.
    pub async fn attempt(
        &mut self,
        link: &RelayLink,
        source: &Source,
        progress: &dyn TransferProgress,
    ) -> Result<[u8; 32]> {
        let total = source.sealed_len();
        let stored = self.relay_holds(link).await?;
        progress.resumed(stored);
        let resume_chunk = stored / SEALED_CHUNK_LEN as u64;
        // Chunks the digest has seen need not be produced again; those after must be
        // produced (and hashed) even if the relay holds them.
        let start = resume_chunk.min(self.digest.chunks);
        let (mut chunks, digested) = source.produce(start, std::mem::take(&mut self.digest))?;
        let result = self
            .stream(link, source, stored, &mut chunks, progress)
            .await;
        // Stop the producer and take its digest back, however the attempt ended.
        drop(chunks);
        self.digest = digested.await.unwrap_or_default();
        let stored = result?;
        if stored == total && self.digest.chunks == source.chunks() {
            Ok(self.digest.hasher.clone().finalize().into())
        } else {
            Err(link.lost("the upload ended early".into()))
        }
    }

    /// Streams the produced chunks past `stored`; returns what the relay then holds.
    async fn stream(
        &self,
        link: &RelayLink,
        source: &Source,
        stored: u64,
        chunks: &mut mpsc::Receiver<ProducedChunk>,
        progress: &dyn TransferProgress,
    ) -> Result<u64> {
        let (mut send, mut recv) = link.open_stream().await?;
        let head = Request::UploadBlob {
            blob: self.blob,
            upload_token: self.upload_token,
            offset: stored,
        };
        let sent = async {
            send.write_all(&frame::encode(&head.encode()))
                .await
                .map_err(|e| link.lost(e))?;
            while let Some(item) = chunks.recv().await {
                let (i, ct) = item.map_err(|e| match source {
                    Source::Plain { path, .. } | Source::Sealed { path, .. } => file_error(path, e),
                })?;
                let at = Sealer::sealed_offset(i);
                let end = at + ct.len() as u64;
                if end > stored {
                    let from = stored.saturating_sub(at) as usize;
                    let n = ct.len() - from;
                    // Whole chunks go to quinn without a copy.
                    let piece = bytes::Bytes::from(ct).slice(from..);
                    tokio::time::timeout(STALL, send.write_chunk(piece))
                        .await
                        .map_err(|_| link.lost("the upload stalled".into()))?
                        .map_err(|e| link.lost(e))?;
                    progress.advance(n as u64);
                }
            }
            send.finish();
            Ok(())
        }
        .await;
        if sent.is_err() {
            // Tell the relay the stream ends here (a local read error, say), so it answers
            // at once with what it kept rather than waiting for more bytes.
            send.reset();
        }
        // The relay answers even when it refused part way (it stops reading first).
        let answer = tokio::time::timeout(STALL, link.read_response(&mut recv))
            .await
            .map_err(|_| link.lost("the relay did not answer".into()));
        match (sent, answer) {
            // A local failure (the file) says more than the relay's answer to our reset.
            (Err(e), _) if !matches!(e, ClientError::Unreachable { .. }) => Err(e),
            // Writing failed because the relay stopped reading: its answer says why.
            (_, Ok(Ok(Response::Error { code, .. }))) => Err(ClientError::Relay(code)),
            (Err(e), _) => Err(e),
            (Ok(()), Ok(Ok(Response::BlobProgress { stored, .. }))) => Ok(stored),
            (Ok(()), Ok(Ok(_))) => Err(ClientError::UnexpectedResponse),
            (Ok(()), Ok(Err(e)) | Err(e)) => Err(e),
        }
    }
}

/// Reserves a blob for `total` ciphertext bytes readable by the holders of `reader_hashes`,
/// paid by `tokens` (see `amicus_protocol::tokens::blob_cost`).
pub async fn create_blob(
    link: &RelayLink,
    total: u64,
    upload_token: &[u8; 32],
    reader_hashes: Vec<[u8; 32]>,
    tokens: Vec<amicus_protocol::tokens::SpendToken>,
) -> Result<(BlobId, u64)> {
    match link
        .call_ok(&Request::CreateBlobPaid {
            tokens,
            size: total,
            upload_hash: Sha256::digest(upload_token).into(),
            reader_hashes,
        })
        .await?
    {
        Response::BlobCreated { blob, expires_at } => Ok((blob, expires_at)),
        _ => Err(ClientError::UnexpectedResponse),
    }
}

/// Syncs a partial download and returns its durable length (creating it if needed).
fn durable_part(path: &Path, total: u64) -> Result<(File, u64)> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| file_error(path, e))?;
    file.sync_all().map_err(|e| file_error(path, e))?;
    let mut len = file.metadata().map_err(|e| file_error(path, e))?.len();
    if len > total {
        // Not ours to keep: start over rather than trust it.
        file.set_len(0).map_err(|e| file_error(path, e))?;
        len = 0;
    }
    Ok((file, len))
}

/// Asks the relay for blob `blob` (of `total` bytes) from `offset` on; returns the stream
/// its bytes then follow on.
pub async fn request_blob(
    link: &RelayLink,
    blob: BlobId,
    reader_token: [u8; 32],
    offset: u64,
    total: u64,
) -> Result<crate::net::stream::Incoming> {
    let (mut send, mut recv) = link.open_stream().await?;
    let head = Request::DownloadBlob {
        blob,
        reader_token,
        offset,
    };
    send.write_all(&frame::encode(&head.encode()))
        .await
        .map_err(|e| link.lost(e))?;
    send.finish();
    match tokio::time::timeout(STALL, link.read_response(&mut recv))
        .await
        .map_err(|_| link.lost("the relay did not answer".into()))??
    {
        Response::BlobFollows { size } if size == total => Ok(recv),
        Response::BlobFollows { .. } => Err(ClientError::Relay(ErrorCode::BlobOffset)),
        Response::Error { code, .. } => Err(ClientError::Relay(code)),
        _ => Err(ClientError::UnexpectedResponse),
    }
}

/// One download attempt into the partial file `part`: continues from what it holds.
/// Returns once the file holds all `total` bytes durably.
pub async fn download_attempt(
    link: &RelayLink,
    blob: BlobId,
    reader_token: [u8; 32],
    total: u64,
    part: &Path,
    progress: &dyn TransferProgress,
) -> Result<()> {
    let (file, held) = durable_part(part, total)?;
    progress.resumed(held);
    if held == total {
        return Ok(());
    }
    let mut recv = request_blob(link, blob, reader_token, held, total).await?;
    let path = part.to_path_buf();
    let file = std::sync::Arc::new(file);
    let mut appender =
        tokio::task::spawn_blocking(move || BlobAppender::open(&path, file, held, None))
            .await
            .map_err(|e| file_error(part, e))?
            .map_err(|e| file_error(part, e))?;
    let mut have = held;
    let mut since_sync = 0u64;
    // Many pieces per wake-up and one stall timer (see the relay's upload loop).
    let mut pieces: [bytes::Bytes; 32] = Default::default();
    let mut watchdog = amicus_io::Watchdog::new();
    let stall = tokio::time::sleep(STALL);
    tokio::pin!(stall);
    let result = loop {
        let next = tokio::select! {
            next = recv.read_chunks(&mut pieces) => next,
            _ = &mut stall => break Err(link.lost("the download stalled".into())),
        };
        match next {
            Ok(Some(k)) => {
                let n: u64 = pieces[..k].iter().map(|p| p.len() as u64).sum();
                if have + n > total {
                    break Err(ClientError::Relay(ErrorCode::BlobSizeExceeded));
                }
                let mut appended = Ok(());
                for piece in &pieces[..k] {
                    appended = appender.append(piece).await;
                    if appended.is_err() {
                        break;
                    }
                }
                if let Err(e) = appended {
                    break Err(file_error(part, e));
                }
                have += n;
                since_sync += n;
                progress.advance(n);
                watchdog.progress(stall.as_mut());
                if since_sync >= DOWNLOAD_SYNC_EVERY {
                    since_sync = 0;
                    if let Err(e) = appender.sync().await {
                        break Err(file_error(part, e));
                    }
                }
            }
            Ok(None) => break Ok(()),
            Err(e) => break Err(link.lost(e)),
        }
    };
    // Whatever arrived is kept (it is the blob's prefix): the next attempt continues after it.
    appender.sync().await.map_err(|e| file_error(part, e))?;
    result?;
    if have != total {
        return Err(link.lost("the download ended early".into()));
    }
    Ok(())
}

/// SHA-256 of a file, read in large pieces.
pub fn digest_of(path: &Path) -> Result<[u8; 32]> {
    use std::io::Read as _;
    let mut file = File::open(path).map_err(|e| file_error(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1024 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| file_error(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}

/// A sealed attachment file opened chunk by chunk, for a front end that streams the file
/// to the person (a browser download) instead of writing it anywhere: each chunk is
/// authenticated before its bytes are given out, and a damaged chunk ends the stream with
/// an error.
pub struct OpenedAttachment {
    file: File,
    sealer: Sealer,
    total: u64,
    next: u64,
    name: String,
}

impl OpenedAttachment {
    /// Opens `sealed` (an attachment of `size` plaintext bytes under `key`).
    pub fn new(sealed: &Path, key: &AttachmentKey, size: u64, name: String) -> Result<Self> {
        let file = open_unchanged(sealed, sealed_len(size))?;
        Ok(OpenedAttachment {
            file,
            sealer: Sealer::new(key, size),
            total: sealed_len(size),
            next: 0,
            name,
        })
    }
}

impl Iterator for OpenedAttachment {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.sealer.chunks() {
            return None;
        }
        let i = self.next;
        self.next += 1;
        let at = Sealer::sealed_offset(i);
        let n = (self.total - at).min(SEALED_CHUNK_LEN as u64) as usize;
        let mut buf = vec![0u8; n];
        if let Err(e) = self.file.read_exact_at(&mut buf, at) {
            self.next = u64::MAX;
            return Some(Err(file_error(Path::new(&self.name), e)));
        }
        if self.sealer.open(i, &mut buf).is_err() {
            self.next = u64::MAX;
            return Some(Err(ClientError::AttachmentDamaged(self.name.clone())));
        }
        Some(Ok(buf))
    }
}

/// Opens a sealed attachment file into `out`: every chunk is authenticated, padding is
/// dropped, and `out` appears (by rename) only when all of it opened.
pub fn open_sealed(
    sealed: &Path,
    key: &AttachmentKey,
    size: u64,
    out: &Path,
    progress: &dyn TransferProgress,
) -> Result<()> {
    let file = open_unchanged(sealed, sealed_len(size))?;
    let label = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    progress.opening(&label, size);
    let sealer = Sealer::new(key, size);
    let tmp = out.with_extension("amicus-partial");
    let result = (|| {
        let mut w = std::io::BufWriter::with_capacity(
            1024 * 1024,
            File::create(&tmp).map_err(|e| file_error(&tmp, e))?,
        );
        let total = sealed_len(size);
        for i in 0..sealer.chunks() {
            let at = Sealer::sealed_offset(i);
            let n = (total - at).min(SEALED_CHUNK_LEN as u64) as usize;
            let mut buf = vec![0u8; n];
            file.read_exact_at(&mut buf, at)
                .map_err(|e| file_error(sealed, e))?;
            sealer
                .open(i, &mut buf)
                .map_err(|_| ClientError::AttachmentDamaged(out.display().to_string()))?;
            w.write_all(&buf).map_err(|e| file_error(&tmp, e))?;
            progress.advance(buf.len() as u64);
        }
        w.flush().map_err(|e| file_error(&tmp, e))?;
        w.get_ref().sync_all().map_err(|e| file_error(&tmp, e))?;
        std::fs::rename(&tmp, out).map_err(|e| file_error(out, e))?;
        progress.finish();
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
