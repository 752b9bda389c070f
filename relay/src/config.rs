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
        }
    }

    /// Checks values that would make the relay unsafe or unusable.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_envelope_len == 0 || self.max_envelope_len > MAX_ENVELOPE_LEN {
            return Err(format!(
                "max_envelope_len must be between 1 and {MAX_ENVELOPE_LEN}"
            ));
        }
        if self.retention.is_zero() {
            return Err("retention must be more than zero".into());
        }
        if self.max_connections == 0 || self.max_streams_per_connection == 0 {
            return Err("connection and stream limits must be more than zero".into());
        }
        if self.rate_burst == 0 || self.rate_per_sec == 0 {
            return Err("rate limits must be more than zero".into());
        }
        Ok(())
    }
}
