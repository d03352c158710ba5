//! `secretscli doctor`: checks the vault (opens, schema, SQLite integrity, audit chain),
//! the key cache (keyring, agent), the context (do the selected project and environment
//! exist) and every sync server (see `servers`), and says for each problem what is wrong
//! and how to fix it.
//!
//! It must never change the vault (read-only open, no migration) or need the passphrase,
//! so it works on exactly the broken setups people run it for. Exit 1 when a check fails;
//! warnings alone exit 0.

mod servers;

use std::io::Write;

use super::{Global, session};
use crate::context;
use crate::crypto::keycache::{Backend, CacheHealth, CacheMode};
use crate::error::{Exit, UserError};
use crate::output;
use crate::paths;
use crate::vault::{AuditVerdict, Vault, VaultError};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Sync servers (every login in the vault, and the context's server): GET /healthz (does it
answer), GET /readyz (is its database ready), GET /v1/whoami (is this device's token still
accepted; only when `unlock` has cached the key, doctor never asks for the passphrase),
and a warning for plain http:// to another host. Each request waits at most 3 seconds.

Exits 1 when a check fails (warnings alone exit 0). With --json, prints
{\"ok\": BOOL, \"checks\": [{\"check\", \"status\": \"ok\"|\"warn\"|\"fail\", \"message\",
\"hint\"?, \"server\"?}]}; server checks are named \"server\", \"token\" and \"tls\" and
carry the server's URL(s) in \"server\".")]
pub struct Args {
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, serde::Serialize)]
struct Check {
    check: &'static str,
    status: Status,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    /// The server's URL(s), on the sync server checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    server: Option<String>,
}

#[derive(serde::Serialize)]
struct Report {
    ok: bool,
    checks: Vec<Check>,
}

struct Checks(Vec<Check>);

impl Checks {
    fn add(&mut self, check: &'static str, status: Status, message: impl Into<String>) {
        self.0.push(Check {
            check,
            status,
            message: message.into(),
            hint: None,
            server: None,
        });
    }

    fn with_hint(
        &mut self,
        check: &'static str,
        status: Status,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.0.push(Check {
            check,
            status,
            message: message.into(),
            hint: Some(hint.into()),
            server: None,
        });
    }

    fn vault_error(&mut self, check: &'static str, e: &VaultError) {
        let hint = e.hint();
        self.0.push(Check {
            check,
            status: Status::Fail,
            message: e.to_string(),
            hint,
            server: None,
        });
    }
}

/// Runs every check, prints the report, and fails when a check failed.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut checks = Checks(Vec::new());
    let vault = check_vault(g, &mut checks);
    check_key_cache(vault.as_ref(), &mut checks);
    check_passphrase_file(g, &mut checks);
    check_context(g, vault.as_ref(), &mut checks);
    servers::check(g, vault.as_ref(), &mut checks);

    let failed = checks.0.iter().filter(|c| c.status == Status::Fail).count();
    let report = Report {
        ok: failed == 0,
        checks: checks.0,
    };
    if args.json {
        output::json(&report)?;
    } else {
        print(&report.checks, output::color_stdout(g.no_color))?;
    }
    if failed > 0 {
        return Err(UserError {
            exit: Exit::Failure,
            message: format!(
                "doctor found {failed} problem{}",
                if failed == 1 { "" } else { "s" }
            ),
            hint: None,
        }
        .into());
    }
    Ok(())
}

fn print(checks: &[Check], color: bool) -> std::io::Result<()> {
    let width = checks.iter().map(|c| c.check.len()).max().unwrap_or(0);
    let mut out = std::io::stdout().lock();
    for c in checks {
        let word = match c.status {
            Status::Ok => output::paint(color, "32", "ok  "),
            Status::Warn => output::paint(color, "33", "warn"),
            Status::Fail => output::paint(color, "1;31", "FAIL"),
        };
        // Messages may quote what a server answered: escaped like every other report.
        let message = output::escape(&c.message);
        writeln!(out, "{word}  {:<width$}  {message}", c.check)?;
        if let Some(hint) = &c.hint {
            writeln!(
                out,
                "      {:<width$}  {} {}",
                "",
                output::paint(color, "1;36", "hint:"),
                output::escape(hint)
            )?;
        }
    }
    out.flush()
}

