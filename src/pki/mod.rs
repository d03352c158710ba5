//! Certificates from a CA that lives in the vault (issue 16, docs/pki.md): `ca create`,
//! `cert issue`, `cert revoke`, `ca crl`, and the certificate `inject --cert` hands over.
//!
//! Everything is an item of the project's environment [`PKI_ENV`], sealed like every value
//! (and so synced end to end): `ca.NAME` holds a CA, `cert.NAME` an issued certificate,
//! each as one JSON record ([`record`], frozen by a golden test). Keeping them out of the
//! environments apps run with means `inject` never hands a CA key to a child by accident.
//! Certificates are made by rcgen (ECDSA P-256 with SHA-256, ring); never OpenSSL.
//! This module never prints, prompts or exits, and never puts key material in an error.

pub mod issue;
pub mod record;
pub mod store;

pub use issue::{IssueRequest, Usage};
pub use record::{CaRecord, CertRecord, Revoked};
pub use store::Pki;

use crate::vault::VaultError;

/// The environment of each project that holds its CAs and certificates.
pub const PKI_ENV: &str = "pki";
/// Item name prefix of a CA.
pub const CA_PREFIX: &str = "ca.";
/// Item name prefix of an issued certificate.
pub const CERT_PREFIX: &str = "cert.";
/// `inject --cert NAME`: the certificate (PEM).
pub const TLS_CERT_VAR: &str = "TLS_CERT";
/// `inject --cert NAME`: its private key (PKCS#8 PEM).
pub const TLS_KEY_VAR: &str = "TLS_KEY";
/// `inject --cert NAME`: the issuing CA's certificate (PEM).
pub const TLS_CA_VAR: &str = "TLS_CA";
/// Test hook (docs/pki.md): issue as if the clock read this long ago, e.g. `48h`, so a
/// test can hold a certificate that has already expired without waiting for it.
pub const BACKDATE_VAR: &str = "SECRETSCLI_PKI_BACKDATE";

/// What can go wrong; each has a next step ([`PkiError::hint`]).
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    /// No CA of that name.
    #[error("no CA named {0:?} in this project")]
    NoCa(String),
    /// The project has no CA at all.
    #[error("project {0} has no CA yet")]
    NoPki(String),
    /// A CA of that name exists.
    #[error("a CA named {0:?} already exists")]
    CaExists(String),
    /// Several CAs and none chosen.
    #[error("this project has several CAs ({0}); choose one")]
    WhichCa(String),
    /// No certificate matches.
    #[error("no certificate named or numbered {0:?}")]
    NoCert(String),
    /// Already on the CRL.
    #[error("certificate {name} (serial {serial}) is already revoked")]
    AlreadyRevoked {
        /// Its item name.
        name: String,
        /// Its serial.
        serial: String,
    },
    /// A `--san` that is neither a DNS name nor an IP address.
    #[error("{0:?} is not a DNS name or an IP address")]
    BadSan(String),
    /// A CA or certificate name that cannot be an item name.
    #[error("{0:?} cannot name a CA or certificate (letters, digits, '.', '-', '_' only)")]
    BadName(String),
    /// The certificate would outlive its CA.
    #[error("the certificate would expire after its CA {ca} (which expires {ca_expires})")]
    OutlivesCa {
        /// The CA.
        ca: String,
        /// When it expires (RFC 3339).
        ca_expires: String,
    },
    /// A stored record that does not parse.
    #[error("item {item} is not a {what} record: {why}")]
    Damaged {
        /// The item name.
        item: String,
        /// CA or certificate.
        what: &'static str,
        /// Why.
        why: String,
    },
    /// The backdating test hook holds no duration.
    #[error("{BACKDATE_VAR}={0:?} is not a duration")]
    BadBackdate(String),
    /// rcgen refused (a name it cannot encode, a key it cannot read).
    #[error("cannot make the certificate: {0}")]
    Rcgen(#[from] rcgen::Error),
    /// The vault.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl PkiError {
    /// What to do next.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            PkiError::NoCa(_) => "see `secretscli cert list`, or make one with `secretscli ca create NAME`".into(),
            PkiError::NoPki(_) => "make one with `secretscli ca create NAME` (-p chooses another project)".into(),
            PkiError::CaExists(_) => "choose another name; `ca show NAME` prints the existing CA".into(),
            PkiError::WhichCa(_) => "pass --ca NAME".into(),
            PkiError::NoCert(_) => "see `secretscli cert list` for names and serials".into(),
            PkiError::AlreadyRevoked { .. } => "`secretscli ca crl CA` prints the CRL that lists it".into(),
            PkiError::BadSan(_) => "write --san DNS:host.example or --san IP:10.0.0.1".into(),
            PkiError::BadName(_) => "pass --name with a simple name, e.g. --name api".into(),
            PkiError::OutlivesCa { .. } => "pass a shorter --ttl, or make a new CA".into(),
            PkiError::Damaged { .. } => "look at its history (`secretscli history -e pki ITEM`) and roll back a good version".into(),
            PkiError::BadBackdate(_) => format!("unset {BACKDATE_VAR}; it is a test hook (e.g. 48h)"),
            PkiError::Rcgen(_) => return None,
            PkiError::Vault(v) => return v.hint(),
        })
    }
}

/// Result type of this module.
pub type Result<T, E = PkiError> = std::result::Result<T, E>;

/// Checks a CA or certificate name: it becomes part of an item name and a file name.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(PkiError::BadName(name.to_string()))
    }
}
