//! The share envelope (docs/share.md, "Formats"): one value sealed on the creator's device
//! with AES-256-GCM (NIST SP 800-38D) under a key only the link's fragment (and, with
//! `--password`, the password) can rebuild. The server stores these bytes and hands them to
//! whoever presses "reveal"; without the fragment they are noise.
//!
//! Layout, version 1 (frozen: a golden test pins it byte for byte):
//! ```text
//! 0..4    magic "scs1"
//! 4       flags: 0 = link key only, 1 = link key and password
//! 5..9    PBKDF2-HMAC-SHA256 iterations, big-endian u32 (0 without a password)
//! 9..25   salt (16 random bytes)
//! 25..37  nonce (12 random bytes; one key seals one message)
//! 37..    ciphertext || 16-byte tag
//! ```
//! Key: `HKDF-SHA256(salt, ikm = K [|| PBKDF2-HMAC-SHA256(password, salt, iterations, 32)],
//! info = label)` with its own label for each kind, so a password share's key is never the
//! key-only one. AAD: [`AAD_LABEL`] || share id || bytes 0..37, so the header and the link
//! it belongs to are authenticated. Every step is one WebCrypto can do, which is why the
//! password KDF is PBKDF2 and not Argon2 (the page in `server/share_page.rs` does the same).
//!
//! The iteration count read from an envelope is attacker input (the server chose what to
//! send): [`MIN_ITERATIONS`]..=[`MAX_ITERATIONS`], nothing else is run.
//!
//! Nothing here prints or logs; the plaintext leaves only as [`SecretBytes`].

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

use super::ShareError;
use super::link::{LinkKey, ShareId};
use crate::crypto::keys::SecretBytes;

/// The envelope's first four bytes.
pub const MAGIC: &[u8; 4] = b"scs1";
/// Bytes before the ciphertext.
pub const HEADER_LEN: usize = 37;
const TAG_LEN: usize = 16;
/// Prefix of the AAD.
pub const AAD_LABEL: &[u8] = b"secretscli share v1\0";
/// HKDF info for a key-only share.
pub const INFO_KEY: &[u8] = b"secretscli share v1 key";
/// HKDF info for a share whose key also needs the password.
pub const INFO_PASSWORD: &[u8] = b"secretscli share v1 password key";
/// PBKDF2 iterations `share create --password` uses (OWASP's 2023 figure for
/// PBKDF2-HMAC-SHA256); a browser takes well under a second for it.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// Fewest iterations an envelope may ask for (tests create with this).
pub const MIN_ITERATIONS: u32 = 10_000;
/// Most iterations an envelope may ask for: beyond this a hostile server makes us spin.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Largest value a share carries.
pub const MAX_VALUE: usize = 64 * 1024;
/// Largest envelope, for the server's bound.
pub const MAX_ENVELOPE: usize = HEADER_LEN + MAX_VALUE + TAG_LEN;

/// What the envelope needs besides the link key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protection {
    /// The link key alone opens it.
    LinkOnly,
    /// The link key and a password, stretched with this many PBKDF2 iterations.
    Password {
        /// PBKDF2-HMAC-SHA256 iterations.
        iterations: u32,
    },
}

/// Seals `value` for share `id` under `key` (and `password` when given), with fresh salt
/// and nonce.
pub fn seal(
    id: &ShareId,
    key: &LinkKey,
    password: Option<(&[u8], u32)>,
    value: &[u8],
) -> Result<Vec<u8>, ShareError> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    seal_with(id, key, password, value, salt, nonce)
}

