//! Types that hold key material or plaintext. They cannot leak by accident:
//! no Clone, Serialize or Display; `Debug` prints `***`; memory is zeroized on drop.
//! The accessor that reveals the bytes is called `expose`, so every use is easy to grep.

use rand::RngCore;
use zeroize::{Zeroize, Zeroizing};

/// A 256-bit symmetric key (root key, env key, data key or passphrase key).
pub struct SecretKey(Zeroizing<[u8; 32]>);

impl SecretKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        SecretKey(bytes)
    }

    /// Builds a key from exactly 32 bytes; `None` for any other length.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let array: [u8; 32] = bytes.try_into().ok()?;
        Some(SecretKey(Zeroizing::new(array)))
    }

    /// Takes ownership of bytes that are already in a zeroizing buffer.
    pub fn from_zeroizing(bytes: Zeroizing<[u8; 32]>) -> Self {
        SecretKey(bytes)
    }

    /// The raw key bytes. Callers must not copy them into anything that outlives the call.
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

/// A plaintext value (or any other secret byte string), zeroized on drop.
#[derive(Default)]
pub struct SecretBytes(Vec<u8>);

impl SecretBytes {
    /// Takes ownership of the bytes; they are wiped when this value drops.
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(bytes)
    }

    /// The plaintext bytes.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The plaintext as UTF-8, if it is.
    pub fn expose_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// A second copy, made on purpose (the type is deliberately not `Clone`).
    pub fn duplicate(&self) -> Self {
        SecretBytes(self.0.clone())
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for SecretBytes {
    fn from(s: String) -> Self {
        SecretBytes(s.into_bytes())
    }
}

/// Moves the text out (no copy is left behind to wipe).
impl From<Zeroizing<String>> for SecretBytes {
    fn from(mut s: Zeroizing<String>) -> Self {
        SecretBytes(std::mem::take(&mut *s).into_bytes())
    }
}

impl PartialEq for SecretBytes {
    fn eq(&self, other: &Self) -> bool {
        // Only used to decide "unchanged" on import; timing is not observable to an attacker.
        self.0 == other.0
    }
}

impl Drop for SecretBytes {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBytes(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_bytes() {
        let key = SecretKey::from_slice(&[0x41; 32]).unwrap();
        let value = SecretBytes::new(b"hunter2".to_vec());
        assert_eq!(format!("{key:?}"), "SecretKey(***)");
        assert_eq!(format!("{value:?}"), "SecretBytes(***)");
    }

    #[test]
    fn random_keys_differ() {
        assert_ne!(SecretKey::random().expose(), SecretKey::random().expose());
    }
}
