//! The JSON records stored as the values of `ca.NAME` and `cert.NAME` items. Their field
//! names are a stored format (synced to other devices, read by later versions), so they
//! only grow, and the golden test below freezes them. Keys are PKCS#8 PEM. `Debug` never
//! shows a key; the key fields are wiped when a record drops.

use serde::{Deserialize, Serialize};
use zeroize::Zeroize as _;

use super::{PkiError, Result};

/// `format` of a CA record.
pub const CA_FORMAT: &str = "secretscli-ca/1";
/// `format` of a certificate record.
pub const CERT_FORMAT: &str = "secretscli-cert/1";

/// A CA: its certificate, its key and what it has revoked.
#[derive(Serialize, Deserialize)]
pub struct CaRecord {
    /// [`CA_FORMAT`].
    pub format: String,
    /// The CA's name (its subject CN).
    pub name: String,
    /// Expiry, seconds since the Unix epoch.
    pub not_after: i64,
    /// The self-signed CA certificate, PEM.
    pub cert_pem: String,
    /// The CA's private key, PKCS#8 PEM.
    pub(super) key_pem: String,
    /// Revoked serials, oldest first.
    #[serde(default)]
    pub revoked: Vec<Revoked>,
}

/// One revoked certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoked {
    /// Serial, lowercase hex.
    pub serial: String,
    /// Its item name when revoked.
    pub name: String,
    /// When, seconds since the Unix epoch.
    pub at: i64,
}

/// An issued certificate with its key and its CA's certificate.
#[derive(Serialize, Deserialize)]
pub struct CertRecord {
    /// [`CERT_FORMAT`].
    pub format: String,
    /// Item name (after `cert.`).
    pub name: String,
    /// The issuing CA's name.
    pub ca: String,
    /// Subject CN.
    pub cn: String,
    /// Serial, lowercase hex.
    pub serial: String,
    /// Subject alternative names as given (`DNS:...`, `IP:...`).
    pub sans: Vec<String>,
    /// `server`, `client` or `server+client`.
    pub usage: String,
    /// Validity start, seconds since the Unix epoch.
    pub not_before: i64,
    /// Expiry, seconds since the Unix epoch.
    pub not_after: i64,
    /// The certificate, PEM.
    pub cert_pem: String,
    /// Its private key, PKCS#8 PEM.
    pub(super) key_pem: String,
    /// The CA certificate, PEM (what a peer trusts).
    pub ca_pem: String,
}

impl CaRecord {
    /// The private key PEM. Callers must not copy it anywhere that outlives the call.
    pub fn expose_key_pem(&self) -> &str {
        &self.key_pem
    }

    /// Parses a stored record.
    pub fn from_json(item: &str, bytes: &[u8]) -> Result<Self> {
        let r: CaRecord = parse(item, "CA", bytes)?;
        check_format(item, "CA", &r.format, CA_FORMAT)?;
        Ok(r)
    }

    /// The stored form (key included: store it sealed only).
    pub fn to_json(&self) -> zeroize::Zeroizing<Vec<u8>> {
        zeroize::Zeroizing::new(serde_json::to_vec(self).expect("plain fields serialize"))
    }

    /// Whether `serial` is on this CA's list.
    pub fn is_revoked(&self, serial: &str) -> bool {
        self.revoked.iter().any(|r| r.serial == serial)
    }
}

impl CertRecord {
    /// The private key PEM. Callers must not copy it anywhere that outlives the call.
    pub fn expose_key_pem(&self) -> &str {
        &self.key_pem
    }

    /// Parses a stored record.
    pub fn from_json(item: &str, bytes: &[u8]) -> Result<Self> {
        let r: CertRecord = parse(item, "certificate", bytes)?;
        check_format(item, "certificate", &r.format, CERT_FORMAT)?;
        Ok(r)
    }