/// [`seal`] with the salt and nonce given (the golden test's fixed ones).
pub(crate) fn seal_with(
    id: &ShareId,
    key: &LinkKey,
    password: Option<(&[u8], u32)>,
    value: &[u8],
    salt: [u8; 16],
    nonce: [u8; 12],
) -> Result<Vec<u8>, ShareError> {
    if value.len() > MAX_VALUE {
        return Err(ShareError::TooLarge(MAX_VALUE));
    }
    let mut out = Vec::with_capacity(HEADER_LEN + value.len() + TAG_LEN);
    out.extend_from_slice(MAGIC);
    match password {
        Some((_, iterations)) => {
            check_iterations(iterations)?;
            out.push(1);
            out.extend_from_slice(&iterations.to_be_bytes());
        }
        None => {
            out.push(0);
            out.extend_from_slice(&0u32.to_be_bytes());
        }
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&nonce);
    let aes = derive(key, password.map(|(p, _)| p), &header(&out)?)?;
    let cipher = Aes256Gcm::new(aes.as_slice().into());
    let aad = aad(id, &out);
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: value,
                aad: &aad,
            },
        )
        .map_err(|_| ShareError::Damaged("cannot encrypt"))?;
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// What an envelope asks for before it can be opened.
pub fn protection(envelope: &[u8]) -> Result<Protection, ShareError> {
    Ok(header(envelope)?.protection)
}

/// Opens an envelope of share `id` with the link key (and the password when it needs one).
pub fn open(
    id: &ShareId,
    key: &LinkKey,
    password: Option<&[u8]>,
    envelope: &[u8],
) -> Result<SecretBytes, ShareError> {
    let h = header(envelope)?;
    if envelope.len() < HEADER_LEN + TAG_LEN {
        return Err(ShareError::Damaged("the envelope is truncated"));
    }
    let password = match h.protection {
        Protection::LinkOnly => None,
        Protection::Password { .. } => Some(password.ok_or(ShareError::PasswordNeeded)?),
    };
    let aes = derive(key, password, &h)?;
    let cipher = Aes256Gcm::new(aes.as_slice().into());
    let aad = aad(id, envelope);
    cipher
        .decrypt(
            Nonce::from_slice(&envelope[25..HEADER_LEN]),
            Payload {
                msg: &envelope[HEADER_LEN..],
                aad: &aad,
            },
        )
        .map(SecretBytes::new)
        .map_err(|_| match h.protection {
            Protection::LinkOnly => ShareError::WrongKey,
            Protection::Password { .. } => ShareError::WrongPassword,
        })
}

/// The parsed header.
struct Header {
    protection: Protection,
    salt: [u8; 16],
}

fn header(envelope: &[u8]) -> Result<Header, ShareError> {
    if envelope.len() < HEADER_LEN || &envelope[..4] != MAGIC {
        return Err(ShareError::Damaged("not a secretscli share envelope"));
    }
    let iterations = u32::from_be_bytes(envelope[5..9].try_into().expect("4 bytes"));
    let protection = match (envelope[4], iterations) {
        (0, 0) => Protection::LinkOnly,
        (1, n) => {
            check_iterations(n)?;
            Protection::Password { iterations: n }
        }
        _ => return Err(ShareError::Damaged("unknown envelope flags")),
    };
    Ok(Header {
        protection,
        salt: envelope[9..25].try_into().expect("16 bytes"),
    })
}

fn check_iterations(n: u32) -> Result<(), ShareError> {
    if (MIN_ITERATIONS..=MAX_ITERATIONS).contains(&n) {
        Ok(())
    } else {
        Err(ShareError::Damaged(
            "the envelope's PBKDF2 iteration count is out of bounds",
        ))
    }
}

fn aad(id: &ShareId, envelope: &[u8]) -> Vec<u8> {
    let mut aad = AAD_LABEL.to_vec();
    aad.extend_from_slice(id.as_str().as_bytes());
    aad.extend_from_slice(&envelope[..HEADER_LEN]);
    aad
}

