//! Secret values. They live in fixed-size boxed buffers (so moves copy a pointer, not the
//! secret), are wiped on drop, and implement neither Debug nor Display.

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A 256-bit key.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretKey(Box<[u8; 32]>);

impl SecretKey {
    /// A fresh random key.
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

    /// The key's bytes, for the one call that needs them.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

/// A passphrase as typed by the user.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Takes ownership of a typed passphrase (the string is zeroized on drop).
    pub fn new(s: String) -> Self {
        Passphrase(Zeroizing::new(s))
    }

    /// The passphrase, for the one call that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}
