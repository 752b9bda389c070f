//! Memory of a relay process (not this one): per idle authenticated connection, compared with
//! a bare quinn server using the same configuration, and the worst case of clients that send
//! without ever finishing their requests.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use amicus_client::internal::{RelayLink, client_endpoint};
use amicus_protocol::RelayPin;
use libsignal_protocol::KeyPair;

/// Resident memory of a process, in bytes.
pub(crate) fn rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        * 1024
}

/// This benchmark binary in a server role (`--serve-relay` or `--serve-bare`), in its own
/// process so that its memory can be read alone.
pub(crate) struct Server {
    child: Child,
    pub addr: std::net::SocketAddr,
    pub pin: RelayPin,
    /// The relay's TCP route and secret path, or the bare server's TLS-over-TCP address.
    pub tcp: std::net::SocketAddr,
    pub path: String,
}

impl Server {
    pub(crate) fn spawn(role: &str, dir: &Path) -> Server {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .arg(role)
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("server line");
        let mut parts = line.split_whitespace();
        let addr = parts.next().expect("addr").parse().expect("addr");
        let pin = RelayPin::from_hex(parts.next().expect("pin")).expect("pin");
        let tcp = parts.next().expect("tcp").parse().expect("tcp");
        let path = parts.next().unwrap_or_default().to_string();
        Server {
            child,
            addr,
            pin,
            tcp,
            path,
        }
    }

    pub(crate) fn rss(&self) -> u64 {
        rss(self.child.id())
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing stdin asks the server to stop.
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Opens `n` connections (authenticated if `authenticate`) and returns the server's memory
/// growth per connection, in bytes, with the links kept open until then.
pub(crate) async fn per_connection(server: &Server, n: usize, authenticate: bool) -> f64 {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = server.rss();
    let endpoint = client_endpoint(false).expect("endpoint");
    let mut links = Vec::with_capacity(n);
    for _ in 0..n {
        let link = RelayLink::connect_on(&endpoint, server.addr, server.pin)
            .await
            .expect("connect");
        if authenticate {
            link.authenticate(&KeyPair::generate(&mut rand::rng()))
                .await
                .expect("auth");
        }
        links.push(link);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = server.rss();
    for link in &links {
        link.connection()
            .expect("a QUIC link")
            .close(0u32.into(), b"");
    }
    endpoint.wait_idle().await;
    (after.saturating_sub(before)) as f64 / n as f64
}

/// `conns` connections each opening 16 streams that announce a maximal frame and push data
/// without ever finishing or reading. Returns the server's memory growth per connection.
pub(crate) async fn senders_that_never_read(server: &Server, conns: usize) -> f64 {
    let before = server.rss();
    let endpoint = client_endpoint(false).expect("endpoint");
    let mut links = Vec::new();
    let mut writers = Vec::new();
    for _ in 0..conns {
        let link = RelayLink::connect_on(&endpoint, server.addr, server.pin)
            .await
            .expect("connect");
        for _ in 0..16 {
            let Ok((mut send, _recv)) = link.connection().expect("a QUIC link").open_bi().await
            else {
                break;
            };
            writers.push(tokio::spawn(async move {
                let header = (amicus_protocol::limits::MAX_FRAME_LEN as u32).to_be_bytes();
                let _ = send.write_all(&header).await;
                let chunk = vec![1u8; 64 * 1024];
                // Blocks once flow control is exhausted: that is the point.
                for _ in 0..64 {
                    if send.write_all(&chunk).await.is_err() {
                        break;
                    }
                }
                std::future::pending::<()>().await;
            }));
        }
        links.push(link);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = server.rss();
    for w in &writers {
        w.abort();
    }
    for link in &links {
        link.connection()
            .expect("a QUIC link")
            .close(0u32.into(), b"");
    }
    endpoint.wait_idle().await;
    (after.saturating_sub(before)) as f64 / conns as f64
}
