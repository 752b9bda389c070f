//! The relay's handshake is an ordinary one: a client that is not Amicus's, built here from
//! scratch on stock rustls and quinn with a pin-checking verifier and no raw-public-key
//! support at all, connects and is answered; the certificate it gets is plain X.509 around
//! the pinned key; a wrong pin is refused.

mod support;

use std::sync::Arc;

use amicus_protocol::{ALPN, RelayPin, Request, Response, frame};
use quinn::crypto::rustls::QuicClientConfig;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use support::TestRelay;

/// What any implementer would write: SHA-256 of the certificate's SubjectPublicKeyInfo
/// must be the pin; the TLS 1.3 signature is checked with the certificate as usual.
#[derive(Debug)]
struct Pinned {
    pin: [u8; 32],
    seen: std::sync::Mutex<Option<Vec<u8>>>,
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

async fn connect(
    relay: &TestRelay,
    pin: [u8; 32],
) -> (Arc<Pinned>, Result<quinn::Connection, String>) {
    let verifier = Arc::new(Pinned {
        pin,
        seen: Default::default(),
    });
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    tls.alpn_protocols = vec![ALPN.to_vec()];
    let config = quinn::ClientConfig::new(Arc::new(QuicClientConfig::try_from(tls).unwrap()));
    let endpoint = quinn::Endpoint::client("127.0.0.1:0".parse().unwrap()).unwrap();
    let connecting = endpoint
        .connect_with(config, relay.relay().addr, "relay.example.org")
        .unwrap();
    (verifier, connecting.await.map_err(|e| e.to_string()))
}

#[tokio::test]
async fn a_stock_tls_client_with_a_pin_connects_and_a_wrong_pin_does_not() {
    let relay = TestRelay::start().await;
    let pin: RelayPin = relay.relay().pin;
    let (verifier, connection) = connect(&relay, pin.0).await;
    let connection = connection.expect("a stock client connects");
    let certificate = verifier.seen.lock().unwrap().clone().unwrap();
    // Plain X.509 (a SEQUENCE holding a TBSCertificate), not a bare key.
    assert!(webpki::EndEntityCert::try_from(&CertificateDer::from(certificate)).is_ok());

    let (mut send, mut recv) = connection.open_bi().await.unwrap();
    send.write_all(&frame::encode(&Request::ServerInfo.encode()))
        .await
        .unwrap();
    send.finish().unwrap();
    let mut header = [0u8; frame::HEADER_LEN];
    recv.read_exact(&mut header).await.unwrap();
    let mut body = vec![0u8; frame::body_len(header).unwrap()];
    recv.read_exact(&mut body).await.unwrap();
    assert!(matches!(
        Response::decode(&body).unwrap(),
        Response::ServerInfo { .. }
    ));

    let mut wrong = pin.0;
    wrong[0] ^= 1;
    let (_, refused) = connect(&relay, wrong).await;
    assert!(refused.is_err());
}
