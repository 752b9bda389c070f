//! Baselines measured on this machine in this run: what the disk, sled and bare quinn can do
//! on their own, so the relay's figures can be read as ratios.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;

use std::time::Instant;

use amicus_client::internal::RelayLink;
use amicus_io::sync_sled;
use amicus_protocol::{Response, frame};
use amicus_relay::RelayConfig;
use amicus_relay::keys::RelayKeys;
use rand::RngCore as _;

use crate::stats::{Samples, rate};

/// 4 KiB appends, each followed by fdatasync, in `dir`.
pub(crate) fn fdatasync_rate(dir: &Path, n: u64) -> (f64, Samples) {
    let path = dir.join("fdatasync.bin");
    let mut f = std::fs::File::create(&path).expect("create");
    let block = [7u8; 4096];
    let mut samples = Samples::default();
    let start = Instant::now();
    for _ in 0..n {
        let one = Instant::now();
        f.write_all(&block).expect("write");
        f.sync_data().expect("fdatasync");
        samples.push(one.elapsed());
    }
    let r = rate(n, start.elapsed());
    let _ = std::fs::remove_file(path);
    (r, samples)
}

/// 1 KiB sled inserts made durable the way the relay does it (flush + fsync), `per_sync`
/// inserts per durable point. Returns inserts per second.
pub(crate) fn sled_durable_rate(dir: &Path, n: u64, per_sync: u64) -> f64 {
    let path = dir.join(format!("sled-{per_sync}"));
    let db = sled::Config::new()
        .path(&path)
        .segment_size(8 * 1024 * 1024)
        .open()
        .expect("sled");
    let mut synced = HashSet::new();
    let mut value = vec![0u8; 1024];
    rand::rng().fill_bytes(&mut value);
    let start = Instant::now();
    for i in 0..n {
        db.insert(i.to_be_bytes(), value.as_slice())
            .expect("insert");
        if (i + 1) % per_sync == 0 {
            sync_sled(&db, &path, &mut synced).expect("sync");
        }
    }
    let r = rate(n, start.elapsed());
    drop(db);
    let _ = std::fs::remove_dir_all(path);
    r
}

/// Disk bytes per stored byte of raw sled holding `n` records shaped as the relay's queue
/// holds envelopes (`q | 32-byte index | seq` keys spread over 64 mailboxes, 24 bytes of
/// header before each `len`-byte payload), inserted in arrival order with a durable point
/// every 64 inserts. The floor for any layout that keeps payloads inside sled's tree.
pub(crate) fn sled_space(dir: &Path, n: u64, len: usize) -> f64 {
    use rand::Rng as _;
    let path = dir.join("sled-space");
    let db = sled::Config::new()
        .path(&path)
        .segment_size(8 * 1024 * 1024)
        // The relay's default cache, not sled's 1 GiB.
        .cache_capacity(64 * 1024 * 1024)
        .open()
        .expect("sled");
    let tree = db.open_tree("mailboxes").expect("tree");
    let mut synced = HashSet::new();
    let mut rng = rand::rng();
    let mut value = vec![0u8; 24 + len];
    for seq in 0..n {
        rng.fill_bytes(&mut value);
        let mut key = vec![b'q'];
        key.extend_from_slice(&[rng.random_range(0..64u8); 32]);
        key.extend_from_slice(&seq.to_be_bytes());
        tree.insert(key, value.as_slice()).expect("insert");
        if (seq + 1) % 64 == 0 {
            sync_sled(&db, &path, &mut synced).expect("sync");
        }
    }
    sync_sled(&db, &path, &mut synced).expect("sync");
    drop(tree);
    drop(db);
    let on_disk = crate::dir_size(&path);
    let _ = std::fs::remove_dir_all(path);
    on_disk as f64 / (n * len as u64) as f64
}

/// A bare quinn server with the relay's exact TLS and transport configuration, that answers
/// every request frame with a fixed small response and counts bulk bytes. It is what the
/// relay would be with no work to do.
pub(crate) struct BareQuinn {
    pub addr: std::net::SocketAddr,
    pub pin: amicus_protocol::RelayPin,
    endpoint: quinn::Endpoint,
}

