//! A TLS client as any implementer would write it, on stock rustls: the relay's pin checked
//! against the certificate's SubjectPublicKeyInfo, the TLS 1.3 signature checked as usual.
//! Used by the tests that play a client which is not Amicus's.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};

/// What any implementer would write: SHA-256 of the certificate's SubjectPublicKeyInfo
/// must be the pin; the TLS 1.3 signature is checked with the certificate as usual.
#[derive(Debug)]
pub(crate) struct Pinned {
    pub(crate) pin: [u8; 32],
    pub(crate) seen: std::sync::Mutex<Option<Vec<u8>>>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        *self.seen.lock().unwrap() = Some(end_entity.to_vec());
        let anchor = webpki::anchor_from_trusted_cert(end_entity)
            .map_err(|_| rustls::Error::General("not an X.509 certificate".into()))?;
        let spki = webpki::spki_for_anchor(&anchor);
        if <[u8; 32]>::from(Sha256::digest(spki.as_ref())) == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General("pin mismatch".into()))
        }
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General("TLS 1.2 is not used".into()))
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, &algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// TLS 1.3 only, the pin verifier, the given ALPN protocols.
pub(crate) fn client_config(verifier: Arc<Pinned>, alpn: &[&[u8]]) -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("TLS 1.3")
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    tls.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tls
}

/// A verifier for `pin`.
pub(crate) fn pinned(pin: [u8; 32]) -> Arc<Pinned> {
    Arc::new(Pinned {
        pin,
        seen: Default::default(),
    })
}
