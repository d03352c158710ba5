//! The device identity (an age X25519 key pair) and what it wraps: env keys sent to a sync
//! server, and the passphrase-protected export file that carries the identity to another
//! home.
//!
//! Standards: age v1 (age-encryption.org/v1), X25519 recipients and, for the export file,
//! the scrypt recipient; the binary (unarmored) format throughout. An env key leaves the
//! device only as an age file addressed to recipients; the identity leaves it only under a
//! passphrase, and the scrypt work factor read back from such a file is attacker input, so
//! it is bounded ([`MAX_IMPORT_WORK_FACTOR`]). Nothing here touches disk or prints.

use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};

use super::keys::{SecretBytes, SecretKey};

/// Largest scrypt work factor (log2 N) accepted from an export file: 2^20 with r = 8 is
/// 1 GiB of memory, already more than any honest export on this kind of machine uses.
pub const MAX_IMPORT_WORK_FACTOR: u8 = 20;

/// Work factor of exports: fixed (256 MiB, about a second) rather than age's calibration,
/// which on a fast machine could pick more than another machine's import accepts.
pub const EXPORT_WORK_FACTOR: u8 = 18;

/// Something an age operation refused, without detail that could help an attacker.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum IdentityError {
    /// The text is not an `AGE-SECRET-KEY-1...` identity.
    #[error("not an age X25519 identity")]
    BadIdentity,
    /// The text is not an `age1...` X25519 recipient.
    #[error("{0:?} is not an age X25519 recipient")]
    BadRecipient(String),
    /// Decryption failed: not addressed to this identity, wrong passphrase, or damaged.
    #[error("cannot decrypt: {0}")]
    Decrypt(String),
    /// The decrypted env key is not 32 bytes.
    #[error("the decrypted key has the wrong length")]
    BadKey,
}

/// This device's age identity. Not Clone, not Display; `Debug` shows only the recipient.
pub struct DeviceIdentity(age::x25519::Identity);

impl DeviceIdentity {
    /// A fresh identity from the OS CSPRNG.
    pub fn generate() -> Self {
        DeviceIdentity(age::x25519::Identity::generate())
    }

    /// The identity whose X25519 secret scalar is `secret` (a service token derives it with
    /// HKDF, docs/tokens.md). Goes through age's own parser, so clamping and encoding are
    /// age's, not ours.
    pub fn from_secret_bytes(secret: &SecretKey) -> Self {
        let hrp = bech32::Hrp::parse("age-secret-key-").expect("a valid human-readable part");
        let text = zeroize::Zeroizing::new(
            bech32::encode::<bech32::Bech32>(hrp, secret.expose())
                .expect("32 bytes fit bech32's length limit")
                .to_uppercase(),
        );
        DeviceIdentity(
            age::x25519::Identity::from_str(&text).expect("age parses the encoding it writes"),
        )
    }

    /// Parses `AGE-SECRET-KEY-1...` (surrounding whitespace and `#` comment lines allowed,
    /// as in files written by `age-keygen`).
    pub fn parse(text: &SecretBytes) -> Result<Self, IdentityError> {
        let text = text.expose_str().ok_or(IdentityError::BadIdentity)?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .ok_or(IdentityError::BadIdentity)?;
        age::x25519::Identity::from_str(line)
            .map(DeviceIdentity)
            .map_err(|_| IdentityError::BadIdentity)
    }

    /// The secret key as `AGE-SECRET-KEY-1...`, for sealing into the vault or exporting.
    pub fn expose_secret_text(&self) -> SecretBytes {
        SecretBytes::new(self.0.to_string().expose_secret().as_bytes().to_vec())
    }

    /// The public recipient, `age1...`.
    pub fn recipient(&self) -> String {
        self.0.to_public().to_string()
    }

    /// Opens an env key wrapped to this identity by [`wrap_key_to`].
    pub fn unwrap_key(&self, wrapped: &[u8]) -> Result<SecretKey, IdentityError> {
        let bytes = SecretBytes::new(
            age::decrypt(&self.0, wrapped).map_err(|e| IdentityError::Decrypt(e.to_string()))?,
        );
        SecretKey::from_slice(bytes.expose()).ok_or(IdentityError::BadKey)
    }
}

