//! `secretscli token create|list|revoke|credential`: service tokens for CI jobs and services
//! (issue 12, docs/tokens.md), the HTTP credential apps send the config API, and how `inject`, `get`, `export` and `list` find and use one when
//! there is no vault (`SECRETSCLI_TOKEN`, `SECRETSCLI_TOKEN_FILE`, `--token-stdin`).
//!
//! A token is printed once, on stdout, and kept nowhere: not in the vault, not in a file.
//! Its use touches no disk. This file prints; the rules are in `src/token/`.

use std::io::Read as _;
use std::io::Write as _;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::token::{self, Opened, OpenedEnv, ServiceToken, TOKEN_FILE_VAR, TOKEN_VAR, TokenError};
use crate::wire::token::{
    AUTH_PREFIX, Cidr, OidcBinding, ServiceTokenInfo, TokenScope, check_issuer,
};

// Token subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make a service token for one or more environments (-e, repeatable); printed once
    ///
    /// Needs the admin role on each environment, on a device that holds its keys. The env
    /// keys are wrapped to the token's own key, which needs a share the server releases
    /// only to a use that passes the token's checks; revoking forgets that share.
    Create {
        /// A name for the token (list, revoke, the server's audit)
        name: String,
        /// Also write: `set` and `import` with the token push to its environment (read-only otherwise)
        #[arg(long)]
        write: bool,
        /// How long it works, e.g. 30d, 12h (default: until revoked)
        #[arg(long, value_name = "DURATION")]
        expires: Option<humantime::Duration>,
        /// Only items whose names match these globs, e.g. 'auth.*,db.*' (server-enforced)
        #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
        names: Vec<String>,
        /// Only from these client addresses, e.g. 10.0.0.0/8,192.0.2.7
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        cidr: Vec<String>,
        /// At most this many uses
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max_uses: Option<u64>,
        #[command(flatten)]
        oidc: OidcArgs,
        /// Print JSON (the token and what the server stored)
        #[arg(long)]
        json: bool,
    },
    /// List the tokens of environments you administer: scope, expiry, uses, last use
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token: the server forgets its share and wraps, so no copy opens anything
    Revoke {
        /// The token's name
        name: String,
        /// Also start a new key version of its environments (values it read stay exposed)
        #[arg(long)]
        rotate: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Print a token's HTTP credential (scsa_...) for apps that read the server's config API
    ///
    /// Reads the service token from SECRETSCLI_TOKEN, the file SECRETSCLI_TOKEN_FILE names,
    /// or stdin with --token-stdin (never from an argument), and prints the credential an
    /// app sends as `Authorization: Bearer scsa_...` to `GET /v1/config/PROJECT/ENV/KEY`.
    /// It is derived from the token (HKDF-SHA256) and is only the server-side auth part:
    /// it opens no value, and the server's checks (revoked, expired, --names, --cidr,
    /// --max-uses) apply to it as to the token. Nothing is sent anywhere.
    ///
    /// Never give an app the scs_ token itself, and never send it to the server: it holds
    /// the token's own key share, which with the server's share decrypts the environment.
    Credential {
        /// Read the service token from stdin (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)
        #[arg(long)]
        token_stdin: bool,
    },
}

/// Binding a token to a CI identity: the server then also wants an OIDC ID token from
/// this issuer whose claims match (docs/tokens.md).
#[derive(Debug, clap::Args)]
pub struct OidcArgs {
    /// Also require an OIDC ID token from this issuer, e.g. https://token.actions.githubusercontent.com
    #[arg(long, value_name = "URL", requires = "oidc_subject")]
    oidc_issuer: Option<String>,
    /// The audience the ID token must carry (with --oidc-issuer)
    #[arg(long, value_name = "AUD", requires = "oidc_issuer", default_value = token::oidc::DEFAULT_AUDIENCE)]
    oidc_audience: String,
    /// Glob the ID token's subject must match, e.g. 'repo:org/app:ref:refs/heads/main'
    #[arg(long, value_name = "GLOB", requires = "oidc_issuer")]
    oidc_subject: Option<String>,
}

