//! AES-256-GCM (NIST SP 800-38D) sealing with a random 96-bit nonce per message.
//!
//! Blob layout: `nonce (12 bytes) || ciphertext || tag (16 bytes)`. Random nonces are safe
//! here: a data key seals exactly one value, and an env or root key wraps far fewer than the
//! 2^32 messages after which random 96-bit nonces would risk a collision.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

use super::aad::Aad;
use super::keys::{SecretBytes, SecretKey};

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Authentication failed: wrong key, wrong place (AAD) or modified bytes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("ciphertext failed authentication (wrong key, moved, or modified)")]
pub struct OpenError;

/// Encrypts `plaintext` under `key`, bound to `aad`.
pub fn seal(key: &SecretKey, aad: &Aad<'_>, plaintext: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.expose().into());
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let aad_bytes = aad.to_bytes();
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &aad_bytes,
            },
        )
        .expect("AES-GCM encryption cannot fail for inputs under 64 GiB");
    let mut blob = Vec::with_capacity(NONCE_LEN + ciphertext.len());
    blob.extend_from_slice(&nonce);
    blob.extend_from_slice(&ciphertext);
    blob
}

/// Decrypts a blob made by [`seal`] with the same key and AAD.
pub fn open(key: &SecretKey, aad: &Aad<'_>, blob: &[u8]) -> Result<SecretBytes, OpenError> {
    if blob.len() < NONCE_LEN + TAG_LEN {
        return Err(OpenError);
    }
    let (nonce, ciphertext) = blob.split_at(NONCE_LEN);
    let cipher = Aes256Gcm::new(key.expose().into());
    let aad_bytes = aad.to_bytes();
    cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: &aad_bytes,
            },
        )
        .map(SecretBytes::new)
        .map_err(|_| OpenError)
}

/// Wraps one key under another (the same AEAD, named for what it is used for).
pub fn wrap_key(wrapping: &SecretKey, aad: &Aad<'_>, key: &SecretKey) -> Vec<u8> {
    seal(wrapping, aad, key.expose())
}

/// Unwraps a key made by [`wrap_key`].
pub fn unwrap_key(
    wrapping: &SecretKey,
    aad: &Aad<'_>,
    blob: &[u8],
) -> Result<SecretKey, OpenError> {
    let bytes = open(wrapping, aad, blob)?;
    SecretKey::from_slice(bytes.expose()).ok_or(OpenError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn place(name: &str, version: u64) -> Aad<'_> {
        Aad::Value {
            project_id: Uuid::from_u128(1),
            env_id: Uuid::from_u128(2),
            name,
            version,
            is_config: false,
            literal: false,
        }
    }

    #[test]
    fn sealed_value_opens_with_same_key_and_place() {
        let key = SecretKey::random();
        let blob = seal(&key, &place("A", 1), b"hello");
        assert_eq!(
            open(&key, &place("A", 1), &blob).unwrap().expose(),
            b"hello"
        );
    }

    #[test]
    fn wrong_key_fails() {
        let blob = seal(&SecretKey::random(), &place("A", 1), b"hello");
        assert_eq!(
            open(&SecretKey::random(), &place("A", 1), &blob),
            Err(OpenError)
        );
    }

    #[test]
    fn blob_moved_to_another_name_or_version_fails() {
        let key = SecretKey::random();
        let blob = seal(&key, &place("A", 1), b"hello");
        assert_eq!(open(&key, &place("B", 1), &blob), Err(OpenError));
        assert_eq!(open(&key, &place("A", 2), &blob), Err(OpenError));
    }

    #[test]
    fn any_flipped_byte_fails() {
        let key = SecretKey::random();
        let blob = seal(&key, &place("A", 1), b"hello");
        for i in 0..blob.len() {
            let mut tampered = blob.clone();
            tampered[i] ^= 0x01;
            assert_eq!(
                open(&key, &place("A", 1), &tampered),
                Err(OpenError),
                "byte {i}"
            );
        }
    }

    #[test]
    fn truncated_blob_fails_without_panicking() {
        let key = SecretKey::random();
        assert_eq!(open(&key, &place("A", 1), &[0u8; 5]), Err(OpenError));
    }

    #[test]
    fn wrapped_key_round_trips() {
        let outer = SecretKey::random();
        let inner = SecretKey::random();
        let aad = Aad::RootKey {
            vault_id: Uuid::from_u128(9),
        };
        let blob = wrap_key(&outer, &aad, &inner);
        assert_eq!(
            unwrap_key(&outer, &aad, &blob).unwrap().expose(),
            inner.expose()
        );
    }
}
