//! Making certificates and CRLs with rcgen, from and to [`record`](super::record)s.
//! Pure: no vault, no clock of its own (the caller passes `now`), no printing.
//!
//! A CA's issuer is rebuilt from its name ([`ca_params`]) and stored key rather than by
//! parsing its certificate: the subject, key usages and key-id method are fixed for
//! format 1, so the rebuilt issuer matches the stored certificate exactly.

use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName,
    DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    RevokedCertParams, SanType, SerialNumber,
};
use time::OffsetDateTime;

use super::record::{CA_FORMAT, CERT_FORMAT};
use super::{CaRecord, CertRecord, PkiError, Result};

/// What a certificate may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// TLS server (serverAuth).
    Server,
    /// TLS client (clientAuth).
    Client,
    /// Both.
    Both,
}

impl Usage {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Server => "server",
            Usage::Client => "client",
            Usage::Both => "server+client",
        }
    }

    fn purposes(self) -> Vec<ExtendedKeyUsagePurpose> {
        match self {
            Usage::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
            Usage::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
            Usage::Both => vec![
                ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsagePurpose::ClientAuth,
            ],
        }
    }
}

/// A certificate to issue.
#[derive(Debug, Clone)]
pub struct IssueRequest {
    /// Subject CN.
    pub cn: String,
    /// Item name (after `cert.`).
    pub name: String,
    /// `DNS:name`, `IP:addr`, or a bare name or address. Empty: the CN as a DNS name.
    pub sans: Vec<String>,
    /// Lifetime.
    pub ttl: std::time::Duration,
    /// Server, client or both.
    pub usage: Usage,
}

/// The CA subject and issuer settings of format 1: CN=NAME, O=secretscli.
fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn.push(DnType::OrganizationName, "secretscli");
    params.distinguished_name = dn;
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.key_identifier_method = KeyIdMethod::Sha256;
    params
}

/// A new CA valid from `now` for `ttl`, with a fresh ECDSA P-256 key.
pub fn new_ca(name: &str, now: OffsetDateTime, ttl: std::time::Duration) -> Result<CaRecord> {
    let key = KeyPair::generate()?;
    let mut params = ca_params(name);
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.not_before = now;
    params.not_after = now + ttl;
    params.serial_number = Some(random_serial().0);
    let cert = params.self_signed(&key)?;
    Ok(CaRecord {
        format: CA_FORMAT.into(),
        name: name.to_string(),
        not_after: params.not_after.unix_timestamp(),
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        revoked: Vec::new(),
    })
}

/// Issues `req` under `ca`, valid from `now`; refuses to outlive the CA.
pub fn issue(ca: &CaRecord, req: &IssueRequest, now: OffsetDateTime) -> Result<CertRecord> {
    let not_after = now + req.ttl;
    if not_after.unix_timestamp() > ca.not_after {
        return Err(PkiError::OutlivesCa {
            ca: ca.name.clone(),
            ca_expires: rfc3339(ca.not_after),
        });
    }
    let issuer = issuer(ca)?;
    let sans = if req.sans.is_empty() {
        vec![format!("DNS:{}", req.cn)]
    } else {
        req.sans.clone()
    };
    let key = KeyPair::generate()?;
    let (serial, serial_hex) = random_serial();
    let mut params = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, req.cn.as_str());
    params.distinguished_name = dn;
    params.subject_alt_names = sans.iter().map(|s| san(s)).collect::<Result<_>>()?;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = req.usage.purposes();
    params.use_authority_key_identifier_extension = true;
    params.not_before = now;
    params.not_after = not_after;
    params.serial_number = Some(serial);
    let cert = params.signed_by(&key, &issuer)?;
    Ok(CertRecord {
        format: CERT_FORMAT.into(),
        name: req.name.clone(),
        ca: ca.name.clone(),
        cn: req.cn.clone(),
        serial: serial_hex,
        sans: sans.iter().map(|s| normalize_san(s)).collect(),
        usage: req.usage.as_str().into(),
        not_before: now.unix_timestamp(),
        not_after: not_after.unix_timestamp(),
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        ca_pem: ca.cert_pem.clone(),
    })
}