impl OidcArgs {
    fn binding(self) -> anyhow::Result<Option<OidcBinding>> {
        let (Some(issuer), Some(subject)) = (self.oidc_issuer, self.oidc_subject) else {
            return Ok(None);
        };
        if let Err(why) = check_issuer(&issuer) {
            return Err(UserError::new(
                Exit::Usage,
                format!("--oidc-issuer {issuer:?} is not {why}"),
                "give the issuer exactly as its ID tokens' `iss` claim says it, e.g. --oidc-issuer https://token.actions.githubusercontent.com",
            )
            .into());
        }
        Ok(Some(OidcBinding {
            issuer,
            audience: self.oidc_audience,
            subject,
        }))
    }
}

/// Runs a token subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Create {
            name,
            write,
            expires,
            names,
            cidr,
            max_uses,
            oidc,
            json,
        } => {
            let mut scope = scope(write, expires, names, cidr, max_uses)?;
            scope.oidc = oidc.binding()?;
            create(g, name, scope, json)
        }
        Command::List { json } => list(g, json),
        Command::Revoke { name, rotate, json } => revoke(g, &name, rotate, json),
        Command::Credential { token_stdin } => credential(token_stdin),
    }
}

/// `token credential`: the token's `scsa_` credential on stdout, computed here (no request).
fn credential(token_stdin: bool) -> anyhow::Result<()> {
    let Some(token) = from_env(token_stdin)? else {
        return Err(UserError::new(
            Exit::Usage,
            "no service token to derive a credential from",
            format!(
                "put the scs_ token in {TOKEN_VAR} or in a file named by {TOKEN_FILE_VAR}, or pipe it to `secretscli token credential --token-stdin`"
            ),
        )
        .into());
    };
    let credential = token.credential();
    let mut out = std::io::stdout().lock();
    out.write_all(credential.expose())?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

fn scope(
    write: bool,
    expires: Option<humantime::Duration>,
    names: Vec<String>,
    cidrs: Vec<String>,
    max_uses: Option<u64>,
) -> anyhow::Result<TokenScope> {
    if let Some(bad) = cidrs.iter().find(|c| Cidr::parse(c).is_none()) {
        return Err(UserError::new(
            Exit::Usage,
            format!("--cidr {bad:?} is not an address range"),
            "write ranges like 10.0.0.0/8 or 2001:db8::/32, or single addresses, separated by commas",
        )
        .into());
    }
    let expires_at =
        expires.map(|d| now_ms().saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)));
    Ok(TokenScope {
        write,
        names: names.into_iter().filter(|n| !n.is_empty()).collect(),
        cidrs,
        max_uses,
        expires_at,
        oidc: None,
    })
}

pub(super) fn token_err(e: TokenError) -> anyhow::Error {
    let exit = match &e {
        TokenError::Sync(_) | TokenError::Vault(_) => return e.into(),
        TokenError::Malformed { .. } | TokenError::WhichEnv(_) => Exit::Usage,
        TokenError::NotInToken { .. } | TokenError::NotPushed(_) => Exit::NotFound,
        TokenError::Refused(_) | TokenError::ReadOnly(_) | TokenError::KeyVersionMissing { .. } => {
            Exit::Refused
        }
        TokenError::Undecryptable { .. } => Exit::Damaged,
        TokenError::Unreadable { .. } | TokenError::OidcUnavailable { .. } => Exit::Failure,
    };
    let hint = e.hint().unwrap_or_default();
    UserError::new(exit, e.to_string(), hint).into()
}