/// Opens the vault read-only and checks schema, file mode, SQLite integrity and the
/// audit chain. Returns it for the later checks when it opened.
fn check_vault(g: &Global, checks: &mut Checks) -> Option<Vault> {
    let path = match paths::vault(g.vault.as_deref()) {
        Ok(p) => p,
        Err(e) => {
            checks.with_hint(
                "vault",
                Status::Fail,
                e.to_string(),
                "fix SECRETSCLI_VAULT, or pass --vault PATH",
            );
            return None;
        }
    };
    let vault = match Vault::open_read_only(&path) {
        Ok(v) => v,
        Err(e @ VaultError::NeedsMigration { .. }) => {
            checks.with_hint(
                "vault",
                Status::Warn,
                e.to_string(),
                "nothing to fix; other checks need the upgrade: run `secretscli list`, then `secretscli doctor`",
            );
            return None;
        }
        Err(e) => {
            checks.vault_error("vault", &e);
            return None;
        }
    };
    let counts = vault
        .projects()
        .and_then(|p| Ok((p.len(), vault.item_count()?)));
    match counts {
        Ok((projects, items)) => checks.add(
            "vault",
            Status::Ok,
            format!(
                "{} (schema {}, {items} items in {projects} project{})",
                path.display(),
                Vault::schema_version(),
                if projects == 1 { "" } else { "s" }
            ),
        ),
        Err(e) => checks.vault_error("vault", &e),
    }
    check_mode(&path, checks);
    match vault.quick_check() {
        Ok(None) => checks.add("integrity", Status::Ok, "SQLite quick_check found no damage"),
        Ok(Some(problems)) => checks.with_hint(
            "integrity",
            Status::Fail,
            format!("SQLite reports damage: {problems}"),
            "restore the vault file from a backup; `secretscli export` may still read what is intact",
        ),
        Err(e) => checks.vault_error("integrity", &e),
    }
    // The chain is keyed: with the key `unlock` cached, everything is checked; without
    // it, positions and links only (doctor never asks for the passphrase).
    let keyed = session::key_cache()
        .ok()
        .and_then(|cache| cache.load(&vault.id()))
        .is_some_and(|(key, _, _)| vault.unlock_with_key(key).is_ok());
    let verdict = if keyed {
        vault.verify_audit()
    } else {
        vault.verify_audit_links()
    };
    match verdict {
        Ok(AuditVerdict::Intact { entries }) => checks.add(
            "audit",
            Status::Ok,
            if keyed {
                format!("audit chain intact ({entries} entries)")
            } else {
                format!(
                    "audit chain links intact ({entries} entries; their tags are checked once unlocked)"
                )
            },
        ),
        Ok(AuditVerdict::Broken { seq, problem }) => checks.with_hint(
            "audit",
            Status::Fail,
            format!("audit chain broken at entry {seq}: it {problem}"),
            "the vault file was edited outside secretscli; compare it with a backup",
        ),
        Err(e) => checks.vault_error("audit", &e),
    }
    Some(vault)
}

#[cfg(unix)]
fn check_mode(path: &std::path::Path, checks: &mut Checks) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        checks.with_hint(
            "permissions",
            Status::Warn,
            format!(
                "the vault file is readable by other users (mode {mode:03o}); values are encrypted, names are not"
            ),
            format!("run `chmod 600 {}`", path.display()),
        );
    }
}

#[cfg(not(unix))]
fn check_mode(_: &std::path::Path, _: &mut Checks) {}

