//! Health probes for `doctor`: is a server there (`GET /healthz`), is its database ready
//! (`GET /readyz`), does it still accept this device's token (`GET /v1/whoami`).
//!
//! One request each with a short timeout and no retry: a health check must answer within
//! seconds and say which URL failed, where sync commands fail over and keep trying. It
//! never prints and never changes anything, here or on the server.

use std::time::Duration;

use super::{Result, SyncError, Transport};
use crate::crypto::SecretBytes;
use crate::vault::Remote;
use crate::wire;

/// Longest one probe waits, connecting included.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// How one request came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// 200.
    Ok,
    /// Any other HTTP status.
    Status(u16),
    /// No answer: refused, timed out, TLS failed (the detail says which).
    NoAnswer(String),
}

/// The probes of one server URL.
#[derive(Debug, Clone)]
pub struct UrlHealth {
    /// The URL probed.
    pub url: String,
    /// `GET /healthz`: the process answers.
    pub live: Probe,
    /// `GET /readyz`: its database answers; not asked when `live` failed.
    pub ready: Option<Probe>,
}

fn probe(transport: &mut Transport, path: &str) -> Probe {
    match transport.status(path) {
        Ok(200) => Probe::Ok,
        Ok(code) => Probe::Status(code),
        Err(SyncError::Unreachable { detail }) => Probe::NoAnswer(detail),
        Err(e) => Probe::NoAnswer(e.to_string()),
    }
}

/// Probes one URL; fails only when the URL itself cannot be used (bad, or plain http to
/// another host without `insecure`).
pub fn probe_url(url: &str, insecure: bool) -> Result<UrlHealth> {
    let mut transport = Transport::quick(url, insecure, PROBE_TIMEOUT)?;
    let live = probe(&mut transport, "healthz");
    let ready = (live == Probe::Ok).then(|| probe(&mut transport, "readyz"));
    Ok(UrlHealth {
        url: transport.url().to_string(),
        live,
        ready,
    })
}

/// Asks the server who this device's token belongs to (failing over across the login's
/// URLs, without retries). A refused token is [`SyncError::Unauthorized`].
pub fn whoami(remote: &Remote, token: SecretBytes) -> Result<wire::WhoAmI> {
    let mut transport = Transport::quick(&remote.urls, remote.insecure, PROBE_TIMEOUT)?;
    transport.set_token(token);
    let mut who: wire::WhoAmI = transport.get("v1/whoami")?;
    // Shown by `doctor` only: bounded here, escaped on the way to the terminal.
    who.user_name = super::untrusted::cut(&who.user_name, 64);
    Ok(who)
}

/// The key floors of environments on the server (`min_key_version`, 0: none), for those
/// it has, asked with one quick transport (no retries).
pub fn key_floors(
    remote: &Remote,
    token: SecretBytes,
    env_ids: &[uuid::Uuid],
) -> Result<Vec<(uuid::Uuid, u32)>> {
    let mut transport = Transport::quick(&remote.urls, remote.insecure, PROBE_TIMEOUT)?;
    transport.set_token(token);
    let mut out = Vec::with_capacity(env_ids.len());
    for id in env_ids {
        match transport.get::<wire::RemoteEnv>(&format!("v1/envs/{id}")) {
            Ok(env) => out.push((*id, env.min_key_version)),
            Err(SyncError::NotFound { .. } | SyncError::Forbidden { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The pending proposals of each project (doctor, status: "pending proposals"), checked
/// like every proposal from a server. A project the server does not have, or where this
/// user has no role, has none to show.
pub fn pending_proposals(
    remote: &Remote,
    token: SecretBytes,
    project_ids: &[uuid::Uuid],
) -> Result<Vec<wire::proposals::Proposal>> {
    let mut transport = Transport::quick(&remote.urls, remote.insecure, PROBE_TIMEOUT)?;
    transport.set_token(token);
    let mut out = Vec::new();
    for id in project_ids {
        match transport
            .get::<Vec<wire::proposals::Proposal>>(&format!("v1/projects/{id}/proposals"))
        {
            Ok(list) => out.extend(list),
            Err(SyncError::NotFound { .. } | SyncError::Forbidden { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    for p in &out {
        crate::team::changes::check(p).map_err(|e| SyncError::Protocol(e.to_string()))?;
    }
    Ok(out)
}

/// How the traffic to a URL is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// https: TLS, the certificate checked against the system roots (and `SECRETSCLI_CA_CERT`).
    Tls,
    /// Plain http to this machine: nothing crosses a network.
    Loopback,
    /// Plain http to another host, allowed with `--insecure`: the token crosses in clear.
    Plain,
}

/// The channel of `url`, or `None` when it does not parse.
pub fn channel(url: &str) -> Option<Channel> {
    let parsed = super::transport::parse_urls(url, true).ok()?;
    let url = parsed.first()?;
    Some(match url.scheme() {
        "https" => Channel::Tls,
        _ if super::transport::is_loopback(url) => Channel::Loopback,
        _ => Channel::Plain,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_tell_tls_loopback_and_plain_apart() {
        assert_eq!(channel("https://sync.example"), Some(Channel::Tls));
        assert_eq!(channel("http://127.0.0.1:8484"), Some(Channel::Loopback));
        assert_eq!(channel("http://[::1]:1"), Some(Channel::Loopback));
        assert_eq!(channel("http://sync.example"), Some(Channel::Plain));
        assert_eq!(channel("not a url"), None);
    }
}