impl BareQuinn {
    pub(crate) async fn start(dir: &Path) -> Self {
        let keys = RelayKeys::load_or_create(dir).expect("keys");
        let mut config = RelayConfig::new(dir, "127.0.0.1:0".parse().expect("addr"));
        // The receive window a relay connection has while it uploads an attachment (the
        // relay widens it from its pool once the capability is checked): bulk baselines
        // compare like with like.
        config.connection_window_bytes = amicus_io::TRANSFER_WINDOW;
        let server = amicus_relay::transport::server_config(&keys, &config).expect("config");
        let endpoint = quinn::Endpoint::server(server, config.listen).expect("bind");
        let addr = endpoint.local_addr().expect("addr");
        let accept = endpoint.clone();
        let sink_path = dir.join("durable-sink.bin");
        tokio::spawn(async move {
            while let Some(incoming) = accept.accept().await {
                let sink_path = sink_path.clone();
                tokio::spawn(async move {
                    let Ok(conn) = incoming.await else { return };
                    while let Ok((mut send, mut recv)) = conn.accept_bi().await {
                        let sink_path = sink_path.clone();
                        tokio::spawn(async move {
                            // Read everything (a frame, or a bulk upload), then answer.
                            let mut total = 0u64;
                            let mut head = Vec::new();
                            // A durable upload: the bytes after the marker go to a file,
                            // synced before the answer, as the relay's blobs are.
                            let mut marker = [0u8; 8];
                            if recv.read_exact(&mut marker).await.is_err() {
                                return;
                            }
                            if &marker == DURABLE {
                                let file = std::fs::File::create(&sink_path).expect("sink");
                                let mut at = 0u64;
                                while let Ok(Some(chunk)) = recv.read_chunk(1 << 20, true).await {
                                    use std::os::unix::fs::FileExt as _;
                                    file.write_all_at(&chunk.bytes, at).expect("write");
                                    at += chunk.bytes.len() as u64;
                                }
                                file.sync_all().expect("sync");
                            }
                            head.extend_from_slice(&marker);
                            total += 8;
                            while let Ok(Some(chunk)) = recv.read_chunk(1 << 20, true).await {
                                total += chunk.bytes.len() as u64;
                                if head.len() < 16 {
                                    head.extend_from_slice(&chunk.bytes);
                                }
                            }
                            // A bulk download request: send that many bytes.
                            if total == 16 && head.starts_with(DOWNLOAD) {
                                let mut n = [0u8; 8];
                                n.copy_from_slice(&head[8..16]);
                                let mut left = u64::from_be_bytes(n);
                                let chunk = vec![0x5au8; 256 * 1024];
                                while left > 0 {
                                    let k = left.min(chunk.len() as u64) as usize;
                                    if send.write_all(&chunk[..k]).await.is_err() {
                                        return;
                                    }
                                    left -= k as u64;
                                }
                                let _ = send.finish();
                                let _ = send.stopped().await;
                                return;
                            }
                            let reply = frame::encode(&Response::PrekeysStored.encode());
                            let _ = send.write_all(&reply).await;
                            let _ = send.finish();
                            let _ = send.stopped().await;
                        });
                    }
                });
            }
        });
        BareQuinn {
            addr,
            pin: keys.pin,
            endpoint,
        }
    }

    pub(crate) fn close(&self) {
        self.endpoint.close(0u32.into(), b"done");
    }
}

/// A fresh QUIC stream on a bare-server link.
async fn quic_stream(link: &RelayLink) -> (quinn::SendStream, quinn::RecvStream) {
    link.connection()
        .expect("a QUIC link")
        .open_bi()
        .await
        .expect("stream")
}

/// Uploads `bytes` on one stream and waits for the server's answer; returns MB/s.
pub(crate) async fn bulk_upload(link: &RelayLink, bytes: u64) -> f64 {
    let (mut send, mut recv) = quic_stream(link).await;
    let chunk = vec![0x5au8; 256 * 1024];
    let start = Instant::now();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        send.write_all(&chunk[..n]).await.expect("write");
        left -= n as u64;
    }
    send.finish().expect("finish");
    let _ = recv.read_to_end(1 << 16).await;
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}

