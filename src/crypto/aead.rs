//! AES-256-GCM (NIST SP 800-38D) sealing with a random 96-bit nonce per message.
//!
//! Blob layout: `nonce (12 bytes) || ciphertext || tag (16 bytes)`. Random nonces are safe
//! here: a data key seals exactly one value, and an env or root key wraps far fewer than the
//! 2^32 messages after which random 96-bit nonces would risk a collision.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, AeadInPlace, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use rand::RngCore;
use zeroize::Zeroizing;

use super::aad::Aad;
use super::keys::{SecretBytes, SecretKey};

const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;
/// Length of a wrapped key as stored: nonce, encrypted key, tag. Anything else in a key
/// column is damage, not a wrong key.
pub const WRAPPED_KEY_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;

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
    Opener::new(key).open(aad, blob)
}

/// One key made ready for many decryptions: its AES key schedule is computed once, and the
/// AAD bytes reuse one buffer. Reading an environment opens thousands of data keys under
/// the same env key, and this keeps that loop to the AEAD work itself.
pub struct Opener {
    cipher: Aes256Gcm,
    aad: Vec<u8>,
}

/// Opens `blob` (nonce then ciphertext) under `cipher`, writing `aad`'s bytes into the
/// reused buffer `aad_buf` first.
fn decrypt(
    cipher: &Aes256Gcm,
    aad_buf: &mut Vec<u8>,
    aad: &Aad<'_>,
    blob: &[u8],
) -> Result<SecretBytes, OpenError> {
    let (nonce, sealed) = split(blob)?;
    aad.write_to(aad_buf);
    cipher
        .decrypt(
            nonce,
            Payload {
                msg: sealed,
                aad: aad_buf,
            },
        )
        .map(SecretBytes::new)
        .map_err(|_| OpenError)
}

impl Opener {
    /// Prepares `key` (the cipher zeroizes its key schedule on drop).
    pub fn new(key: &SecretKey) -> Self {
        Opener {
            cipher: Aes256Gcm::new(key.expose().into()),
            aad: Vec::with_capacity(96),
        }
    }

    /// Decrypts a blob made by [`seal`] under `key`, a key used once (a data key), with the
    /// same AAD. It borrows this opener's AAD buffer, so a loop over thousands of items
    /// allocates only the plaintext; the key schedule is `key`'s own, built here.
    pub fn open_once(
        &mut self,
        key: &SecretKey,
        aad: &Aad<'_>,
        blob: &[u8],
    ) -> Result<SecretBytes, OpenError> {
        decrypt(
            &Aes256Gcm::new(key.expose().into()),
            &mut self.aad,
            aad,
            blob,
        )
    }

    /// Decrypts a blob made by [`seal`] with this key and the same AAD.
    pub fn open(&mut self, aad: &Aad<'_>, blob: &[u8]) -> Result<SecretBytes, OpenError> {
        decrypt(&self.cipher, &mut self.aad, aad, blob)
    }

    /// Unwraps a key made by [`wrap_key`], decrypting in place on a zeroized buffer so the
    /// plaintext key never sits in a heap copy.
    pub fn unwrap_key(&mut self, aad: &Aad<'_>, blob: &[u8]) -> Result<SecretKey, OpenError> {
        let (nonce, sealed) = split(blob)?;
        if sealed.len() != KEY_LEN + TAG_LEN {
            return Err(OpenError);
        }
        let (ciphertext, tag) = sealed.split_at(KEY_LEN);
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(ciphertext);
        aad.write_to(&mut self.aad);
        self.cipher
            .decrypt_in_place_detached(nonce, &self.aad, key.as_mut(), Tag::from_slice(tag))
            .map_err(|_| OpenError)?;
        Ok(SecretKey::from_zeroizing(key))
    }
}

/// Splits `nonce || ciphertext || tag`, refusing blobs too short to hold a tag.
fn split(blob: &[u8]) -> Result<(&Nonce<U12>, &[u8]), OpenError> {
    if blob.len() < NONCE_LEN + TAG_LEN {
        return Err(OpenError);
    }
    let (nonce, sealed) = blob.split_at(NONCE_LEN);
    Ok((Nonce::from_slice(nonce), sealed))
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
    Opener::new(wrapping).unwrap_key(aad, blob)
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

    #[test]
    fn one_opener_unwraps_many_keys_and_refuses_a_moved_or_tampered_one() {
        let env_key = SecretKey::random();
        let data_keys: Vec<SecretKey> = (0..3).map(|_| SecretKey::random()).collect();
        let blobs: Vec<Vec<u8>> = (0u64..)
            .zip(&data_keys)
            .map(|(v, k)| wrap_key(&env_key, &place("A", v), k))
            .collect();
        let mut opener = Opener::new(&env_key);
        for (v, (blob, key)) in (0u64..).zip(blobs.iter().zip(&data_keys)) {
            let unwrapped = opener.unwrap_key(&place("A", v), blob).unwrap();
            assert_eq!(unwrapped.expose(), key.expose());
        }
        assert!(opener.unwrap_key(&place("A", 1), &blobs[0]).is_err());
        let mut tampered = blobs[2].clone();
        tampered[20] ^= 1;
        assert!(opener.unwrap_key(&place("A", 2), &tampered).is_err());
        // A sealed value is not a key: wrong length is refused, not truncated.
        let not_a_key = seal(&env_key, &place("A", 0), b"hello");
        assert!(opener.unwrap_key(&place("A", 0), &not_a_key).is_err());
    }

    #[test]
    fn open_once_opens_under_the_given_key_not_the_openers() {
        let env_key = SecretKey::random();
        let data_key = SecretKey::random();
        let blob = seal(&data_key, &place("A", 1), b"hello");
        let mut opener = Opener::new(&env_key);
        let opened = opener.open_once(&data_key, &place("A", 1), &blob).unwrap();
        assert_eq!(opened.expose(), b"hello");
        assert!(opener.open(&place("A", 1), &blob).is_err());
        assert!(opener.open_once(&data_key, &place("A", 2), &blob).is_err());
        assert!(opener.open_once(&env_key, &place("A", 1), &blob).is_err());
    }
}