fn create(g: &Global, name: String, scope: TokenScope, json: bool) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let (project, _) = session::target(&vault, g)?;
    let env_names: Vec<String> = if g.all_envs.is_empty() {
        vec![session::target(&vault, g)?.1.name]
    } else {
        g.all_envs.clone()
    };
    let envs = env_names
        .iter()
        .map(|e| vault.env(&project, e))
        .collect::<Result<Vec<_>, _>>()?;
    let mut conn = super::team::connect(g, &mut vault, &unlocked)?;
    let req = token::Request { name, envs, scope };
    let created = token::create(&mut vault, &mut unlocked, &mut conn, req).map_err(token_err)?;
    let text = created.token.expose_str().expect("a token is ASCII");
    if json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            token: &'a str,
            #[serde(flatten)]
            info: &'a ServiceTokenInfo,
        }
        return Ok(output::json(&Out {
            token: text,
            info: &created.info,
        })?);
    }
    output::note(&format!(
        "created service token {} for {}; it is shown once, below: store it in your CI's secret store",
        output::escape(&created.info.name),
        envs_label(&created.info)
    ));
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    output::note(&format!(
        "use it with `{TOKEN_VAR}=... secretscli inject -- CMD` (no vault needed); revoke it with `secretscli token revoke {}`",
        output::escape(&created.info.name)
    ));
    Ok(())
}