/// Marks a bulk download request to the bare server.
const DOWNLOAD: &[u8; 8] = b"DOWNLOAD";
/// Marks a bulk upload the bare server writes to a file and syncs.
const DURABLE: &[u8; 8] = b"DURABLE!";

/// Uploads `bytes` that the bare server writes to a file and syncs before answering: the
/// network and the disk, without the relay. Returns MB/s.
pub(crate) async fn bulk_upload_durable(link: &RelayLink, bytes: u64) -> f64 {
    let (mut send, mut recv) = quic_stream(link).await;
    let chunk = vec![0x5au8; 256 * 1024];
    let start = Instant::now();
    send.write_all(DURABLE).await.expect("write");
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        send.write_all(&chunk[..n]).await.expect("write");
        left -= n as u64;
    }
    send.finish().expect("finish");
    let _ = recv.read_to_end(1 << 16).await;
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}

/// Downloads `bytes` into a file at `path`, synced at the end. Returns MB/s.
pub(crate) async fn bulk_download_durable(link: &RelayLink, bytes: u64, path: &Path) -> f64 {
    use std::os::unix::fs::FileExt as _;
    let (mut send, mut recv) = quic_stream(link).await;
    let start = Instant::now();
    send.write_all(&[&DOWNLOAD[..], &bytes.to_be_bytes()].concat())
        .await
        .expect("write");
    send.finish().expect("finish");
    let file = std::fs::File::create(path).expect("file");
    let mut got = 0u64;
    while let Ok(Some(chunk)) = recv.read_chunk(1 << 20, true).await {
        file.write_all_at(&chunk.bytes, got).expect("write");
        got += chunk.bytes.len() as u64;
    }
    file.sync_all().expect("sync");
    assert_eq!(got, bytes, "bare download short");
    let r = bytes as f64 / 1e6 / start.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(path);
    r
}

/// Downloads `bytes` on one stream; returns MB/s.
pub(crate) async fn bulk_download(link: &RelayLink, bytes: u64) -> f64 {
    let (mut send, mut recv) = quic_stream(link).await;
    let start = Instant::now();
    send.write_all(&[&DOWNLOAD[..], &bytes.to_be_bytes()].concat())
        .await
        .expect("write");
    send.finish().expect("finish");
    let mut got = 0u64;
    while let Ok(Some(chunk)) = recv.read_chunk(1 << 20, true).await {
        got += chunk.bytes.len() as u64;
    }
    assert_eq!(got, bytes, "bare download short");
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}

/// `n` request/response exchanges of a `size`-byte request frame, each on a fresh stream.
pub(crate) async fn request_response(link: &RelayLink, n: usize, size: usize) -> Samples {
    let mut body = vec![amicus_protocol::PROTOCOL_VERSION, 1];
    body.resize(size, 0);
    let request = frame::encode(&body);
    let mut samples = Samples::default();
    for _ in 0..n {
        let start = Instant::now();
        let _ = link.raw_exchange(&request).await.expect("exchange");
        samples.push(start.elapsed());
    }
    samples
}

/// `clients` connections each making `size`-byte request/response exchanges, one at a time
/// on fresh streams, for `duration`: the ceiling any QUIC server with the relay's transport
/// configuration reaches on this machine with its clients in the same process. Returns
/// exchanges per second.
pub(crate) async fn request_rate(
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
    clients: usize,
    size: usize,
    duration: std::time::Duration,
) -> f64 {
    let endpoint = amicus_client::internal::client_endpoint(false).expect("endpoint");
    let mut body = vec![amicus_protocol::PROTOCOL_VERSION, 1];
    body.resize(size, 0);
    let request = std::sync::Arc::new(frame::encode(&body));
    let links = crate::relay_load::connect_many(&endpoint, addr, pin, clients).await;
    let r = crate::relay_load::drive(links, duration, move |link| {
        let request = request.clone();
        async move {
            link.raw_exchange(&request).await.expect("exchange");
        }
    })
    .await;
    endpoint.wait_idle().await;
    r
}