fn check_key_cache(vault: Option<&Vault>, checks: &mut Checks) {
    let cache = match session::key_cache() {
        Ok(c) => c,
        Err(e) => {
            checks.with_hint(
                "key cache",
                Status::Fail,
                format!("{e:#}"),
                format!("unset {} or fix its value", session::KEY_CACHE_VAR),
            );
            return;
        }
    };
    let CacheHealth {
        mode,
        keyring,
        agent,
    } = cache.health();
    let agent_note = |running: bool| {
        if running {
            "the key agent is running"
        } else {
            "the key agent starts on `unlock`"
        }
    };
    let (status, mut message, hint) = match (mode, keyring, agent) {
        (CacheMode::None, _, _) => (
            Status::Ok,
            format!(
                "caching is off ({}=none): every command needs the passphrase",
                session::KEY_CACHE_VAR
            ),
            None,
        ),
        (_, Some(Ok(())), _) => (Status::Ok, "the OS keyring works".to_string(), None),
        (_, Some(Err(why)), Some(Ok(running))) => (
            Status::Ok,
            format!("no OS keyring ({why}); {}", agent_note(running)),
            None,
        ),
        (_, None, Some(Ok(running))) => (Status::Ok, agent_note(running).to_string(), None),
        (CacheMode::Keyring, Some(Err(why)), _) => (
            Status::Fail,
            format!("the OS keyring does not work: {why}"),
            Some(format!(
                "set {}=agent (or auto) to keep the key in the per-user agent",
                session::KEY_CACHE_VAR
            )),
        ),
        (_, keyring, Some(Err(why))) => {
            let keyring = match keyring {
                Some(Err(k)) => format!("the OS keyring does not work ({k}), and "),
                _ => String::new(),
            };
            (
                Status::Fail,
                format!("{keyring}{why}"),
                Some(
                    "`unlock` cannot cache the key; use SECRETSCLI_PASSPHRASE_FILE for scripts meanwhile"
                        .to_string(),
                ),
            )
        }
        (_, _, None) => (Status::Ok, format!("mode {mode}"), None),
    };
    if let Some(vault) = vault {
        match cache.load(&vault.id()) {
            Some((_, backend, until)) => {
                let ms = until
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis() as i64)
                    .unwrap_or(0);
                let by = match backend {
                    Backend::Keyring => "keyring",
                    Backend::Agent => "agent",
                };
                message.push_str(&format!("; unlocked until {} ({by})", output::time(ms)));
            }
            None => message.push_str("; locked"),
        }
    }
    checks.0.push(Check {
        check: "key cache",
        status,
        message,
        hint,
        server: None,
    });
}

fn check_passphrase_file(g: &Global, checks: &mut Checks) {
    let Some(path) = &g.passphrase_file else {
        return;
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => checks.add(
            "passphrase",
            Status::Ok,
            format!("passphrase file {} is readable", path.display()),
        ),
        Ok(_) => checks.with_hint(
            "passphrase",
            Status::Fail,
            format!("passphrase file {} is not a file", path.display()),
            "point --passphrase-file / SECRETSCLI_PASSPHRASE_FILE at a file",
        ),
        Err(e) => checks.with_hint(
            "passphrase",
            Status::Fail,
            format!("cannot read passphrase file {}: {e}", path.display()),
            "fix the path in --passphrase-file / SECRETSCLI_PASSPHRASE_FILE",
        ),
    }
}

fn check_context(g: &Global, vault: Option<&Vault>, checks: &mut Checks) {
    let ctx = match session::context(g) {
        Ok(c) => c,
        Err(e) => {
            let hint = match e.downcast_ref::<context::ContextError>() {
                Some(ce) => format!("fix or remove {}", ce.path.display()),
                None => "check the current directory and SECRETSCLI_CONFIG".to_string(),
            };
            checks.with_hint("context", Status::Fail, format!("{e:#}"), hint);
            return;
        }
    };
    let Some(vault) = vault else {
        let describe = |v: &Option<context::Sourced>| match v {
            Some(s) => format!("{} (from {})", s.value, s.source),
            None => "not set".to_string(),
        };
        checks.add(
            "context",
            Status::Ok,
            format!(
                "project {}, env {} (not checked against a vault)",
                describe(&ctx.project),
                describe(&ctx.env)
            ),
        );
        return;
    };
    let (project, env) = match session::complete_context(vault, ctx) {
        Ok(pe) => pe,
        Err(e) => {
            let (_, hint) = crate::error::classify(&e);
            checks.0.push(Check {
                check: "context",
                status: Status::Fail,
                message: format!("{e:#}"),
                hint,
                server: None,
            });
            return;
        }
    };
    let found = vault
        .project(&project.value)
        .map_err(|e| (e, &project))
        .and_then(|p| vault.env(&p, &env.value).map_err(|e| (e, &env)));
    match found {
        Ok(_) if project.source == env.source => checks.add(
            "context",
            Status::Ok,
            format!(
                "project {}, env {} (both from {})",
                project.value, env.value, env.source
            ),
        ),
        Ok(_) => checks.add(
            "context",
            Status::Ok,
            format!(
                "project {} (from {}), env {} (from {})",
                project.value, project.source, env.value, env.source
            ),
        ),
        Err((e, which)) => checks.0.push(Check {
            check: "context",
            status: Status::Fail,
            message: format!("{e} (selected by {})", which.source),
            hint: e
                .hint()
                .map(|h| format!("{h}; or change the context with `secretscli context set`")),
            server: None,
        }),
    }
}