impl std::fmt::Debug for DeviceIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceIdentity({}, ***)", self.recipient())
    }
}

/// Checks that `recipient` is an `age1...` X25519 recipient.
pub fn check_recipient(recipient: &str) -> Result<(), IdentityError> {
    age::x25519::Recipient::from_str(recipient)
        .map(|_| ())
        .map_err(|_| IdentityError::BadRecipient(recipient.to_string()))
}

/// Wraps a 32-byte key to one age X25519 recipient (binary age format).
pub fn wrap_key_to(recipient: &str, key: &SecretKey) -> Result<Vec<u8>, IdentityError> {
    let r = age::x25519::Recipient::from_str(recipient)
        .map_err(|_| IdentityError::BadRecipient(recipient.to_string()))?;
    Ok(age::encrypt(&r, key.expose()).expect("encrypting 32 bytes to one X25519 recipient"))
}

/// The identity as an age file encrypted to a passphrase (scrypt recipient).
/// `work_factor` overrides [`EXPORT_WORK_FACTOR`]; tests lower it.
pub fn export_identity(
    identity: &DeviceIdentity,
    passphrase: &[u8],
    work_factor: Option<u8>,
) -> Result<Vec<u8>, IdentityError> {
    let pass = passphrase_string(passphrase)?;
    let mut recipient = age::scrypt::Recipient::new(pass);
    recipient.set_work_factor(work_factor.unwrap_or(EXPORT_WORK_FACTOR));
    let text = identity.expose_secret_text();
    age::encrypt(&recipient, text.expose()).map_err(|e| IdentityError::Decrypt(e.to_string()))
}

/// Reads an export file written by [`export_identity`].
pub fn import_identity(file: &[u8], passphrase: &[u8]) -> Result<DeviceIdentity, IdentityError> {
    let mut identity = age::scrypt::Identity::new(passphrase_string(passphrase)?);
    identity.set_max_work_factor(MAX_IMPORT_WORK_FACTOR);
    let text = SecretBytes::new(
        age::decrypt(&identity, file).map_err(|e| IdentityError::Decrypt(e.to_string()))?,
    );
    DeviceIdentity::parse(&text)
}

fn passphrase_string(passphrase: &[u8]) -> Result<SecretString, IdentityError> {
    let text = std::str::from_utf8(passphrase)
        .map_err(|_| IdentityError::Decrypt("the passphrase is not UTF-8".into()))?;
    Ok(SecretString::from(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_key_round_trips_through_the_recipient() {
        let id = DeviceIdentity::generate();
        let key = SecretKey::random();
        let wrapped = wrap_key_to(&id.recipient(), &key).unwrap();
        assert!(wrapped.starts_with(b"age-encryption.org/v1\n"));
        assert_eq!(id.unwrap_key(&wrapped).unwrap().expose(), key.expose());
        let other = DeviceIdentity::generate();
        assert!(other.unwrap_key(&wrapped).is_err());
    }

    #[test]
    fn identity_text_round_trips_and_debug_hides_the_secret() {
        let id = DeviceIdentity::generate();
        let text = id.expose_secret_text();
        assert!(text.expose_str().unwrap().starts_with("AGE-SECRET-KEY-1"));
        let back = DeviceIdentity::parse(&text).unwrap();
        assert_eq!(back.recipient(), id.recipient());
        let shown = format!("{id:?}");
        assert!(shown.contains(&id.recipient()));
        assert!(!shown.contains("AGE-SECRET-KEY"));
    }

    #[test]
    fn export_opens_only_with_its_passphrase() {
        let id = DeviceIdentity::generate();
        let file = export_identity(&id, b"pass phrase", Some(10)).unwrap();
        assert!(!String::from_utf8_lossy(&file).contains("AGE-SECRET-KEY"));
        let back = import_identity(&file, b"pass phrase").unwrap();
        assert_eq!(back.recipient(), id.recipient());
        assert!(import_identity(&file, b"wrong").is_err());
    }

    #[test]
    fn recipients_are_checked() {
        assert!(check_recipient(&DeviceIdentity::generate().recipient()).is_ok());
        assert!(check_recipient("age1nope").is_err());
    }
}