/// Sequential full handshakes per second.
pub(crate) async fn handshake_rate(
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
    n: u64,
) -> f64 {
    let endpoint = amicus_client::internal::client_endpoint(false).expect("endpoint");
    let start = Instant::now();
    for _ in 0..n {
        let link = RelayLink::connect_on(&endpoint, addr, pin)
            .await
            .expect("connect");
        link.connection()
            .expect("a QUIC link")
            .close(0u32.into(), b"");
    }
    let r = rate(n, start.elapsed());
    endpoint.wait_idle().await;
    r
}

/// Marks a bulk upload on the bare TLS server (then its length, then the bytes).
const UPLOAD: &[u8; 8] = b"UPLOAD!!";

/// The TCP route's baseline: TLS 1.3 over TCP with the relay's own TLS server configuration
/// (`server_tls`, ALPN `h2`) and nothing above it. After the handshake the client sends a
/// 16-byte head, a marker and a length: `UPLOAD!!` and that many bytes, answered by one
/// byte once all arrived; or `DOWNLOAD`, answered by that many bytes.
pub(crate) async fn start_bare_tls(dir: &Path) -> std::net::SocketAddr {
    let keys = RelayKeys::load_or_create(dir).expect("keys");
    let tls = amicus_relay::transport::server_tls(&keys, vec![b"h2".to_vec()]).expect("tls");
    let acceptor = tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(tls));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
                let _ = tcp.set_nodelay(true);
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = [0u8; 16];
                if tls.read_exact(&mut head).await.is_err() {
                    return;
                }
                let mut n = [0u8; 8];
                n.copy_from_slice(&head[8..]);
                let mut left = u64::from_be_bytes(n);
                let mut chunk = vec![0x5au8; 256 * 1024];
                if &head[..8] == DOWNLOAD {
                    while left > 0 {
                        let k = left.min(chunk.len() as u64) as usize;
                        if tls.write_all(&chunk[..k]).await.is_err() {
                            return;
                        }
                        left -= k as u64;
                    }
                } else if &head[..8] == UPLOAD {
                    while left > 0 {
                        match tls.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(k) => left = left.saturating_sub(k as u64),
                        }
                    }
                    let _ = tls.write_all(&[1]).await;
                }
                let _ = tls.shutdown().await;
            });
        }
    });
    addr
}

/// A TLS connection to the bare TLS server with the TCP route's client configuration.
async fn bare_tls(
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
) -> tokio_rustls::client::TlsStream<tokio::net::TcpStream> {
    let tls = amicus_client::internal::tcp_route_tls(pin).expect("tls");
    let tcp = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let _ = tcp.set_nodelay(true);
    let name = rustls::pki_types::ServerName::IpAddress(addr.ip().into());
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(tls))
        .connect(name, tcp)
        .await
        .expect("handshake")
}

/// Uploads `bytes` over bare TLS and waits for the server's answer; returns MB/s.
pub(crate) async fn tls_bulk_upload(
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
    bytes: u64,
) -> f64 {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut tls = bare_tls(addr, pin).await;
    let chunk = vec![0x5au8; 256 * 1024];
    let start = Instant::now();
    tls.write_all(&[&UPLOAD[..], &bytes.to_be_bytes()].concat())
        .await
        .expect("write");
    let mut left = bytes;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        tls.write_all(&chunk[..n]).await.expect("write");
        left -= n as u64;
    }
    tls.flush().await.expect("flush");
    let mut done = [0u8; 1];
    tls.read_exact(&mut done).await.expect("answer");
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}

/// Downloads `bytes` over bare TLS, keeping nothing; returns MB/s.
pub(crate) async fn tls_bulk_download(
    addr: std::net::SocketAddr,
    pin: amicus_protocol::RelayPin,
    bytes: u64,
) -> f64 {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut tls = bare_tls(addr, pin).await;
    let start = Instant::now();
    tls.write_all(&[&DOWNLOAD[..], &bytes.to_be_bytes()].concat())
        .await
        .expect("write");
    tls.flush().await.expect("flush");
    let mut chunk = vec![0u8; 1 << 20];
    let mut got = 0u64;
    while got < bytes {
        match tls.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(k) => got += k as u64,
        }
    }
    assert_eq!(got, bytes, "bare TLS download short");
    bytes as f64 / 1e6 / start.elapsed().as_secs_f64()
}