/// The AES key: HKDF-SHA256 over the link key (and the PBKDF2 of the password).
fn derive(
    key: &LinkKey,
    password: Option<&[u8]>,
    h: &Header,
) -> Result<Zeroizing<[u8; 32]>, ShareError> {
    let mut ikm = Zeroizing::new(key.expose().to_vec());
    let info = match (password, h.protection) {
        (Some(p), Protection::Password { iterations }) => {
            let mut stretched = Zeroizing::new([0u8; 32]);
            pbkdf2::pbkdf2_hmac::<Sha256>(p, &h.salt, iterations, stretched.as_mut());
            ikm.extend_from_slice(stretched.as_ref());
            INFO_PASSWORD
        }
        _ => INFO_KEY,
    };
    let mut out = Zeroizing::new([0u8; 32]);
    hkdf::Hkdf::<Sha256>::new(Some(&h.salt), &ikm)
        .expand(info, out.as_mut())
        .map_err(|_| ShareError::Damaged("cannot derive the key"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> ShareId {
        ShareId::parse("AAECAwQFBgcICQoLDA0ODw").unwrap()
    }

    fn key() -> LinkKey {
        LinkKey::from_bytes([7u8; 32])
    }

    /// The v1 envelope, byte for byte: the page's JavaScript and every released CLI read
    /// exactly this, so a change here is a new version, not an edit.
    #[test]
    fn golden_envelope_v1_without_password() {
        let sealed = seal_with(&id(), &key(), None, b"hunter2", [1; 16], [2; 12]).unwrap();
        assert_eq!(
            hex::encode(&sealed),
            include_str!("golden_envelope_v1.hex").trim()
        );
        let opened = open(&id(), &key(), None, &sealed).unwrap();
        assert_eq!(opened.expose(), b"hunter2");
    }

    #[test]
    fn golden_envelope_v1_with_password() {
        let pw = Some((&b"correct horse"[..], MIN_ITERATIONS));
        let sealed = seal_with(&id(), &key(), pw, b"hunter2", [1; 16], [2; 12]).unwrap();
        assert_eq!(
            hex::encode(&sealed),
            include_str!("golden_envelope_v1_password.hex").trim()
        );
        assert_eq!(
            protection(&sealed).unwrap(),
            Protection::Password {
                iterations: MIN_ITERATIONS
            }
        );
        let opened = open(&id(), &key(), Some(b"correct horse"), &sealed).unwrap();
        assert_eq!(opened.expose(), b"hunter2");
    }

    #[test]
    fn the_password_is_part_of_the_key_not_a_gate() {
        let pw = Some((&b"pw"[..], MIN_ITERATIONS));
        let sealed = seal(&id(), &key(), pw, b"v").unwrap();
        assert!(matches!(
            open(&id(), &key(), None, &sealed),
            Err(ShareError::PasswordNeeded)
        ));
        assert!(matches!(
            open(&id(), &key(), Some(b"other"), &sealed),
            Err(ShareError::WrongPassword)
        ));
        // A server flipping the flag to "no password" gets a different key, not the value.
        let mut stripped = sealed.clone();
        stripped[4] = 0;
        stripped[5..9].copy_from_slice(&[0; 4]);
        assert!(open(&id(), &key(), None, &stripped).is_err());
    }

    #[test]
    fn an_envelope_moved_to_another_link_or_under_another_key_does_not_open() {
        let sealed = seal(&id(), &key(), None, b"v").unwrap();
        let other = ShareId::parse("BBECAwQFBgcICQoLDA0ODw").unwrap();
        assert!(matches!(
            open(&other, &key(), None, &sealed),
            Err(ShareError::WrongKey)
        ));
        let wrong = LinkKey::from_bytes([8; 32]);
        assert!(open(&id(), &wrong, None, &sealed).is_err());
    }

    #[test]
    fn hostile_iteration_counts_are_refused_before_any_work() {
        let mut sealed = seal(&id(), &key(), Some((b"pw", MIN_ITERATIONS)), b"v").unwrap();
        sealed[5..9].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(protection(&sealed), Err(ShareError::Damaged(_))));
        assert!(matches!(
            open(&id(), &key(), Some(b"pw"), &sealed),
            Err(ShareError::Damaged(_))
        ));
        assert!(matches!(
            open(&id(), &key(), None, b"scs1"),
            Err(ShareError::Damaged(_))
        ));
    }

    #[test]
    fn values_over_the_bound_are_refused() {
        let big = vec![0u8; MAX_VALUE + 1];
        assert!(matches!(
            seal(&id(), &key(), None, &big),
            Err(ShareError::TooLarge(_))
        ));
    }
}
