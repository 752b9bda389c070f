//! Operator metrics that reveal nothing about users: counters, latencies, queue depths and
//! disk use, never a mailbox, key or envelope id. Served in Prometheus text format on a
//! loopback-only address, with a `/health` check (see [`serve`]).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::error::RelayError;
use crate::store::StoreStats;

/// What the metrics endpoint asks of the relay: its store's figures and its data directory.
/// The service implements it; the endpoint knows nothing else about the service.
pub trait Health: Send + Sync + 'static {
    /// The store's counts, or why it cannot give them (then `/health` answers 503).
    fn store_stats(&self) -> Result<StoreStats, RelayError>;
    /// The relay's data directory, whose size is reported.
    fn data_dir(&self) -> &Path;
    /// The relay's counters.
    fn metrics(&self) -> &Metrics;
}

/// Upper bounds (seconds) of the durable-sync latency histogram.
const SYNC_BUCKETS: [f64; 8] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25, 1.0];

#[derive(Default)]
pub struct Metrics {
    pub connections_open: AtomicI64,
    pub connections_accepted: AtomicU64,
    pub connections_refused: AtomicU64,
    pub envelopes_stored: AtomicU64,
    pub envelopes_refused: AtomicU64,
    pub envelopes_fetched: AtomicU64,
    pub envelopes_acked: AtomicU64,
    pub envelopes_expired: AtomicU64,
    pub auth_succeeded: AtomicU64,
    pub auth_failed: AtomicU64,
    pub rate_limited: AtomicU64,
    pub malformed_requests: AtomicU64,
    pub storage_failures: AtomicU64,
    pub blobs_created: AtomicU64,
    pub tokens_issued: AtomicU64,
    pub blobs_completed: AtomicU64,
    pub blobs_deleted: AtomicU64,
    pub blob_bytes_stored: AtomicU64,
    pub blob_downloads: AtomicU64,
    sync_count: AtomicU64,
    sync_micros: AtomicU64,
    sync_buckets: [AtomicU64; SYNC_BUCKETS.len()],
}