    /// The stored form (key included: store it sealed only).
    pub fn to_json(&self) -> zeroize::Zeroizing<Vec<u8>> {
        zeroize::Zeroizing::new(serde_json::to_vec(self).expect("plain fields serialize"))
    }
}

fn parse<T: for<'de> Deserialize<'de>>(item: &str, what: &'static str, bytes: &[u8]) -> Result<T> {
    // serde_json's message names a field or a position, never a value.
    serde_json::from_slice(bytes).map_err(|e| PkiError::Damaged {
        item: item.to_string(),
        what,
        why: format!(
            "{} at line {} column {}",
            classify(&e),
            e.line(),
            e.column()
        ),
    })
}

fn classify(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Data => "a field is missing or has the wrong type",
        serde_json::error::Category::Syntax => "it is not JSON",
        serde_json::error::Category::Eof => "it ends early",
        serde_json::error::Category::Io => "it cannot be read",
    }
}

fn check_format(item: &str, what: &'static str, found: &str, want: &str) -> Result<()> {
    if found == want {
        return Ok(());
    }
    Err(PkiError::Damaged {
        item: item.to_string(),
        what,
        why: format!("its format is {found:?}, this secretscli reads {want:?}"),
    })
}

impl Drop for CaRecord {
    fn drop(&mut self) {
        self.key_pem.zeroize();
    }
}

impl Drop for CertRecord {
    fn drop(&mut self) {
        self.key_pem.zeroize();
    }
}

impl std::fmt::Debug for CaRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaRecord")
            .field("name", &self.name)
            .field("not_after", &self.not_after)
            .field("revoked", &self.revoked)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for CertRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertRecord")
            .field("name", &self.name)
            .field("ca", &self.ca)
            .field("serial", &self.serial)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA_GOLDEN: &str = r#"{"format":"secretscli-ca/1","name":"root","not_after":1900000000,"cert_pem":"CERT","key_pem":"KEY","revoked":[{"serial":"0a1b","name":"api","at":1800000000}]}"#;
    const CERT_GOLDEN: &str = r#"{"format":"secretscli-cert/1","name":"api","ca":"root","cn":"api.internal","serial":"0a1b","sans":["DNS:api.internal","IP:127.0.0.1"],"usage":"server","not_before":1700000000,"not_after":1700086400,"cert_pem":"CERT","key_pem":"KEY","ca_pem":"CA"}"#;

    /// The stored field names and order are frozen: a record written today is read by
    /// every later version and by other devices after sync.
    #[test]
    fn golden_records_parse_and_serialize_byte_for_byte() {
        let ca = CaRecord::from_json("ca.root", CA_GOLDEN.as_bytes()).unwrap();
        assert_eq!(ca.expose_key_pem(), "KEY");
        assert!(ca.is_revoked("0a1b"));
        assert_eq!(ca.to_json().as_slice(), CA_GOLDEN.as_bytes());
        let cert = CertRecord::from_json("cert.api", CERT_GOLDEN.as_bytes()).unwrap();
        assert_eq!(
            (cert.cn.as_str(), cert.not_after),
            ("api.internal", 1700086400)
        );
        assert_eq!(cert.to_json().as_slice(), CERT_GOLDEN.as_bytes());
    }

    #[test]
    fn another_format_is_refused_by_name() {
        let text = CA_GOLDEN.replace("secretscli-ca/1", "secretscli-ca/9");
        let err = CaRecord::from_json("ca.root", text.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("\"secretscli-ca/9\""), "{err}");
    }

    #[test]
    fn debug_and_errors_never_show_the_key() {
        let ca = CaRecord::from_json("ca.root", CA_GOLDEN.as_bytes()).unwrap();
        assert!(!format!("{ca:?}").contains("KEY"));
        let broken = CERT_GOLDEN.replace("\"ca\":\"root\",", "");
        let err = CertRecord::from_json("cert.api", broken.as_bytes()).unwrap_err();
        assert!(!err.to_string().contains("KEY"), "{err}");
    }
}
