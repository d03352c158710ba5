//! doctor's sync server checks: for every login in the vault and for the context's server,
//! does each URL answer (`/healthz`), is its database ready (`/readyz`), is this device's
//! token still accepted (`/v1/whoami`), and is the token sent in clear.
//!
//! Read-only and without a prompt like the rest of doctor: the token is opened only with a
//! key `unlock` already cached; a locked vault is a warning that says to unlock. Every
//! request has a short timeout and no retry (`sync::health`), so doctor never hangs.

use super::{Check, Checks, Status};
use crate::cli::{Global, session};
use crate::context::Sourced;
use crate::sync::health::{self, Channel, Probe, UrlHealth};
use crate::sync::{self, SyncError};
use crate::vault::{Remote, Unlocked, Vault};
use crate::wire::team::{DeviceStatus, fingerprint};

/// Runs the server checks; adds nothing but one `ok` line when no server is configured.
pub(super) fn check(g: &Global, vault: Option<&Vault>, checks: &mut Checks) {
    let remotes = match vault.map(Vault::remotes).transpose() {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => return checks.vault_error("server", &e),
    };
    // A broken context file is the context check's failure already.
    let selected = session::server_sourced(g).ok().flatten();
    if remotes.is_empty() && selected.is_none() {
        checks.add(
            "server",
            Status::Ok,
            "no sync server configured (local use only)",
        );
        return;
    }
    // The cached key is fetched once, for the first server that answers, not per server.
    let mut unlocked = None;
    for remote in &remotes {
        let from = selected
            .as_ref()
            .filter(|s| sync::same_server(&remote.urls, &s.value));
        let live = check_urls(&remote.urls, remote.insecure, from, checks);
        if let Some(vault) = vault {
            check_token(vault, &mut unlocked, remote, live, checks);
        }
    }
    match &selected {
        Some(s) if !remotes.iter().any(|r| sync::same_server(&r.urls, &s.value)) => {
            not_logged_in(s, checks);
            check_urls(&s.value, false, Some(s), checks);
        }
        None if remotes.len() > 1 => push(
            checks,
            "server",
            Status::Warn,
            None,
            format!(
                "this vault is logged in to {} servers and none is selected; push and pull will ask which",
                remotes.len()
            ),
            Some("pick one: `secretscli context set --server URL`".into()),
        ),
        _ => {}
    }
}

fn push(
    checks: &mut Checks,
    check: &'static str,
    status: Status,
    server: Option<&str>,
    message: String,
    hint: Option<String>,
) {
    checks.0.push(Check {
        check,
        status,
        message,
        hint,
        server: server.map(String::from),
    });
}

fn not_logged_in(s: &Sourced, checks: &mut Checks) {
    push(
        checks,
        "server",
        Status::Warn,
        Some(&s.value),
        format!(
            "the context's server {} (from {}) has no login in this vault",
            s.value, s.source
        ),
        Some(format!(
            "run `secretscli login {}`, or pick another with `secretscli context set --server URL`",
            s.value
        )),
    );
}

/// Probes every URL of a comma-separated list; returns whether any answered.
fn check_urls(urls: &str, insecure: bool, selected: Option<&Sourced>, checks: &mut Checks) -> bool {
    let mut any_live = false;
    for url in urls.split(',').map(str::trim).filter(|u| !u.is_empty()) {
        match health::probe_url(url, insecure) {
            Ok(h) => {
                any_live |= h.live == Probe::Ok;
                report_url(&h, selected, checks);
            }
            Err(e) => push(
                checks,
                "server",
                Status::Fail,
                Some(url),
                e.to_string(),
                e.hint().or_else(|| Some(FIX_URL.into())),
            ),
        }
        if health::channel(url) == Some(Channel::Plain) {
            push(
                checks,
                "tls",
                Status::Warn,
                Some(url),
                format!(
                    "{url} is plain http:// to another host (allowed by --insecure): the token and names cross the network unencrypted"
                ),
                Some("serve TLS (`secretscli server --tls-cert F --tls-key F`, or a TLS proxy), then `secretscli login https://...`".into()),
            );
        }
    }
    any_live
}

