//! Relay settings and their defaults. Every limit that protects the relay from abuse lives
//! here so that operators can see and tune them in one place.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use amicus_protocol::limits::MAX_ENVELOPE_LEN;

#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// Where the store and the relay's keys live.
    pub data_dir: PathBuf,
    /// UDP address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// How long an envelope nobody fetched is kept before it is deleted.
    pub retention: Duration,
    /// How often expired envelopes are swept.
    pub sweep_interval: Duration,
    /// Largest envelope accepted (at most the protocol's hard limit).
    pub max_envelope_len: usize,
    /// Most envelopes waiting in one mailbox.
    pub mailbox_max_count: u32,
    /// Most bytes waiting in one mailbox.
    pub mailbox_max_bytes: u64,
    /// Most one-time prekeys of each kind held for one mailbox.
    pub max_one_time_prekeys: usize,
    /// Most simultaneous connections.
    pub max_connections: usize,
    /// A handshake that has not finished by then is dropped.
    pub handshake_timeout: Duration,
    /// A connection silent for this long is closed.
    pub idle_timeout: Duration,
    /// Most concurrent request streams per connection.
    pub max_streams_per_connection: u32,
    /// Request rate limit per connection: burst size and sustained requests per second.
    pub rate_burst: u32,
    pub rate_per_sec: u32,
    /// Lifetime of issued sender certificates.
    pub sender_certificate_lifetime: Duration,
    /// sled's page cache, in bytes.
    pub cache_bytes: u64,
    /// Loopback address for Prometheus metrics and `/health`; `None` disables them.
    pub metrics_listen: Option<SocketAddr>,
    /// The TCP route (TLS + HTTP/2), for networks that drop QUIC and for Tor; off when
    /// `None`. Its secret path is kept in `<data>/tcp-path`.
    pub tcp_listen: Option<SocketAddr>,
    /// The host name (or IP address) clients reach the relay by, for the address it prints
    /// for them; `None`: the printed address says `HOST`.
    pub public_host: Option<String>,
    /// The relay's Tor onion service name (`….onion`), when it is published as one: its
    /// route joins the printed address.
    pub onion_host: Option<String>,
    /// Request bytes one connection may have buffered at once (across its streams).
    pub connection_buffer_bytes: usize,
    /// Request bytes all connections together may have buffered at once.
    pub total_buffer_bytes: usize,
    /// QUIC receive window of an ordinary connection: what quinn may buffer for it.
    pub connection_window_bytes: u32,
    /// Relay-wide pool from which checked attachment uploads widen their connection's
    /// receive window (see `window.rs`).
    pub transfer_window_total_bytes: usize,
    /// The Centre's root public key (serialized libsignal key). Rosters must be signed by
    /// it. If unset, the relay adopts the key of the first roster published to it.
    pub centre_root: Option<Vec<u8>>,
    /// New mailboxes without an invitation (first contact): burst and refill per hour,
    /// for the whole relay.
    pub first_contact_burst: u32,
    pub first_contact_per_hour: u32,
    /// Largest attachment blob accepted (ciphertext bytes).
    pub max_blob_bytes: u64,
    /// Most bytes all attachment blobs together may take (declared sizes, reserved when a
    /// blob is created).
    pub blob_store_max_bytes: u64,
    /// How long a blob is kept if not every reader has fetched it.
    pub blob_retention: Duration,
    /// How long a reservation lasts while its upload is unfinished, counted from the last
    /// upload request: an anonymous reservation that receives nothing lapses within hours,
    /// not after the full retention.
    pub blob_reservation: Duration,
    /// Most bytes that unfinished uploads may hold in reservations at once, relay-wide, so
    /// that reservations alone can never take the whole store.
    pub blob_pending_max_bytes: u64,
    /// Per network address, in memory only (see [`crate::addresses`]): connections at once,
    /// and a request bucket shared by all of that address's connections.
    pub per_address_connections: u32,
    pub per_address_rate_burst: u32,
    pub per_address_rate_per_sec: u32,
    /// Apply the per-address limits to loopback too (off: behind a local Tor daemon or a
    /// reverse proxy, every user comes from 127.0.0.1).
    pub per_address_limit_loopback: bool,
    /// Sending tokens (see [`crate::tokens`]): the length of a key period, what an enrolled
    /// mailbox or one on the roster may obtain per period, what a first contact may, and
    /// whether deliveries and attachments must be paid (off only for tests and benchmarks
    /// that speak the wire directly).
    pub token_period: Duration,
    pub tokens_per_period: u32,
    pub first_contact_tokens_per_period: u32,
    pub require_tokens: bool,
    /// Proof of work at the Centre's intake (see [`crate::work`]): the base difficulty in
    /// leading zero bits, Argon2id memory per attempt, the worked deliveries per minute
    /// past which the difficulty rises, and the checks per second the relay will spend.
    pub work_difficulty: u8,
    pub work_memory_kib: u32,
    pub work_busy_per_minute: u32,
    pub work_checks_per_sec: u32,
}

