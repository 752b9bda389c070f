//! The relay's TOML configuration file: every limit and retention setting, each optional
//! with the safe default of [`RelayConfig::new`]. `amicus-relay check-config` reports the
//! first problem with the line it is on. `relay/amicus-relay.toml` is a documented example.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::config::RelayConfig;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    data_dir: Option<PathBuf>,
    listen: Option<SocketAddr>,
    metrics_listen: Option<SocketAddr>,
    tcp_listen: Option<SocketAddr>,
    public_host: Option<String>,
    onion_host: Option<String>,
    centre_root: Option<String>,
    #[serde(default)]
    retention: Retention,
    #[serde(default)]
    limits: Limits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Retention {
    envelope_days: Option<u64>,
    blob_days: Option<u64>,
    blob_reservation_hours: Option<u64>,
    sweep_interval_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Limits {
    max_envelope_bytes: Option<usize>,
    mailbox_max_envelopes: Option<u32>,
    mailbox_max_bytes: Option<u64>,
    max_one_time_prekeys: Option<usize>,
    max_connections: Option<usize>,
    max_streams_per_connection: Option<u32>,
    handshake_timeout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    rate_burst: Option<u32>,
    rate_per_sec: Option<u32>,
    first_contact_burst: Option<u32>,
    first_contact_per_hour: Option<u32>,
    sender_certificate_hours: Option<u64>,
    cache_mb: Option<u64>,
    connection_buffer_mb: Option<usize>,
    total_buffer_mb: Option<usize>,
    connection_window_kb: Option<u32>,
    transfer_window_total_mb: Option<usize>,
    max_blob_mb: Option<u64>,
    blob_store_max_gb: Option<u64>,
    blob_pending_max_gb: Option<u64>,
    per_address_connections: Option<u32>,
    per_address_rate_burst: Option<u32>,
    per_address_rate_per_sec: Option<u32>,
    per_address_limit_loopback: Option<bool>,
    token_period_hours: Option<u64>,
    tokens_per_period: Option<u32>,
    first_contact_tokens_per_period: Option<u32>,
    require_tokens: Option<bool>,
    work_difficulty: Option<u8>,
    work_memory_kib: Option<u32>,
    work_busy_per_minute: Option<u32>,
    work_checks_per_sec: Option<u32>,
}

/// A configuration problem, with the 1-based line it is on when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where `key = ...` is set, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

/// Parses and checks a configuration file's text. `data_dir` and `listen` may be left out
/// when the command line gives them.
pub fn parse(
    text: &str,
    data_dir: Option<&Path>,
    listen: Option<SocketAddr>,
) -> Result<RelayConfig, ConfigError> {
    let file: File = toml::from_str(text).map_err(|e| ConfigError {
        line: e.span().map(|s| line_of_offset(text, s.start)),
        message: e.message().to_string(),
    })?;
    let data_dir = data_dir
        .map(Path::to_path_buf)
        .or(file.data_dir)
        .ok_or(ConfigError {
            line: None,
            message: "data_dir is not set (in the file or with --data)".into(),
        })?;
    let listen = listen
        .or(file.listen)
        .unwrap_or_else(|| SocketAddr::from(([0, 0, 0, 0], 4433)));
    let mut c = RelayConfig::new(data_dir, listen);
    let at = |key: &str, message: String| ConfigError {
        line: line_of_key(text, key),
        message,
    };
    let secs = |v: u64| Duration::from_secs(v);
    if let Some(m) = file.metrics_listen {
        if !m.ip().is_loopback() {
            return Err(at(
                "metrics_listen",
                format!("metrics_listen must be a loopback address (127.0.0.1 or ::1), not {m}"),
            ));
        }
        c.metrics_listen = Some(m);
    }
    c.tcp_listen = file.tcp_listen;
    if let Some(host) = &file.public_host {
        crate::published::check_public_host(host).map_err(|m| at("public_host", m))?;
        c.public_host = Some(host.clone());
    }
    if let Some(onion) = &file.onion_host {
        crate::published::check_onion_host(onion).map_err(|m| at("onion_host", m))?;
        c.onion_host = Some(onion.clone());
    }
    if let Some(hex) = &file.centre_root {
        let bytes = decode_hex(hex.trim()).ok_or_else(|| {
            at(
                "centre_root",
                "centre_root must be the hexadecimal key printed by `amicus centre root`".into(),
            )
        })?;
        c.centre_root = Some(bytes);
    }
    let r = &file.retention;
    if let Some(days) = r.envelope_days {
        c.retention = secs(days.saturating_mul(86_400));
    }
    if let Some(days) = r.blob_days {
        c.blob_retention = secs(days.saturating_mul(86_400));
    }
    if let Some(hours) = r.blob_reservation_hours {
        if hours == 0 {
            return Err(at(
                "blob_reservation_hours",
                "blob_reservation_hours must be at least 1".into(),
            ));
        }
        c.blob_reservation = secs(hours.saturating_mul(3600));
    }
    if let Some(v) = r.sweep_interval_secs {
        if v == 0 {
            return Err(at(
                "sweep_interval_secs",
                "sweep_interval_secs must be at least 1".into(),
            ));
        }
        c.sweep_interval = secs(v);
    }
    let l = &file.limits;
    if let Some(v) = l.max_envelope_bytes {
        c.max_envelope_len = v;
    }
    if let Some(v) = l.mailbox_max_envelopes {
        c.mailbox_max_count = v;
    }
    if let Some(v) = l.mailbox_max_bytes {
        c.mailbox_max_bytes = v;
    }
    if let Some(v) = l.max_one_time_prekeys {
        c.max_one_time_prekeys = v;
    }
    if let Some(v) = l.max_connections {
        c.max_connections = v;
    }
    if let Some(v) = l.max_streams_per_connection {
        c.max_streams_per_connection = v;
    }
    if let Some(v) = l.handshake_timeout_secs {
        c.handshake_timeout = secs(v);
    }
    if let Some(v) = l.idle_timeout_secs {
        c.idle_timeout = secs(v);
    }
    if let Some(v) = l.rate_burst {
        c.rate_burst = v;
    }
    if let Some(v) = l.rate_per_sec {
        c.rate_per_sec = v;
    }
    if let Some(v) = l.first_contact_burst {
        c.first_contact_burst = v;
    }
    if let Some(v) = l.first_contact_per_hour {
        c.first_contact_per_hour = v;
    }
    if let Some(v) = l.token_period_hours {
        c.token_period = secs(v.saturating_mul(3600));
    }
    if let Some(v) = l.tokens_per_period {
        c.tokens_per_period = v;
    }
    if let Some(v) = l.first_contact_tokens_per_period {
        c.first_contact_tokens_per_period = v;
    }
    if let Some(v) = l.require_tokens {
        c.require_tokens = v;
    }
    if let Some(v) = l.work_difficulty {
        c.work_difficulty = v;
    }
    if let Some(v) = l.work_memory_kib {
        c.work_memory_kib = v;
    }
    if let Some(v) = l.work_busy_per_minute {
        c.work_busy_per_minute = v;
    }
    if let Some(v) = l.work_checks_per_sec {
        c.work_checks_per_sec = v;
    }
    if let Some(v) = l.sender_certificate_hours {
        c.sender_certificate_lifetime = secs(v.saturating_mul(3600));
    }
    if let Some(v) = l.cache_mb {
        c.cache_bytes = v.saturating_mul(1024 * 1024);
    }
    if let Some(v) = l.connection_buffer_mb {
        c.connection_buffer_bytes = v.saturating_mul(1024 * 1024);
    }
    if let Some(v) = l.max_blob_mb {
        c.max_blob_bytes = v.saturating_mul(1024 * 1024);
    }
    if let Some(v) = l.blob_store_max_gb {
        c.blob_store_max_bytes = v.saturating_mul(1024 * 1024 * 1024);
    }
    if let Some(v) = l.blob_pending_max_gb {
        c.blob_pending_max_bytes = v.saturating_mul(1024 * 1024 * 1024);
    }
    if let Some(v) = l.per_address_connections {
        if v == 0 {
            return Err(at(
                "per_address_connections",
                "per_address_connections must be at least 1".into(),
            ));
        }
        c.per_address_connections = v;
    }
    if let Some(v) = l.per_address_rate_burst {
        c.per_address_rate_burst = v;
    }
    if let Some(v) = l.per_address_rate_per_sec {
        c.per_address_rate_per_sec = v;
    }
    if let Some(v) = l.per_address_limit_loopback {
        c.per_address_limit_loopback = v;
    }
    if let Some(v) = l.total_buffer_mb {
        c.total_buffer_bytes = v.saturating_mul(1024 * 1024);
    }
    if let Some(v) = l.connection_window_kb {
        c.connection_window_bytes = v.saturating_mul(1024);
    }
    if let Some(v) = l.transfer_window_total_mb {
        c.transfer_window_total_bytes = v.saturating_mul(1024 * 1024);
    }
    c.validate().map_err(|(key, message)| at(key, message))?;
    Ok(c)
}

/// Reads and checks a configuration file.
pub fn load(
    path: &Path,
    data_dir: Option<&Path>,
    listen: Option<SocketAddr>,
) -> Result<RelayConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        line: None,
        message: format!("cannot read {}: {e}", path.display()),
    })?;
    parse(&text, data_dir, listen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../amicus-relay.toml");

    #[test]
    fn the_shipped_example_is_valid() {
        let c = parse(EXAMPLE, None, None).unwrap();
        assert_eq!(c.retention, Duration::from_secs(30 * 86_400));
        assert!(c.metrics_listen.is_some());
        assert_eq!(c.tcp_listen, Some(SocketAddr::from(([0, 0, 0, 0], 443))));
    }

    #[test]
    fn syntax_errors_name_their_line() {
        let text = "data_dir = \"/tmp/x\"\n\n[limits]\nrate_burst = = 3\n";
        let e = parse(text, None, None).unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_their_line() {
        let e = parse("data_dir = \"/x\"\n[limits]\nrate_brust = 3\n", None, None).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.contains("rate_brust"), "{e}");
        let e = parse(
            "data_dir = \"/x\"\n[limits]\nrate_burst = \"many\"\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn unsafe_values_name_their_line() {
        let e = parse(
            "data_dir = \"/x\"\n[limits]\n\nmax_envelope_bytes = 999999999\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        let e = parse(
            "data_dir = \"/x\"\nmetrics_listen = \"0.0.0.0:9464\"\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse(
            "data_dir = \"/x\"\n[limits]\nrate_per_sec = 0\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = parse(
            "data_dir = \"/x\"\npublic_host = \"https://relay.example.org/\"\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = parse(
            "data_dir = \"/x\"\n\nonion_host = \"relay.example.org\"\n",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let onion = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
        let c = parse(
            &format!(
                "data_dir = \"/x\"\npublic_host = \"relay.example.org\"\nonion_host = \"{onion}\"\n"
            ),
            None,
            None,
        )
        .unwrap();
        assert_eq!(c.public_host.as_deref(), Some("relay.example.org"));
        assert_eq!(c.onion_host.as_deref(), Some(onion));
    }

    #[test]
    fn command_line_overrides_the_file() {
        let c = parse(
            "data_dir = \"/from/file\"\n",
            Some(Path::new("/from/flag")),
            None,
        )
        .unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/from/flag"));
        assert!(
            parse("", None, None).is_err(),
            "data_dir is required somewhere"
        );
    }
}