fn envs_label(info: &ServiceTokenInfo) -> String {
    info.envs
        .iter()
        .map(|e| format!("{}/{}", output::escape(&e.project), output::escape(&e.env)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(g: &Global, json: bool) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::team::connect(g, &mut vault, &unlocked)?;
    let tokens: Vec<ServiceTokenInfo> = conn.transport.get("v1/service-tokens")?;
    if json {
        return Ok(output::json(&tokens)?);
    }
    let rows: Vec<Vec<String>> = tokens.iter().map(row).collect();
    Ok(output::table(
        &[
            "NAME",
            "ENVS",
            "SCOPE",
            "EXPIRES",
            "USES",
            "LAST USED",
            "STATE",
        ],
        &rows,
    )?)
}

fn row(t: &ServiceTokenInfo) -> Vec<String> {
    let s = &t.scope;
    let mut scope = vec![if s.write { "write" } else { "read" }.to_string()];
    if !s.names.is_empty() {
        scope.push(format!("names {}", s.names.join(",")));
    }
    if !s.cidrs.is_empty() {
        scope.push(format!("from {}", s.cidrs.join(",")));
    }
    if let Some(o) = &s.oidc {
        scope.push(format!(
            "oidc {} aud {} sub {}",
            o.issuer, o.audience, o.subject
        ));
    }
    let uses = match s.max_uses {
        Some(max) => format!("{}/{max}", t.uses),
        None => t.uses.to_string(),
    };
    let state = match t.revoked_at {
        Some(at) => format!("revoked {}", output::time(at)),
        None if s.expires_at.is_some_and(|at| at <= now_ms()) => "expired".into(),
        None => "live".into(),
    };
    vec![
        output::escape(&t.name).into_owned(),
        envs_label(t),
        output::escape(&scope.join("; ")).into_owned(),
        s.expires_at.map_or_else(|| "never".into(), output::time),
        uses,
        t.last_used_at.map_or_else(|| "-".into(), output::time),
        state,
    ]
}

fn revoke(g: &Global, name: &str, rotate: bool, json: bool) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::team::connect(g, &mut vault, &unlocked)?;
    let path = format!("v1/service-tokens/{}", segment(name));
    let info: ServiceTokenInfo = conn.transport.delete_json(&path)?;
    if json && !rotate {
        return Ok(output::json(&info)?);
    }
    output::note(&format!(
        "revoked service token {} ({}): the server forgot its share and keys; copies of it open nothing from now on",
        output::escape(&info.name),
        envs_label(&info)
    ));
    if !rotate {
        output::note(
            "values it read before stay exposed: change them, and `token revoke --rotate` (or `rotate-key`) closes later versions to anyone who kept its key",
        );
        return Ok(());
    }
    let mut outcomes = Vec::new();
    for env in &info.envs {
        let newest = vault
            .env_with_id(env.env_id)?
            .map(|e| vault.env_key_versions(&e))
            .transpose()?
            .and_then(|v| v.last().copied())
            .unwrap_or(0);
        let outcome = crate::team::rotate_after_removal(
            &mut vault,
            &mut unlocked,
            &mut conn,
            env.env_id,
            newest + 1,
            false,
        )?;
        super::team::print_rotation(g, &outcome);
        outcomes.push(outcome);
    }
    if json {
        return Ok(output::json(&info)?);
    }
    Ok(())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A name as a path segment (names are checked, but a `/` or `?` must not reroute).
fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The service token this run should use instead of a vault: `--token-stdin`, else
/// `SECRETSCLI_TOKEN` when it holds an `scs_` token (a `login` token there is left alone;
/// an `scsa_` credential is taken so that it is refused saying what it is, instead of
/// falling through to a vault), else the file `SECRETSCLI_TOKEN_FILE` names. `None`: use
/// the vault as usual.
pub fn from_env(token_stdin: bool) -> anyhow::Result<Option<ServiceToken>> {
    let (text, source) = if token_stdin {
        let mut text = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut text)
            .map_err(|e| {
                token_err(TokenError::Unreadable {
                    what: "stdin".into(),
                    why: e.to_string(),
                })
            })?;
        (zeroize::Zeroizing::new(text), "stdin".to_string())
    } else if let Some(v) = std::env::var(TOKEN_VAR).ok().filter(|v| {
        let v = v.trim_start();
        v.starts_with(token::secret::PREFIX) || v.starts_with(AUTH_PREFIX)
    }) {
        (zeroize::Zeroizing::new(v), TOKEN_VAR.to_string())
    } else if let Some(path) = std::env::var_os(TOKEN_FILE_VAR).filter(|p| !p.is_empty()) {
        let shown = format!("{TOKEN_FILE_VAR} ({})", path.to_string_lossy());
        let mut text = String::new();
        std::fs::File::open(&path)
            .and_then(|f| f.take(64 * 1024).read_to_string(&mut text))
            .map_err(|e| {
                token_err(TokenError::Unreadable {
                    what: shown.clone(),
                    why: e.to_string(),
                })
            })?;
        (zeroize::Zeroizing::new(text), shown)
    } else {
        return Ok(None);
    };
    ServiceToken::parse(&text).map(Some).map_err(|error| {
        token_err(TokenError::Malformed {
            source_name: source,
            error,
        })
    })
}

/// Opens the token and picks the environment (`-e`, or the token's only one).
pub fn open_env(g: &Global, token: &ServiceToken) -> anyhow::Result<(Opened, OpenedEnv)> {
    let opened = token::open(token).map_err(token_err)?;
    let meta = Opened {
        name: opened.name.clone(),
        write: opened.write,
        envs: Vec::new(),
    };
    let env = opened.pick(g.env.as_deref()).map_err(token_err)?;
    Ok((meta, env))
}

/// Writes `values` with a `--write` token (`set`, `import`): sealed here, pushed with the
/// token's credential; nothing touches the disk.
pub fn write(
    g: &Global,
    token: &ServiceToken,
    values: Vec<crate::vault::NewValue>,
) -> anyhow::Result<()> {
    let written = token::write::write(token, g.env.as_deref(), values).map_err(token_err)?;
    for item in &written.items {
        output::note(&format!(
            "{} {} in {} (version {}) with service token {}",
            if item.created { "created" } else { "updated" },
            output::escape(&item.name),
            output::escape(&written.env),
            item.version,
            output::escape(&written.token)
        ));
    }
    output::note(&format!("server revision {}", written.revision));
    Ok(())
}

/// Refuses `what` (a write) when a service token is in the environment: a read-only token
/// may never write, and `push` has nothing to send without a vault, so neither falls
/// through to a vault that happens to be there. Asks the server which kind it is.
pub fn refuse_write(what: &str) -> anyhow::Result<()> {
    let Some(token) = from_env(false)? else {
        return Ok(());
    };
    let opened = token::open(&token).map_err(token_err)?;
    if !opened.write {
        return Err(token_err(TokenError::ReadOnly(opened.name)));
    }
    Err(UserError::new(
        Exit::Usage,
        format!("{what} with a service token has nothing to send: a token holds no vault"),
        format!(
            "write values with `secretscli set KEY` or `secretscli import FILE` (they go to the server at once), or unset {TOKEN_VAR} and {TOKEN_FILE_VAR} to {what} from this device's vault"
        ),
    )
    .into())
}
