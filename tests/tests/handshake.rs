//! The relay's handshake is an ordinary one: a client that is not Amicus's, built here from
//! scratch on stock rustls and quinn with a pin-checking verifier and no raw-public-key
//! support at all, connects and is answered; the certificate it gets is plain X.509 around
//! the pinned key; a wrong pin is refused.

mod support;

use std::sync::Arc;

use amicus_protocol::{ALPN, RelayPin, Request, Response, frame};
use quinn::crypto::rustls::QuicClientConfig;
use rustls::pki_types::CertificateDer;
use support::TestRelay;
use support::stock_tls::{Pinned, client_config};

async fn connect(
    relay: &TestRelay,
    pin: [u8; 32],
) -> (Arc<Pinned>, Result<quinn::Connection, String>) {
    let verifier = Arc::new(Pinned {
        pin,
        seen: Default::default(),
    });
    let tls = client_config(verifier.clone(), &[ALPN]);
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
