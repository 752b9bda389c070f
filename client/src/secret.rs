//! Secret values. They live in fixed-size boxed buffers (so moves copy a pointer, not the
//! secret), are wiped on drop, and implement neither Debug nor Display.

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit key.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Box<[u8; 32]>);

impl SecretKey {
    pub fn random() -> Self {
        use rand::RngCore as _;
        let mut key = SecretKey(Box::new([0u8; 32]));
        rand::rng().fill_bytes(key.0.as_mut());
        key
    }

    /// Takes ownership of key bytes, wiping the source.
    pub fn from_slice(bytes: &mut [u8]) -> Option<Self> {
        if bytes.len() != 32 {
            bytes.zeroize();
            return None;
        }
        let mut key = SecretKey(Box::new([0u8; 32]));
        key.0.copy_from_slice(bytes);
        bytes.zeroize();
        Some(key)
    }

    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

/// A passphrase as typed by the user.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(s: String) -> Self {
        Passphrase(Zeroizing::new(s))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}