impl RelayConfig {
    pub fn new(data_dir: impl Into<PathBuf>, listen: SocketAddr) -> Self {
        RelayConfig {
            data_dir: data_dir.into(),
            listen,
            retention: Duration::from_secs(30 * 24 * 3600),
            sweep_interval: Duration::from_secs(600),
            max_envelope_len: MAX_ENVELOPE_LEN,
            mailbox_max_count: 10_000,
            mailbox_max_bytes: 256 * 1024 * 1024,
            max_one_time_prekeys: 1_000,
            max_connections: 10_000,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_streams_per_connection: 16,
            rate_burst: 200,
            rate_per_sec: 100,
            sender_certificate_lifetime: Duration::from_secs(24 * 3600),
            cache_bytes: 64 * 1024 * 1024,
            metrics_listen: None,
            tcp_listen: None,
            public_host: None,
            onion_host: None,
            connection_buffer_bytes: 8 * 1024 * 1024,
            total_buffer_bytes: 512 * 1024 * 1024,
            connection_window_bytes: 256 * 1024,
            transfer_window_total_bytes: 256 * 1024 * 1024,
            centre_root: None,
            first_contact_burst: 20,
            first_contact_per_hour: 120,
            max_blob_bytes: 4 * 1024 * 1024 * 1024,
            blob_store_max_bytes: 256 * 1024 * 1024 * 1024,
            blob_retention: Duration::from_secs(30 * 24 * 3600),
            blob_reservation: Duration::from_secs(6 * 3600),
            blob_pending_max_bytes: 64 * 1024 * 1024 * 1024,
            per_address_connections: 64,
            per_address_rate_burst: 1000,
            per_address_rate_per_sec: 500,
            per_address_limit_loopback: false,
            token_period: Duration::from_secs(7 * 24 * 3600),
            tokens_per_period: 500,
            first_contact_tokens_per_period: 20,
            require_tokens: true,
            work_difficulty: 12,
            work_memory_kib: 1024,
            work_busy_per_minute: 30,
            work_checks_per_sec: 50,
        }
    }

    /// The most client bytes the relay can be made to hold in memory at once: every
    /// connection's receive window and small-frame allowance, the transfer-window pool and
    /// the shared request budget (connection state, about 33 KiB each, comes on top).
    pub fn worst_case_client_bytes(&self) -> u64 {
        let per_connection =
            u64::from(self.connection_window_bytes) + crate::window::OWN_ALLOWANCE as u64;
        (self.max_connections as u64).saturating_mul(per_connection)
            + self.transfer_window_total_bytes as u64
            + self.total_buffer_bytes as u64
    }

