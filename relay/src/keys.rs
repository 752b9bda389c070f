//! The relay's long-lived keys, created on first start in `<data>/keys/`:
//! - `tls.p8`: the ECDSA P-256 TLS key (PKCS#8). The relay presents it in an ordinary
//!   self-signed X.509 certificate, made afresh at each start (a handshake like any web
//!   server's: no RFC 7250 raw-public-key extension, which almost nothing else sends and a
//!   censor could block by). Clients trust it by its pin, SHA-256 of the key's
//!   SubjectPublicKeyInfo, which they must be given; the certificate's names and dates play
//!   no part, so a new certificate around the same key changes nothing for them.
//! - `trust_root.key`: the libsignal key that signs the server certificate. Clients learn
//!   its public half over the pinned TLS channel and check every sender certificate
//!   against it.
//! - `server.key` + `server.cert`: the libsignal server certificate (signed by the trust
//!   root) and its key, which sign short-lived sender certificates.
//!
//! Files are written atomically (temp file, fsync, rename) with mode 0600.

use std::path::Path;
use std::sync::Arc;

use amicus_protocol::RelayPin;
use libsignal_protocol::{KeyPair, PrivateKey, PublicKey, ServerCertificate};
use rustls::pki_types::{
    CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, SubjectPublicKeyInfoDer,
};
use rustls::sign::SigningKey;
use zeroize::Zeroizing;

use crate::error::RelayError;

/// Identifies the server certificate; a new relay key would get a new id.
const SERVER_KEY_ID: u32 = 1;

pub struct RelayKeys {
    pub tls_signing_key: Arc<dyn SigningKey>,
    pub tls_spki: SubjectPublicKeyInfoDer<'static>,
    /// The self-signed certificate around the TLS key.
    pub tls_certificate: CertificateDer<'static>,
    pub pin: RelayPin,
    pub trust_root: PublicKey,
    pub server_certificate: ServerCertificate,
    pub server_key: PrivateKey,
}

impl RelayKeys {
    /// Loads the keys from `<data_dir>/keys`, creating any that are missing.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, RelayError> {
        let dir = data_dir.join("keys");
        amicus_io::create_private_dir(&dir).map_err(|e| RelayError::io(&dir, e))?;
        let mut rng = rand::rng();

        let tls_der = read_or_create(&dir.join("tls.p8"), || {
            let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)
                .map_err(|e| RelayError::Keys(e.to_string()))?;
            Ok(Zeroizing::new(key.serialize_der()))
        })?;
        let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(tls_der.to_vec()));
        let tls_signing_key = rustls::crypto::ring::sign::any_ecdsa_type(&der)?;
        let tls_spki = tls_signing_key
            .public_key()
            .ok_or_else(|| RelayError::Keys("TLS key has no public key".into()))?
            .into_owned();
        let pin = RelayPin::of_spki(tls_spki.as_ref());
        let tls_certificate = self_signed(&tls_der)?;

        let root_raw = read_or_create(&dir.join("trust_root.key"), || {
            Ok(Zeroizing::new(
                KeyPair::generate(&mut rng).private_key.serialize(),
            ))
        })?;
        let root =
            PrivateKey::deserialize(&root_raw).map_err(|e| RelayError::Keys(e.to_string()))?;
        let trust_root = root
            .public_key()
            .map_err(|e| RelayError::Keys(e.to_string()))?;

        let server_raw = read_or_create(&dir.join("server.key"), || {
            Ok(Zeroizing::new(
                KeyPair::generate(&mut rng).private_key.serialize(),
            ))
        })?;
        let server_key =
            PrivateKey::deserialize(&server_raw).map_err(|e| RelayError::Keys(e.to_string()))?;
        let server_public = server_key
            .public_key()
            .map_err(|e| RelayError::Keys(e.to_string()))?;
        let cert_raw = read_or_create(&dir.join("server.cert"), || {
            let cert = ServerCertificate::new(SERVER_KEY_ID, server_public, &root, &mut rng)
                .map_err(|e| RelayError::Keys(e.to_string()))?;
            let bytes = cert
                .serialized()
                .map_err(|e| RelayError::Keys(e.to_string()))?;
            Ok(Zeroizing::new(bytes.to_vec()))
        })?;
        let server_certificate = ServerCertificate::deserialize(&cert_raw)
            .map_err(|e| RelayError::Keys(e.to_string()))?;
        if !server_certificate
            .validate(&trust_root)
            .map_err(|e| RelayError::Keys(e.to_string()))?
        {
            return Err(RelayError::Keys(
                "server.cert is not signed by trust_root.key".into(),
            ));
        }

        Ok(RelayKeys {
            tls_signing_key,
            tls_spki,
            tls_certificate,
            pin,
            trust_root,
            server_certificate,
            server_key,
        })
    }
}

/// How long each start's certificate says it is valid (clients go by the pin, not the dates;
/// the span is that of an ordinary web server's certificate).
const CERTIFICATE_DAYS: i64 = 365;

/// A self-signed certificate around the TLS key (PKCS#8 DER), valid from a day ago.
fn self_signed(pkcs8: &[u8]) -> Result<CertificateDer<'static>, RelayError> {
    let keys = |e: rcgen::Error| RelayError::Keys(e.to_string());
    let key = rcgen::KeyPair::try_from(pkcs8).map_err(keys)?;
    let mut params =
        rcgen::CertificateParams::new(vec!["relay.invalid".to_string()]).map_err(keys)?;
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(CERTIFICATE_DAYS);
    let certificate = params.self_signed(&key).map_err(keys)?;
    Ok(certificate.der().clone())
}

/// Reads `path`, or creates it with `make` if it does not exist.
fn read_or_create(
    path: &Path,
    make: impl FnOnce() -> Result<Zeroizing<Vec<u8>>, RelayError>,
) -> Result<Zeroizing<Vec<u8>>, RelayError> {
    match std::fs::read(path) {
        Ok(bytes) => return Ok(Zeroizing::new(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(RelayError::io(path, e)),
    }
    let bytes = make()?;
    amicus_io::write_atomic(path, &bytes).map_err(|e| RelayError::io(path, e))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let first = RelayKeys::load_or_create(dir.path()).unwrap();
        let second = RelayKeys::load_or_create(dir.path()).unwrap();
        assert_eq!(first.pin, second.pin);
        // A fresh certificate each start, around the same key: the pin is the key's.
        let anchor = webpki::anchor_from_trusted_cert(&second.tls_certificate).unwrap();
        let spki = webpki::spki_for_anchor(&anchor);
        assert_eq!(RelayPin::of_spki(spki.as_ref()), second.pin);
        assert_eq!(first.trust_root, second.trust_root);
        assert!(
            second
                .server_certificate
                .validate(&second.trust_root)
                .unwrap()
        );
    }
}
