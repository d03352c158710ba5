//! Reading and writing CA and certificate records as items of the project's `pki`
//! environment: every write is one new sealed version (so history and rollback work on
//! them, and the vault's audit chain records the action), every read opens a sealed value.

use time::OffsetDateTime;

use super::issue::{self, IssueRequest};
use super::{
    BACKDATE_VAR, CA_PREFIX, CERT_PREFIX, CaRecord, CertRecord, PKI_ENV, PkiError, Result, Revoked,
    check_name,
};
use crate::crypto::SecretBytes;
use crate::vault::{Env, Kind, NewValue, Project, Unlocked, Vault, VaultError};

/// The PKI items of one project, opened.
pub struct Pki<'v> {
    vault: &'v mut Vault,
    unlocked: &'v mut Unlocked,
    env: Env,
}

impl<'v> Pki<'v> {
    /// The project's `pki` environment; made on first use when `create` is set.
    pub fn open(
        vault: &'v mut Vault,
        unlocked: &'v mut Unlocked,
        project: &Project,
        create: bool,
    ) -> Result<Self> {
        let env = match vault.env(project, PKI_ENV) {
            Ok(env) => env,
            Err(VaultError::EnvNotFound { .. }) if create => {
                vault.create_env(unlocked, project, PKI_ENV, None)?
            }
            Err(VaultError::EnvNotFound { .. }) => {
                return Err(PkiError::NoPki(project.name.clone()));
            }
            Err(e) => return Err(e.into()),
        };
        Ok(Pki {
            vault,
            unlocked,
            env,
        })
    }

    /// Makes CA `name` valid for `ttl`.
    pub fn create_ca(&mut self, name: &str, ttl: std::time::Duration) -> Result<CaRecord> {
        check_name(name)?;
        let item = format!("{CA_PREFIX}{name}");
        if self.names()?.contains(&item) {
            return Err(PkiError::CaExists(name.to_string()));
        }
        let ca = issue::new_ca(name, OffsetDateTime::now_utc(), ttl)?;
        self.write(&item, ca.to_json(), "ca-create")?;
        Ok(ca)
    }

    /// CA `name`, or the only one when `name` is `None`.
    pub fn ca(&mut self, name: Option<&str>) -> Result<CaRecord> {
        let name = match name {
            Some(n) => n.to_string(),
            None => self.only_ca()?,
        };
        let item = format!("{CA_PREFIX}{name}");
        if !self.names()?.contains(&item) {
            return Err(PkiError::NoCa(name));
        }
        let value = self.read(&item)?;
        CaRecord::from_json(&item, value.expose())
    }

    fn only_ca(&self) -> Result<String> {
        let cas: Vec<String> = self
            .names()?
            .into_iter()
            .filter_map(|n| n.strip_prefix(CA_PREFIX).map(str::to_string))
            .collect();
        match cas.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(PkiError::NoPki(self.env.project.clone())),
            many => Err(PkiError::WhichCa(many.join(", "))),
        }
    }

    /// Issues `req` under CA `ca` (or the only CA) and stores it as `cert.NAME`.
    pub fn issue(&mut self, ca: Option<&str>, req: &IssueRequest) -> Result<CertRecord> {
        check_name(&req.name)?;
        let ca = self.ca(ca)?;
        let cert = issue::issue(&ca, req, now()?)?;
        let item = format!("{CERT_PREFIX}{}", req.name);
        self.write(&item, cert.to_json(), "cert-issue")?;
        Ok(cert)
    }

    /// Certificate `name` as stored.
    pub fn cert(&mut self, name: &str) -> Result<CertRecord> {
        let item = format!("{CERT_PREFIX}{name}");
        if !self.names()?.contains(&item) {
            return Err(PkiError::NoCert(name.to_string()));
        }
        let value = self.read(&item)?;
        CertRecord::from_json(&item, value.expose())
    }

    /// Every CA and certificate, by name.
    pub fn all(&mut self) -> Result<(Vec<CaRecord>, Vec<CertRecord>)> {
        let (mut cas, mut certs) = (Vec::new(), Vec::new());
        for item in self.vault.reveal_all(self.unlocked, &self.env)? {
            let name = &item.info.name;
            if name.starts_with(CA_PREFIX) {
                cas.push(CaRecord::from_json(name, item.value.expose())?);
            } else if name.starts_with(CERT_PREFIX) {
                certs.push(CertRecord::from_json(name, item.value.expose())?);
            }
        }
        Ok((cas, certs))
    }

    /// Puts the certificate named `query` (or with that serial) on its CA's list.
    pub fn revoke(&mut self, query: &str) -> Result<CertRecord> {
        let (cas, certs) = self.all()?;
        let wanted = query.to_ascii_lowercase().replace(':', "");
        let cert = certs
            .into_iter()
            .find(|c| c.name == query || c.serial == wanted)
            .ok_or_else(|| PkiError::NoCert(query.to_string()))?;
        let mut ca = cas
            .into_iter()
            .find(|ca| ca.name == cert.ca)
            .ok_or_else(|| PkiError::NoCa(cert.ca.clone()))?;
        if ca.is_revoked(&cert.serial) {
            return Err(PkiError::AlreadyRevoked {
                name: cert.name.clone(),
                serial: cert.serial.clone(),
            });
        }
        ca.revoked.push(Revoked {
            serial: cert.serial.clone(),
            name: cert.name.clone(),
            at: OffsetDateTime::now_utc().unix_timestamp(),
        });
        self.write(
            &format!("{CA_PREFIX}{}", ca.name),
            ca.to_json(),
            "cert-revoke",
        )?;
        Ok(cert)
    }

    /// CA `name`'s CRL, PEM.
    pub fn crl(&mut self, name: &str) -> Result<String> {
        let ca = self.ca(Some(name))?;
        issue::crl(&ca, OffsetDateTime::now_utc())
    }

    fn names(&self) -> Result<Vec<String>> {
        Ok(self
            .vault
            .list(&self.env, false)?
            .into_iter()
            .map(|i| i.name)
            .collect())
    }

    fn read(&mut self, item: &str) -> Result<SecretBytes> {
        Ok(self
            .vault
            .reveal(self.unlocked, &self.env, item, None)?
            .value)
    }

    fn write(&mut self, item: &str, json: zeroize::Zeroizing<Vec<u8>>, action: &str) -> Result<()> {
        let value = NewValue {
            name: item.to_string(),
            value: SecretBytes::new(json.to_vec()),
            kind: Kind::Secret,
            literal: true,
        };
        self.vault
            .set_values(self.unlocked, &self.env, vec![value], action, false)?;
        Ok(())
    }
}

/// The clock for issuing, moved back by the [`BACKDATE_VAR`] test hook when set.
fn now() -> Result<OffsetDateTime> {
    let now = OffsetDateTime::now_utc();
    match std::env::var(BACKDATE_VAR) {
        Ok(v) if !v.is_empty() => {
            let back = humantime::parse_duration(&v).map_err(|_| PkiError::BadBackdate(v))?;
            Ok(now - back)
        }
        _ => Ok(now),
    }
}
