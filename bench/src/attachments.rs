//! Attachment transfer, side by side in one run: bare quinn bulk transfer both ways (the
//! relay's own TLS and transport configuration, a server in its own process) against the
//! relay's upload and download goodput (relay in its own process, so its memory and disk
//! writes are its own), with the relay's memory sampled during the transfers and its bytes
//! written to disk per attachment byte. Like with like: bare quinn's sender sends from
//! memory and its download client keeps nothing, so the sender's files are read into the
//! page cache first and the download target is the relay serving a client that keeps
//! nothing; the durable end-to-end download is measured beside it, and the disk's own
//! durable write rate bounds every durable figure (client and relay share one disk here).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use amicus_client::internal::RelayLink;
use amicus_client::internal::transfer::{self, Quiet, Source, Upload};
use amicus_core::attachment::{AttachmentKey, sealed_len};
use amicus_protocol::BlobId;
use rand::RngCore as _;
use sha2::Digest as _;

use crate::memory::{Server, rss};

/// What one run measured.
pub(crate) struct Figures {
    pub bytes: u64,
    pub quinn_up: f64,
    pub quinn_down: f64,
    /// Bare quinn with the receiver writing the bytes to a file and syncing it.
    pub quinn_up_durable: f64,
    pub quinn_down_durable: f64,
    /// CPU seconds of the receiving process: bare upload (server), relay upload (relay),
    /// bare download (client), relay download (client).
    pub receiver_cpu: [f64; 4],
    /// Ciphertext from a sealed file: the relay path alone.
    pub relay_up: f64,
    /// From the plaintext file, sealed on the fly: what a user sees.
    pub relay_up_sealing: f64,
    /// Relay to a client that writes the file durably (end to end, one disk for both).
    pub relay_down: f64,
    /// Relay to a client that checks the length and keeps nothing: what the relay serves.
    pub relay_serving: f64,
    /// This disk alone: the receivers' own writer (`BlobAppender`, direct I/O) storing the
    /// same number of bytes from memory, synced every 64 MiB. No durable receiver can beat it.
    pub disk_ceiling: f64,
    /// Peak relay RSS growth during the transfers, bytes.
    pub relay_memory_growth: u64,
    /// Bare TLS over TCP with the TCP route's TLS configuration, both ways.
    pub tls_up: f64,
    pub tls_down: f64,
    /// The relay over its TCP route (TLS, HTTP/2): upload from the sealed file, and serving
    /// a client that keeps nothing.
    pub tcp_up: f64,
    pub tcp_serving: f64,
    /// Bytes the relay process wrote to storage per attachment (plaintext) byte, and the
    /// blob file's size per attachment byte.
    pub disk_written_per_byte: f64,
    pub disk_stored_per_byte: f64,
}

/// Bytes a process has caused to be written to storage (/proc/PID/io `write_bytes`).
fn write_bytes(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("write_bytes:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

/// Samples a process's RSS until stopped; keeps the peak.
struct PeakRss {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakRss {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss(pid)));
        let (s, p) = (stop.clone(), peak.clone());
        let task = tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        });
        PeakRss { stop, peak, task }
    }

    async fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.peak.load(Ordering::Relaxed)
    }
}

/// CPU seconds (user + system) a process has used.
fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let t = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (t(11) + t(12)) / 100.0
}

fn mb_per_s(bytes: u64, elapsed: Duration) -> f64 {
    bytes as f64 / 1e6 / elapsed.as_secs_f64()
}

/// A file of `len` random bytes (written in pieces, never held whole in memory).
fn evidence(dir: &Path, len: u64) -> PathBuf {
    use std::io::Write as _;
    let path = dir.join("evidence.bin");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
    let mut piece = vec![0u8; 1 << 20];
    let mut left = len;
    while left > 0 {
        rand::rng().fill_bytes(&mut piece);
        let n = left.min(piece.len() as u64) as usize;
        f.write_all(&piece[..n]).expect("write");
        left -= n as u64;
    }
    f.flush().expect("flush");
    path
}

/// Reads a file once (into the page cache).
fn read_through(path: &Path) {
    use std::io::Read as _;
    let mut f = std::fs::File::open(path).expect("open");
    let mut piece = vec![0u8; 1 << 20];
    while f.read(&mut piece).expect("read") > 0 {}
}