/// The CA's CRL (PEM) as of `now`, valid for a week; its number is `now` in seconds, so
/// every later CRL has a larger one without keeping a counter.
pub fn crl(ca: &CaRecord, now: OffsetDateTime) -> Result<String> {
    let revoked = ca
        .revoked
        .iter()
        .map(|r| {
            Ok(RevokedCertParams {
                serial_number: SerialNumber::from_slice(&hex::decode(&r.serial).map_err(|_| {
                    PkiError::Damaged {
                        item: format!("ca.{}", ca.name),
                        what: "CA",
                        why: format!("revoked serial {:?} is not hex", r.serial),
                    }
                })?),
                revocation_time: OffsetDateTime::from_unix_timestamp(r.at)
                    .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                reason_code: None,
                invalidity_date: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let params = CertificateRevocationListParams {
        this_update: now,
        next_update: now + time::Duration::days(7),
        crl_number: SerialNumber::from(u64::try_from(now.unix_timestamp()).unwrap_or(1)),
        issuing_distribution_point: None,
        revoked_certs: revoked,
        key_identifier_method: KeyIdMethod::Sha256,
    };
    Ok(params.signed_by(&issuer(ca)?)?.pem()?)
}

fn issuer(ca: &CaRecord) -> Result<Issuer<'static, KeyPair>> {
    let key = KeyPair::from_pem(ca.expose_key_pem())?;
    Ok(Issuer::new(ca_params(&ca.name), key))
}

/// 16 random bytes, top bit clear so the DER integer is positive and 16 bytes long.
fn random_serial() -> (SerialNumber, String) {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    (SerialNumber::from_slice(&bytes), hex::encode(bytes))
}

/// `DNS:x`, `IP:x` or a bare value (an address if it parses as one).
fn san(text: &str) -> Result<SanType> {
    let bad = || PkiError::BadSan(text.to_string());
    let (kind, value) = match text.split_once(':') {
        Some((k, v)) if k.eq_ignore_ascii_case("dns") => ("dns", v),
        Some((k, v)) if k.eq_ignore_ascii_case("ip") => ("ip", v),
        _ if text.parse::<IpAddr>().is_ok() => ("ip", text),
        _ => ("dns", text),
    };
    if kind == "ip" {
        return value.parse().map(SanType::IpAddress).map_err(|_| bad());
    }
    let valid = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '*' | '_'));
    if !valid {
        return Err(bad());
    }
    Ok(SanType::DnsName(value.try_into().map_err(|_| bad())?))
}

fn normalize_san(text: &str) -> String {
    match san(text) {
        Ok(SanType::IpAddress(ip)) => format!("IP:{ip}"),
        Ok(SanType::DnsName(name)) => format!("DNS:{}", name.as_str()),
        _ => text.to_string(),
    }
}

/// Seconds since the epoch as RFC 3339 (UTC).
pub fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| secs.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(ttl_secs: u64) -> IssueRequest {
        IssueRequest {
            cn: "api.internal".into(),
            name: "api".into(),
            sans: vec!["DNS:api.internal".into(), "127.0.0.1".into()],
            ttl: std::time::Duration::from_secs(ttl_secs),
            usage: Usage::Server,
        }
    }

    #[test]
    fn a_certificate_records_its_serial_sans_and_ca() {
        let now = OffsetDateTime::now_utc();
        let ca = new_ca("root", now, std::time::Duration::from_secs(86400 * 365)).unwrap();
        let cert = issue(&ca, &req(3600), now).unwrap();
        assert_eq!(cert.sans, ["DNS:api.internal", "IP:127.0.0.1"]);
        assert_eq!(cert.serial.len(), 32);
        assert_eq!(cert.ca_pem, ca.cert_pem);
        assert!(cert.cert_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(
            cert.expose_key_pem()
                .starts_with("-----BEGIN PRIVATE KEY-----")
        );
    }

    #[test]
    fn a_certificate_may_not_outlive_its_ca() {
        let now = OffsetDateTime::now_utc();
        let ca = new_ca("root", now, std::time::Duration::from_secs(3600)).unwrap();
        assert!(matches!(
            issue(&ca, &req(7200), now),
            Err(PkiError::OutlivesCa { .. })
        ));
    }

    #[test]
    fn sans_that_are_neither_names_nor_addresses_are_refused() {
        for bad in ["IP:300.1.1.1", "DNS:", "a b", "DNS:ex ample"] {
            assert!(matches!(san(bad), Err(PkiError::BadSan(_))), "{bad}");
        }
    }
}
