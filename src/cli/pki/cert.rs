//! `secretscli cert issue|list|revoke`: certificates issued by a vault CA. `issue` prints
//! the certificate and key on stdout, or with `-o DIR` writes them as 0600 files (never
//! replacing a file that is there), and keeps them as item `cert.NAME` for `inject --cert`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::super::Global;
use super::with_pki;
use crate::error::{Exit, UserError};
use crate::output;
use crate::pki::issue::rfc3339;
use crate::pki::{CertRecord, IssueRequest, PkiError, Usage};

// Certificate subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Issue a certificate and key (ECDSA P-256) from a vault CA; short-lived by default
    ///
    /// By default the certificate serves both ends of TLS (`--usage server` or `client`
    /// narrows it; `--server` is the global sync-server flag). Without --san the CN is its
    /// DNS name. The certificate is kept as item `cert.NAME` of environment `pki`, for
    /// `inject --cert NAME`, `cert list` and `cert revoke`.
    Issue {
        /// Subject common name, e.g. api.internal
        cn: String,
        /// Subject alternative name: DNS:host, IP:addr, or a bare host or address; repeatable
        #[arg(long, value_name = "SAN")]
        san: Vec<String>,
        /// How long it is valid, e.g. 24h, 30m
        #[arg(long, default_value = "24h", value_name = "DURATION", value_parser = humantime::parse_duration)]
        ttl: std::time::Duration,
        /// What it is for: server, client (mutual TLS) or both
        #[arg(long, value_enum, default_value_t = UsageArg::Both, value_name = "USAGE")]
        usage: UsageArg,
        /// The issuing CA [default: the project's only CA]
        #[arg(long, value_name = "NAME")]
        ca: Option<String>,
        /// Name to keep it under [default: the CN]
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Write NAME.crt, NAME.key and ca.crt (0600) into this directory instead of printing
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// List issued certificates: name, CN, serial, CA, expiry, status
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Revoke a certificate by name or serial: it goes on its CA's CRL (`ca crl`)
    Revoke {
        /// The certificate's name or serial (hex, colons allowed)
        cert: String,
    },
}

/// `--usage`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum UsageArg {
    /// TLS server (serverAuth)
    Server,
    /// TLS client (clientAuth)
    Client,
    /// Both
    Both,
}

/// Runs a certificate subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Issue {
            cn,
            san,
            ttl,
            usage,
            ca,
            name,
            out,
        } => {
            let usage = match usage {
                UsageArg::Server => Usage::Server,
                UsageArg::Client => Usage::Client,
                UsageArg::Both => Usage::Both,
            };
            let req = IssueRequest {
                name: name.unwrap_or_else(|| cn.clone()),
                cn,
                sans: san,
                ttl,
                usage,
            };
            if let Some(dir) = &out {
                refuse_existing(dir, &req.name)?;
            }
            let cert = with_pki(g, false, |p| p.issue(ca.as_deref(), &req))?;
            deliver(&cert, out.as_deref())
        }
        Command::List { json } => list(g, json),
        Command::Revoke { cert } => {
            let c = with_pki(g, false, |p| p.revoke(&cert))?;
            output::note(&format!(
                "revoked {} (serial {}); hand out the new CRL: `secretscli ca crl {}`",
                c.name, c.serial, c.ca
            ));
            Ok(())
        }
    }
}

fn deliver(cert: &CertRecord, out: Option<&Path>) -> anyhow::Result<()> {
    let until = rfc3339(cert.not_after);
    let Some(dir) = out else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(cert.cert_pem.as_bytes())?;
        stdout.write_all(cert.expose_key_pem().as_bytes())?;
        stdout.flush()?;
        output::note(&format!(
            "issued {} (serial {}, until {until})",
            cert.name, cert.serial
        ));
        return Ok(());
    };
    let [crt, key, ca] = file_names(&cert.name);
    write_private(&dir.join(crt), &cert.cert_pem)?;
    write_private(&dir.join(key), cert.expose_key_pem())?;
    write_private(&dir.join(ca), &cert.ca_pem)?;
    output::note(&format!(
        "issued {} (serial {}, until {until}) into {}",
        cert.name,
        cert.serial,
        dir.display()
    ));
    Ok(())
}

fn file_names(name: &str) -> [String; 3] {
    [
        format!("{name}.crt"),
        format!("{name}.key"),
        "ca.crt".into(),
    ]
}

/// Checked before issuing, so a refused `-o` leaves no certificate behind in the vault.
fn refuse_existing(dir: &Path, name: &str) -> anyhow::Result<()> {
    for file in file_names(name) {
        let path = dir.join(file);
        if path.exists() {
            return Err(UserError::new(
                Exit::Conflict,
                format!("{} already exists", path.display()),
                "remove it, or pass another -o DIR",
            )
            .into());
        }
    }
    if dir.exists() && !dir.is_dir() {
        return Err(UserError::new(
            Exit::Conflict,
            format!("{} is not a directory", dir.display()),
            "pass a directory (made if missing) with -o DIR",
        )
        .into());
    }
    // Made like `mkdir -p`, owner-only (the process umask is 077).
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(())
}

/// Creates `path` 0600 (never following or replacing what is there) and writes `text`.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

#[derive(serde::Serialize)]
struct Listed {
    name: String,
    cn: String,
    serial: String,
    ca: String,
    usage: String,
    sans: Vec<String>,
    not_after: String,
    status: &'static str,
}

fn list(g: &Global, json: bool) -> anyhow::Result<()> {
    // A project without a CA has no certificates: an empty list, not an error.
    let (cas, certs) = match super::try_pki(g, false, |p| p.all())? {
        Err(PkiError::NoPki(_)) => (Vec::new(), Vec::new()),
        other => other.map_err(super::user_error)?,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let rows: Vec<Listed> = certs
        .iter()
        .map(|c| Listed {
            name: c.name.clone(),
            cn: c.cn.clone(),
            serial: c.serial.clone(),
            ca: c.ca.clone(),
            usage: c.usage.clone(),
            sans: c.sans.clone(),
            not_after: rfc3339(c.not_after),
            status: if cas
                .iter()
                .any(|ca| ca.name == c.ca && ca.is_revoked(&c.serial))
            {
                "revoked"
            } else if c.not_after <= now {
                "expired"
            } else {
                "valid"
            },
        })
        .collect();
    if json {
        return Ok(output::json(&rows)?);
    }
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.cn,
                r.serial,
                r.ca,
                r.not_after,
                r.status.to_string(),
            ]
        })
        .collect();
    Ok(output::table(
        &["NAME", "CN", "SERIAL", "CA", "EXPIRES", "STATUS"],
        &table,
    )?)
}