impl Metrics {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn observe_sync(&self, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        self.sync_count.fetch_add(1, Ordering::Relaxed);
        self.sync_micros.fetch_add(
            u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        for (bound, bucket) in SYNC_BUCKETS.iter().zip(&self.sync_buckets) {
            if secs <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, health: &dyn Health) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"
            ));
        };
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed).to_string();
        metric(
            "amicus_connections_open",
            "gauge",
            "Open client connections.",
            self.connections_open.load(Ordering::Relaxed).to_string(),
        );
        for (name, help, counter) in [
            (
                "amicus_connections_accepted_total",
                "Connections accepted.",
                &self.connections_accepted,
            ),
            (
                "amicus_connections_refused_total",
                "Connections refused at the limit.",
                &self.connections_refused,
            ),
            (
                "amicus_envelopes_stored_total",
                "Envelopes durably stored.",
                &self.envelopes_stored,
            ),
            (
                "amicus_envelopes_refused_total",
                "Envelopes refused (quota, size, unknown mailbox, storage).",
                &self.envelopes_refused,
            ),
            (
                "amicus_envelopes_fetched_total",
                "Envelopes handed to their owners.",
                &self.envelopes_fetched,
            ),
            (
                "amicus_envelopes_acked_total",
                "Envelopes deleted on acknowledgement.",
                &self.envelopes_acked,
            ),
            (
                "amicus_envelopes_expired_total",
                "Envelopes deleted at expiry.",
                &self.envelopes_expired,
            ),
            (
                "amicus_auth_succeeded_total",
                "Successful mailbox authentications.",
                &self.auth_succeeded,
            ),
            (
                "amicus_auth_failed_total",
                "Failed mailbox authentications.",
                &self.auth_failed,
            ),
            (
                "amicus_rate_limited_total",
                "Requests refused by rate limits.",
                &self.rate_limited,
            ),
            (
                "amicus_malformed_requests_total",
                "Requests that could not be decoded.",
                &self.malformed_requests,
            ),
            (
                "amicus_storage_failures_total",
                "Durable writes that failed.",
                &self.storage_failures,
            ),
            (
                "amicus_tokens_issued_total",
                "Sending tokens blindly signed.",
                &self.tokens_issued,
            ),
            (
                "amicus_blobs_created_total",
                "Attachment blobs declared.",
                &self.blobs_created,
            ),
            (
                "amicus_blobs_completed_total",
                "Attachment uploads finished.",
                &self.blobs_completed,
            ),
            (
                "amicus_blobs_deleted_total",
                "Attachment blobs deleted after every reader fetched them.",
                &self.blobs_deleted,
            ),
            (
                "amicus_blob_bytes_stored_total",
                "Attachment ciphertext bytes written.",
                &self.blob_bytes_stored,
            ),
            (
                "amicus_blob_downloads_total",
                "Attachment downloads started.",
                &self.blob_downloads,
            ),
        ] {
            metric(name, "counter", help, get(counter));
        }
        out.push_str(
            "# HELP amicus_durable_sync_seconds Time to make writes durable (flush + fsync).\n",
        );
        out.push_str("# TYPE amicus_durable_sync_seconds histogram\n");
        for (bound, bucket) in SYNC_BUCKETS.iter().zip(&self.sync_buckets) {
            out.push_str(&format!(
                "amicus_durable_sync_seconds_bucket{{le=\"{bound}\"}} {}\n",
                get(bucket)
            ));
        }
        let count = get(&self.sync_count);
        out.push_str(&format!(
            "amicus_durable_sync_seconds_bucket{{le=\"+Inf\"}} {count}\n"
        ));
        out.push_str(&format!(
            "amicus_durable_sync_seconds_sum {}\n",
            self.sync_micros.load(Ordering::Relaxed) as f64 / 1e6
        ));
        out.push_str(&format!("amicus_durable_sync_seconds_count {count}\n"));
        let mut gauge = |name: &str, help: &str, value: String| {
            out.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
            ));
        };
        if let Ok(stats) = health.store_stats() {
            gauge(
                "amicus_mailboxes",
                "Registered mailboxes.",
                stats.mailboxes.to_string(),
            );
            gauge(
                "amicus_queued_envelopes",
                "Envelopes waiting to be fetched.",
                stats.queued_envelopes.to_string(),
            );
            gauge(
                "amicus_queued_bytes",
                "Bytes of envelopes waiting to be fetched.",
                stats.queued_bytes.to_string(),
            );
        }
        gauge(
            "amicus_disk_bytes",
            "Bytes used by the relay's data directory.",
            dir_size(health.data_dir()).to_string(),
        );
        out
    }
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Serves `GET /metrics` and `GET /health` until `shutdown` fires. A deliberately tiny HTTP
/// responder: loopback only, one request per connection, request head capped at 4 KiB and
/// 5 seconds, fixed responses.
pub async fn serve(
    listener: TcpListener,
    health: Arc<dyn Health>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (mut stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    // Out of file descriptors, say: pause instead of spinning on the error.
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let health = health.clone();
        tokio::spawn(async move {
            let mut head = Vec::with_capacity(512);
            let read_head = async {
                let mut chunk = [0u8; 512];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 4096 {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&chunk[..n]),
                    }
                }
            };
            if tokio::time::timeout(Duration::from_secs(5), read_head)
                .await
                .is_err()
            {
                return;
            }
            let request = String::from_utf8_lossy(&head);
            let path = request.split_whitespace().nth(1).unwrap_or("");
            let (status, body) = match (request.starts_with("GET "), path) {
                (true, "/metrics") => ("200 OK", health.metrics().render(health.as_ref())),
                (true, "/health") => match health.store_stats() {
                    Ok(_) => ("200 OK", "ok\n".to_string()),
                    Err(_) => ("503 Service Unavailable", "store unavailable\n".to_string()),
                },
                _ => ("404 Not Found", "not found\n".to_string()),
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        });
    }
}
