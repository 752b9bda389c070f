//! The relay's QUIC and TLS configuration, hardened for a public server (shared/facts.md):
//! TLS 1.3 only, an ordinary self-signed X.509 certificate around the pinned key (no RFC 7250
//! extension), no 0-RTT, bounded streams and flow-control windows, idle timeout. The handshake timeout and connection cap are enforced in [`crate::server`].

use std::sync::Arc;

use quinn::crypto::rustls::QuicServerConfig;
use rustls::sign::{CertifiedKey, SingleCertAndKey};

use crate::config::RelayConfig;
use crate::error::RelayError;
use crate::keys::RelayKeys;

pub use amicus_io::{CONNECTION_WINDOW, STREAM_WINDOW, transport_config};

/// The TLS both routes serve: TLS 1.3 only, the relay's certificate, no 0-RTT (early data
/// is replayable), the given ALPN protocols.
pub fn server_tls(
    keys: &RelayKeys,
    alpn: Vec<Vec<u8>>,
) -> Result<rustls::ServerConfig, RelayError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certified = CertifiedKey::new(
        vec![keys.tls_certificate.clone()],
        keys.tls_signing_key.clone(),
    );
    let mut tls = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(SingleCertAndKey::from(Arc::new(certified))));
    tls.alpn_protocols = alpn;
    tls.max_early_data_size = 0;
    Ok(tls)
}

pub fn server_config(
    keys: &RelayKeys,
    config: &RelayConfig,
) -> Result<quinn::ServerConfig, RelayError> {
    let tls = server_tls(keys, vec![amicus_protocol::ALPN.to_vec()])?;
    let quic = QuicServerConfig::try_from(tls)
        .map_err(|e| RelayError::Config(format!("QUIC TLS setup: {e}")))?;
    let mut server = quinn::ServerConfig::with_crypto(Arc::new(quic));
    server.transport_config(Arc::new(transport_config(
        config.max_streams_per_connection,
        config.idle_timeout,
        config.connection_window_bytes,
    )));
    server
        .max_incoming(config.max_connections.min(65_536))
        .incoming_buffer_size(64 * 1024)
        .incoming_buffer_size_total(16 * 1024 * 1024)
        .migration(false);
    Ok(server)
}