/// The disk's own durable sequential write rate through the receivers' writer, MB/s.
async fn disk_ceiling(dir: &Path, total: u64) -> f64 {
    use amicus_io::BlobAppender;
    let path = dir.join("ceiling.bin");
    let file = Arc::new(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&path)
            .expect("create"),
    );
    let mut piece = vec![0u8; 1 << 20];
    rand::rng().fill_bytes(&mut piece);
    let start = Instant::now();
    let mut appender = BlobAppender::open(&path, file, 0, None).expect("appender");
    let mut left = total;
    let mut since_sync = 0u64;
    while left > 0 {
        let n = left.min(piece.len() as u64) as usize;
        appender.append(&piece[..n]).await.expect("append");
        left -= n as u64;
        since_sync += n as u64;
        if since_sync >= 64 << 20 {
            since_sync = 0;
            appender.sync().await.expect("sync");
        }
    }
    appender.sync().await.expect("sync");
    let rate = mb_per_s(total, start.elapsed());
    let _ = std::fs::remove_file(path);
    rate
}

/// The relay serving a blob to a client that counts the bytes and keeps none of them (as
/// the bare quinn download's client does), MB/s.
async fn relay_serving(link: &RelayLink, blob: BlobId, reader: [u8; 32], total: u64) -> f64 {
    let start = Instant::now();
    let mut recv = transfer::request_blob(link, blob, reader, 0, total)
        .await
        .expect("download");
    let mut pieces: [bytes::Bytes; 32] = Default::default();
    let mut got = 0u64;
    while let Some(k) = recv.read_chunks(&mut pieces).await.expect("read") {
        got += pieces[..k].iter().map(|p| p.len() as u64).sum::<u64>();
    }
    assert_eq!(got, total, "relay download short");
    mb_per_s(total, start.elapsed())
}

/// Declares a blob of `total` bytes for one reader, uploads `source` into it and returns
/// the blob and the upload's rate, MB/s (the declaration is not timed).
async fn timed_upload(
    link: &RelayLink,
    total: u64,
    reader_hash: [u8; 32],
    source: &Source,
) -> (BlobId, f64) {
    let mut token = [0u8; 32];
    rand::rng().fill_bytes(&mut token);
    // The benchmark's relay takes unpaid reservations (see `relay_load::relay_config`); the
    // cost of tokens is measured on its own (`tokens` rows).
    let (blob, _) = transfer::create_blob(link, total, &token, vec![reader_hash], Vec::new())
        .await
        .expect("create");
    let start = Instant::now();
    Upload::new(blob, token)
        .attempt(link, source, &Quiet)
        .await
        .expect("upload");
    (blob, mb_per_s(total, start.elapsed()))
}