const FIX_URL: &str = "check that the server runs and the URL is right: `secretscli context set --server URL` changes it, `secretscli login URL` logs in to another; local work is kept";

fn report_url(h: &UrlHealth, selected: Option<&Sourced>, checks: &mut Checks) {
    let url = h.url.trim_end_matches('/');
    let channel = match health::channel(url) {
        Some(Channel::Tls) => "over TLS",
        Some(Channel::Loopback) => "over plain http on this machine",
        _ => "over plain http",
    };
    let from = selected
        .map(|s| format!("; the context's server, from {}", s.source))
        .unwrap_or_default();
    let (status, message, hint) = match (&h.live, &h.ready) {
        (Probe::Ok, Some(Probe::Ok)) => (
            Status::Ok,
            format!("{url} answers {channel} and its database is ready{from}"),
            None,
        ),
        (Probe::Ok, ready) => (
            Status::Fail,
            format!(
                "{url} answers, but its database is not ready (GET /readyz: {})",
                describe(ready.as_ref())
            ),
            Some("the server cannot use its database: check the database and the server's log; sync works again once /readyz answers 200".into()),
        ),
        (Probe::Status(code), _) => (
            Status::Fail,
            format!("{url} answered HTTP {code} to GET /healthz: is it a secretscli server?"),
            Some(FIX_URL.into()),
        ),
        (Probe::NoAnswer(detail), _) => (
            Status::Fail,
            format!("{url} is unreachable: {detail}"),
            Some(if detail.contains("certificate") {
                format!("its TLS certificate is not trusted here: point {} at the server's CA certificate (PEM), or fix the certificate", sync::transport::CA_VAR)
            } else {
                FIX_URL.into()
            }),
        ),
    };
    push(checks, "server", status, Some(url), message, hint);
}

fn describe(p: Option<&Probe>) -> String {
    match p {
        Some(Probe::Status(code)) => format!("HTTP {code}"),
        Some(Probe::NoAnswer(detail)) => format!("no answer: {detail}"),
        Some(Probe::Ok) => "HTTP 200".into(),
        None => "not asked".into(),
    }
}

/// The root key `unlock` cached, if any; never a prompt, never the passphrase.
fn cached_unlock(vault: &Vault) -> Option<Unlocked> {
    let (key, _, _) = session::key_cache().ok()?.load(&vault.id())?;
    vault.unlock_with_key(key).ok()
}

fn check_token(
    vault: &Vault,
    unlocked: &mut Option<Option<Unlocked>>,
    remote: &Remote,
    live: bool,
    checks: &mut Checks,
) {
    let urls = remote.urls.as_str();
    let warn = |checks: &mut Checks, message: String, hint: &str| {
        push(
            checks,
            "token",
            Status::Warn,
            Some(urls),
            message,
            Some(hint.into()),
        )
    };
    if !live {
        return warn(
            checks,
            format!("the device token for {urls} was not checked: the server does not answer"),
            "fix the server check above, then run `secretscli doctor` again",
        );
    }
    let Some(unlocked) = unlocked.get_or_insert_with(|| cached_unlock(vault)) else {
        return warn(
            checks,
            format!(
                "the device token for {urls} was not checked: the vault is locked (doctor never asks for the passphrase)"
            ),
            "run `secretscli unlock`, then `secretscli doctor` again",
        );
    };
    let outcome = vault
        .remote_token(unlocked, remote)
        .map_err(SyncError::from)
        .and_then(|token| health::whoami(remote, token));
    let (status, message, hint) = match outcome {
        Ok(who) if who.server_id != remote.server_id => (
            Status::Fail,
            format!(
                "{urls} is not the server this vault logged in to (its server id changed: new data, or the URL points elsewhere)"
            ),
            Some(relogin(urls)),
        ),
        Ok(who) if who.device_status == Some(DeviceStatus::Pending) => (
            Status::Warn,
            format!(
                "{urls} accepts this device's token, but the device is pending: it gets no keys until approved"
            ),
            Some(format!(
                "on an approved device of {:?}: `secretscli device approve NAME --fingerprint {}`",
                who.user_name,
                fingerprint(&vault.recipient().ok().flatten().unwrap_or_default())
            )),
        ),
        Ok(who) => (
            Status::Ok,
            format!(
                "{urls} accepts this device's token (user {:?}{}, device {})",
                who.user_name,
                if who.admin { ", an admin" } else { "" },
                who.device_id
            ),
            None,
        ),
        Err(SyncError::Unauthorized { message }) => (
            Status::Fail,
            format!("{urls} refused this device's token (wrong, expired or revoked): {message}"),
            Some(relogin(urls)),
        ),
        Err(e) => (Status::Fail, e.to_string(), e.hint()),
    };
    let accepted = status == Status::Ok;
    push(checks, "token", status, Some(urls), message, hint);
    if accepted {
        check_rotations(vault, unlocked, remote, checks);
        check_proposals(vault, unlocked, remote, checks);
    }
}

