//! The relay's error type.

use amicus_protocol::ErrorCode;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum RelayError {
    #[error("storage error: {0}")]
    Storage(#[from] sled::Error),
    #[error("storage transaction failed: {0}")]
    Transaction(String),
    #[error("could not make writes durable: {0}")]
    Durability(String),
    #[error("I/O error on {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("stored record is damaged: {0}")]
    Corrupt(&'static str),
    #[error("key material error: {0}")]
    Keys(String),
    #[error("TLS configuration error: {0}")]
    Tls(#[from] rustls::Error),
    #[error("could not open the QUIC endpoint on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A refusal that maps to a protocol error code (unknown recipient, quota, ...).
    #[error("refused: {0}")]
    Refused(ErrorCode),
}

impl RelayError {
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        RelayError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The code a client is told. Internal details (paths, sled messages) stay in the relay.
    pub fn code(&self) -> ErrorCode {
        match self {
            RelayError::Refused(code) => *code,
            RelayError::Storage(_)
            | RelayError::Transaction(_)
            | RelayError::Durability(_)
            | RelayError::Io { .. } => ErrorCode::StorageUnavailable,
            _ => ErrorCode::Internal,
        }
    }
}