    /// Checks values that would make the relay unsafe or unusable. The error names the
    /// configuration-file key at fault.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.max_envelope_len == 0 || self.max_envelope_len > MAX_ENVELOPE_LEN {
            return Err((
                "max_envelope_bytes",
                format!("max_envelope_bytes must be between 1 and {MAX_ENVELOPE_LEN}"),
            ));
        }
        if self.retention.is_zero() {
            return Err(("envelope_days", "envelope_days must be at least 1".into()));
        }
        if self.sweep_interval.is_zero() {
            return Err((
                "sweep_interval_secs",
                "sweep_interval_secs must be at least 1".into(),
            ));
        }
        let positive = [
            ("max_connections", self.max_connections as u64),
            (
                "max_streams_per_connection",
                u64::from(self.max_streams_per_connection),
            ),
            ("rate_burst", u64::from(self.rate_burst)),
            ("rate_per_sec", u64::from(self.rate_per_sec)),
            ("first_contact_burst", u64::from(self.first_contact_burst)),
            (
                "first_contact_per_hour",
                u64::from(self.first_contact_per_hour),
            ),
            ("mailbox_max_envelopes", u64::from(self.mailbox_max_count)),
            ("mailbox_max_bytes", self.mailbox_max_bytes),
            ("max_blob_mb", self.max_blob_bytes),
            ("blob_store_max_gb", self.blob_store_max_bytes),
            ("blob_days", self.blob_retention.as_secs()),
            ("token_period_hours", self.token_period.as_secs() / 3600),
            ("tokens_per_period", u64::from(self.tokens_per_period)),
            ("work_memory_kib", u64::from(self.work_memory_kib)),
            ("work_busy_per_minute", u64::from(self.work_busy_per_minute)),
            ("work_checks_per_sec", u64::from(self.work_checks_per_sec)),
            ("handshake_timeout_secs", self.handshake_timeout.as_secs()),
            ("idle_timeout_secs", self.idle_timeout.as_secs()),
            (
                "sender_certificate_hours",
                self.sender_certificate_lifetime.as_secs(),
            ),
        ];
        for (key, value) in positive {
            if value == 0 {
                return Err((key, format!("{key} must be more than zero")));
            }
        }
        use amicus_protocol::work::{MAX_WORK_DIFFICULTY, MAX_WORK_MEMORY_KIB};
        let bounded = [
            (
                "work_difficulty",
                u32::from(self.work_difficulty),
                u32::from(MAX_WORK_DIFFICULTY),
            ),
            ("work_memory_kib", self.work_memory_kib, MAX_WORK_MEMORY_KIB),
        ];
        for (key, value, max) in bounded {
            if value > max {
                return Err((key, format!("{key} must be at most {max}")));
            }
        }
        if self.max_streams_per_connection > 1024 {
            return Err((
                "max_streams_per_connection",
                "max_streams_per_connection above 1024 defeats its purpose".into(),
            ));
        }
        let frame = amicus_protocol::limits::MAX_FRAME_LEN;
        if self.connection_buffer_bytes < frame || self.connection_buffer_bytes > u32::MAX as usize
        {
            return Err((
                "connection_buffer_mb",
                format!(
                    "connection_buffer_mb must hold one full frame ({frame} bytes) and stay under 4 GiB"
                ),
            ));
        }
        if self.total_buffer_bytes < self.connection_buffer_bytes
            || self.total_buffer_bytes > u32::MAX as usize
        {
            return Err((
                "total_buffer_mb",
                "total_buffer_mb must be at least connection_buffer_mb and under 4 GiB".into(),
            ));
        }
        if !(16 * 1024..=crate::window::TRANSFER_WINDOW).contains(&self.connection_window_bytes) {
            return Err((
                "connection_window_kb",
                format!(
                    "connection_window_kb must be between 16 and {}",
                    crate::window::TRANSFER_WINDOW / 1024
                ),
            ));
        }
        if self.transfer_window_total_bytes > u32::MAX as usize {
            return Err((
                "transfer_window_total_mb",
                "transfer_window_total_mb must be under 4 GiB".into(),
            ));
        }
        if let Some(root) = &self.centre_root
            && libsignal_protocol::PublicKey::deserialize(root).is_err()
        {
            return Err((
                "centre_root",
                "centre_root is not a Centre root key (print it with `amicus centre root`)".into(),
            ));
        }
        if let Some(m) = self.metrics_listen
            && !m.ip().is_loopback()
        {
            return Err((
                "metrics_listen",
                "metrics_listen must be a loopback address".into(),
            ));
        }
        Ok(())
    }
}