/// Pending proposals to the environments synced with `remote`: a warning each, so a change
/// waiting for a second person is seen (it is not a failure: doctor still exits 0).
fn check_proposals(vault: &Vault, unlocked: &Unlocked, remote: &Remote, checks: &mut Checks) {
    let urls = remote.urls.as_str();
    let found = vault
        .remote_token(unlocked, remote)
        .map_err(SyncError::from)
        .and_then(|token| super::super::status::pending_on(vault, remote, token));
    match found {
        Ok(pending) => {
            for p in pending {
                push(
                    checks,
                    "proposals",
                    Status::Warn,
                    Some(urls),
                    format!(
                        "pending proposal {} to {} by {} ({} of {} approvals): {}",
                        p.id,
                        p.env,
                        p.author,
                        p.approvals,
                        p.approvals_needed,
                        p.names.join(", ")
                    ),
                    Some(format!(
                        "a writer or admin other than {} reviews it: `secretscli changes show {} --reveal`, then `changes approve {}` or `changes reject {}`",
                        p.author, p.id, p.id, p.id
                    )),
                );
            }
        }
        Err(e) => push(
            checks,
            "proposals",
            Status::Warn,
            Some(urls),
            e.to_string(),
            e.hint(),
        ),
    }
}

/// Environments synced with `remote` where someone lost access and no new key version
/// is here yet: "rotation pending" until a writer or admin device pushes.
fn check_rotations(vault: &Vault, unlocked: &Unlocked, remote: &Remote, checks: &mut Checks) {
    let urls = remote.urls.as_str();
    let mut envs = Vec::new();
    for project in vault.projects().unwrap_or_default() {
        for env in vault.envs(&project).unwrap_or_default() {
            if vault
                .sync_state(&env)
                .ok()
                .flatten()
                .is_some_and(|s| s.server_id == remote.server_id)
            {
                envs.push(env);
            }
        }
    }
    if envs.is_empty() {
        return;
    }
    let ids: Vec<_> = envs.iter().map(|e| e.id).collect();
    let floors = match vault
        .remote_token(unlocked, remote)
        .map_err(SyncError::from)
        .and_then(|token| health::key_floors(remote, token, &ids))
    {
        Ok(f) => f,
        Err(e) => {
            return push(
                checks,
                "keys",
                Status::Warn,
                Some(urls),
                e.to_string(),
                e.hint(),
            );
        }
    };
    for (id, floor) in floors {
        let Some(env) = envs.iter().find(|e| e.id == id) else {
            continue;
        };
        let newest = vault
            .env_key_versions(env)
            .ok()
            .and_then(|v| v.last().copied())
            .unwrap_or(0);
        if crate::team::removal::rotation_pending(floor, newest) {
            push(
                checks,
                "keys",
                Status::Warn,
                Some(urls),
                format!(
                    "rotation pending for {}: someone lost access and its key version {floor} is not uploaded yet",
                    env.label()
                ),
                Some(format!(
                    "a writer or admin device that holds its keys rotates it on its next push: `secretscli push -p {} -e {}`",
                    env.project, env.name
                )),
            );
        }
    }
}

fn relogin(urls: &str) -> String {
    format!(
        "log in again with a new invite token: `secretscli login {urls} --token TOKEN` (an admin creates one with `secretscli invite`)"
    )
}