pub(crate) async fn run(dir: &Path, bytes: u64) -> Figures {
    std::fs::create_dir_all(dir).expect("dir");
    let plain = evidence(dir, bytes);
    let total = sealed_len(bytes);
    let disk_ceiling = disk_ceiling(dir, total).await;

    // Bare quinn, in its own process.
    let bare = Server::spawn("--serve-bare", &dir.join("bare"));
    let link = RelayLink::connect(&bare.addr.to_string(), bare.pin)
        .await
        .expect("connect bare");
    let s0 = cpu_secs(bare.pid());
    let quinn_up = crate::baseline::bulk_upload(&link, total).await;
    let (c1, s1) = (cpu_secs(std::process::id()), cpu_secs(bare.pid()));
    let quinn_down = crate::baseline::bulk_download(&link, total).await;
    let c2 = cpu_secs(std::process::id());
    let (bare_up_receiver_cpu, bare_down_receiver_cpu) = (s1 - s0, c2 - c1);
    let quinn_up_durable = crate::baseline::bulk_upload_durable(&link, total).await;
    let quinn_down_durable =
        crate::baseline::bulk_download_durable(&link, total, &dir.join("bare-down.bin")).await;
    link.close().await;
    let tls_up = crate::baseline::tls_bulk_upload(bare.tcp, bare.pin, total).await;
    let tls_down = crate::baseline::tls_bulk_download(bare.tcp, bare.pin, total).await;
    drop(bare);

    // The relay, in its own process.
    let relay = Server::spawn("--serve-relay", &dir.join("relay"));
    let pid = relay.pid();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_before = rss(pid);
    let peak = PeakRss::start(pid);
    let link = RelayLink::connect(&relay.addr.to_string(), relay.pin)
        .await
        .expect("connect relay");
    let key = AttachmentKey::generate();
    let reader = [7u8; 32];
    let reader_hash: [u8; 32] = sha2::Sha256::digest(reader).into();

    // 1. From the plaintext file, sealed on the fly (what `amicus send --attach` does),
    // the file in the page cache (see 3).
    read_through(&plain);
    let written_before = write_bytes(pid);
    let source = Source::Plain {
        path: plain.clone(),
        len: bytes,
        key: key.clone(),
    };
    let (blob, relay_up_sealing) = timed_upload(&link, total, reader_hash, &source).await;
    let written = write_bytes(pid).saturating_sub(written_before);
    let stored: u64 = std::fs::metadata(
        dir.join("relay")
            .join("attachments")
            .join(format!("{}.blob", blob.to_hex())),
    )
    .map(|m| m.len())
    .unwrap_or(0);

    // 2. Download it.
    let sealed = dir.join("downloaded.sealed");
    let c0 = cpu_secs(std::process::id());
    let start = Instant::now();
    transfer::download_attempt(&link, blob, reader, total, &sealed, &Quiet)
        .await
        .expect("download");
    let relay_down = mb_per_s(total, start.elapsed());
    let relay_down_receiver_cpu = cpu_secs(std::process::id()) - c0;
    let relay_serving_quic = relay_serving(&link, blob, reader, total).await;

    // 3. The same ciphertext again from the sealed file: the relay path alone. Bare quinn
    // sends from memory, so the sealed file is read into the page cache first: here client
    // and relay share one disk (they never do in use), and a cold read would charge the
    // relay's upload with the sender's disk reads competing with its own writes.
    read_through(&sealed);
    let source = Source::Sealed {
        path: sealed.clone(),
        plain_len: bytes,
    };
    let s0 = cpu_secs(pid);
    let (_, relay_up) = timed_upload(&link, total, reader_hash, &source).await;
    let relay_up_receiver_cpu = cpu_secs(pid) - s0;
    link.close().await;
    let peak = peak.finish().await;

    // 4. The same over the TCP route (TLS, HTTP/2), against bare TLS over TCP.
    let tcp_link = RelayLink::connect_tcp(&relay.tcp.to_string(), &relay.path, relay.pin)
        .await
        .expect("connect the TCP route");
    let (blob3, tcp_up) = timed_upload(&tcp_link, total, reader_hash, &source).await;
    let tcp_serving = relay_serving(&tcp_link, blob3, reader, total).await;
    tcp_link.close().await;
    drop(relay);
    let _ = std::fs::remove_file(plain);
    let _ = std::fs::remove_file(sealed);
    let _ = std::fs::remove_dir_all(dir.join("relay"));
    Figures {
        bytes,
        quinn_up,
        quinn_down,
        quinn_up_durable,
        quinn_down_durable,
        receiver_cpu: [
            bare_up_receiver_cpu,
            relay_up_receiver_cpu,
            bare_down_receiver_cpu,
            relay_down_receiver_cpu,
        ],
        relay_up,
        relay_up_sealing,
        relay_down,
        relay_serving: relay_serving_quic,
        disk_ceiling,
        relay_memory_growth: peak.saturating_sub(rss_before),
        tls_up,
        tls_down,
        tcp_up,
        tcp_serving,
        disk_written_per_byte: written as f64 / bytes as f64,
        disk_stored_per_byte: stored as f64 / bytes as f64,
    }
}

/// Why blobs are files: the same ciphertext written durably into sled (1 MiB values, a
/// durable sync every 4 MiB, as an upload would) and into a file (fsync every 4 MiB).
/// Returns (MB/s, bytes written to storage per byte) for the file, then for sled.
pub(crate) fn storage_choice(dir: &Path, bytes: u64) -> ((f64, f64), (f64, f64)) {
    use std::io::Write as _;
    let mut piece = vec![0u8; 1 << 20];
    rand::rng().fill_bytes(&mut piece);
    let pieces = bytes.div_ceil(piece.len() as u64);
    let me = std::process::id();

    let path = dir.join("choice.blob");
    let before = write_bytes(me);
    let start = Instant::now();
    let mut f = std::fs::File::create(&path).expect("create");
    for i in 0..pieces {
        f.write_all(&piece).expect("write");
        if (i + 1) % 4 == 0 {
            f.sync_data().expect("sync");
        }
    }
    f.sync_all().expect("sync");
    let file = (
        mb_per_s(pieces << 20, start.elapsed()),
        write_bytes(me).saturating_sub(before) as f64 / (pieces << 20) as f64,
    );
    drop(f);
    let _ = std::fs::remove_file(path);

    let path = dir.join("choice-sled");
    let db = sled::Config::new()
        .path(&path)
        .segment_size(8 * 1024 * 1024)
        .open()
        .expect("sled");
    let mut synced = std::collections::HashSet::new();
    let before = write_bytes(me);
    let start = Instant::now();
    for i in 0..pieces {
        db.insert(i.to_be_bytes(), piece.as_slice())
            .expect("insert");
        if (i + 1) % 4 == 0 {
            amicus_io::sync_sled(&db, &path, &mut synced).expect("sync");
        }
    }
    amicus_io::sync_sled(&db, &path, &mut synced).expect("sync");
    let sled_figures = (
        mb_per_s(pieces << 20, start.elapsed()),
        write_bytes(me).saturating_sub(before) as f64 / (pieces << 20) as f64,
    );
    drop(db);
    let _ = std::fs::remove_dir_all(path);
    (file, sled_figures)
}
