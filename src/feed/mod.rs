//! Following an environment's change feed from a device (issue 13, docs/live.md): hold a
//! WebSocket to the server's `GET /v1/envs/{id}/changes/ws` ([`Transport::Ws`]) or long-poll
//! `GET /v1/envs/{id}/changes` ([`Transport::Poll`]), pull when something changed (the normal pull,
//! so values arrive encrypted and are opened here), and tell the caller which names
//! changed. `secretscli watch` and `inject --watch` are built on [`follow`].
//!
//! This module never prints and never holds a value: events carry names and revisions
//! only. It never skips a revision: it follows from the revision the vault has pulled,
//! and when the server says the gap is too wide (`pull_from`) the pull covers all of it.
//! When the server is away it keeps going: it says so once ([`Event::Away`]), retries with
//! exponential backoff and jitter, says [`Event::Back`] and catches up from the last
//! revision it pulled, on the next of the server's URLs when its node is gone.
//!
//! # Example
//! ```no_run
//! use std::ops::ControlFlow;
//! use secretscli::feed::{self, Event};
//! # fn demo(vault: &mut secretscli::vault::Vault, unlocked: &mut secretscli::vault::Unlocked,
//! #         conn: &mut secretscli::sync::Connection) -> Result<(), feed::FeedError> {
//! let opts = feed::Options { keys: vec!["DATABASE_URL".into()], ..feed::Options::default() };
//! feed::follow(vault, unlocked, conn, ("shop", "dev"), &opts, &mut |event| {
//!     if let Event::Changed { names, revision } = event {
//!         eprintln!("revision {revision}: {} changed", names.join(", "));
//!     }
//!     ControlFlow::Continue(())
//! })
//! # }
//! ```

pub mod slots;

use std::ops::ControlFlow;
use std::time::Duration;

use rand::Rng as _;

use crate::sync::pull::{PullOptions, PullReport};
use crate::sync::{Connection, SyncError};
use crate::vault::{Applied, Resolve, Unlocked, Vault};
use crate::wire::feed::{FeedPage, MAX_WAIT_SECS};

mod ws;

/// What a follower tells its caller, by name only.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The feed said something changed and the pull brought it in: these names (of the
    /// keys asked for, if any) changed here; the environment is at `revision`.
    Changed {
        /// The server revision pulled.
        revision: i64,
        /// Names whose value, presence or kind changed, sorted.
        names: Vec<String>,
    },
    /// The server stopped answering; said once until it is back.
    Away {
        /// Why, for people.
        error: String,
    },
    /// The server answers again; catching up from the last revision pulled.
    Back,
    /// The feed said something changed but the pull failed (a conflict with unpushed
    /// local changes, say); the follower goes on and pulls again on the next change.
    PullFailed {
        /// Why, for people.
        error: String,
    },
    /// The feed lost its node and follows on another of the server's URLs now (from the
    /// last revision pulled, so nothing is missed).
    FailedOver {
        /// The URL followed now.
        server: String,
    },
    /// [`Transport::Auto`]: the server does not take the WebSocket feed (an older server,
    /// a proxy that drops `Upgrade`); following by long-poll from now on. Said once.
    PollFallback {
        /// Why, for people.
        error: String,
    },
}

/// How the feed reaches the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transport {
    /// WebSocket, falling back to long-poll when the server refuses the upgrade.
    #[default]
    Auto,
    /// WebSocket only: a refused upgrade is an error.
    Ws,
    /// Long-poll only.
    Poll,
}

/// How to follow.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only report changes to these names (empty: every name).
    pub keys: Vec<String>,
    /// How long one long-poll may be held by the server.
    pub wait: Duration,
    /// First retry delay when the server is away (doubles up to [`MAX_BACKOFF`]).
    pub backoff: Duration,
    /// WebSocket, long-poll, or WebSocket falling back to long-poll.
    pub transport: Transport,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            keys: Vec::new(),
            wait: Duration::from_secs(25.min(MAX_WAIT_SECS)),
            backoff: Duration::from_millis(250),
            transport: Transport::default(),
        }
    }
}

/// Longest wait between two attempts to reach a server that is away.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Why following stopped.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The environment has never been pushed or pulled: there is no feed to follow.
    #[error("{env} does not sync with a server yet")]
    NotSynced {
        /// `project/env`.
        env: String,
    },
    /// The server refused (token, role) or does not know the environment: retrying
    /// would not help.
    #[error(transparent)]
    Sync(#[from] SyncError),
    /// The local vault failed.
    #[error(transparent)]
    Vault(#[from] crate::vault::VaultError),
}

impl FeedError {
    /// What to do next.
    pub fn hint(&self) -> Option<String> {
        match self {
            FeedError::NotSynced { .. } => {
                Some("push it once (`secretscli push`) or pull it from the server".into())
            }
            FeedError::Sync(e) => e.hint(),
            FeedError::Vault(_) => None,
        }
    }
}

/// Follows `(project, env)` until `on_event` breaks: pulls each change and reports it.
/// Returns only on a break or an error that retrying cannot cure.
pub fn follow(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    (project, env): (&str, &str),
    opts: &Options,
    on_event: &mut dyn FnMut(Event) -> ControlFlow<()>,
) -> Result<(), FeedError> {
    let local = vault.env(&vault.project(project)?, env)?;
    let label = format!("{project}/{env}");
    let Some(state) = vault.sync_state(&local)? else {
        return Err(FeedError::NotSynced { env: label });
    };
    // Failures surface here at once; this loop does the retrying, with jitter.
    conn.transport.set_retry_for(Duration::ZERO);
    let mut since = state.pulled_revision;
    let mut backoff = opts.backoff;
    let mut away = false;
    let mut source = Source::new(opts.transport);
    loop {
        let next = source.next(conn, local.id, since, opts.wait);
        if let Some(error) = source.fell_back.take()
            && on_event(Event::PollFallback { error }).is_break()
        {
            return Ok(());
        }
        if let Some(server) = source.moved_to.take()
            && on_event(Event::FailedOver { server }).is_break()
        {
            return Ok(());
        }
        let page = match next {
            Ok(page) => page,
            Err(e) if transient(&e) => {
                if !away {
                    away = true;
                    let said = on_event(Event::Away {
                        error: e.to_string(),
                    });
                    if said.is_break() {
                        return Ok(());
                    }
                }
                std::thread::sleep(jittered(backoff));
                backoff = (backoff * 2).min(MAX_BACKOFF);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        backoff = opts.backoff;
        if std::mem::take(&mut away) && on_event(Event::Back).is_break() {
            return Ok(());
        }
        // Nothing new, or (WebSocket pages queued while we pulled) already pulled.
        if page.pull_from.is_none() && (page.changes.is_empty() || page.revision <= since) {
            continue;
        }
        let event = match pull(vault, unlocked, conn, (project, env)) {
            Ok(report) => {
                since = report.revision;
                match changed_names(&report, &opts.keys) {
                    names if names.is_empty() => continue,
                    names => Event::Changed {
                        revision: report.revision,
                        names,
                    },
                }
            }
            Err(e) if transient(&e) => continue,
            Err(e) => {
                // Wait for the next revision; that pull brings everything since ours.
                since = page.revision;
                Event::PullFailed {
                    error: e.to_string(),
                }
            }
        };
        if on_event(event).is_break() {
            return Ok(());
        }
    }
}

/// Where pages come from: a WebSocket (kept open across pages, reopened on the next URL
/// when lost) or long-polls.
struct Source {
    transport: Transport,
    socket: Option<ws::Socket>,
    /// Set once when `Auto` gave up on WebSocket: why.
    fell_back: Option<String>,
    /// Set when a lost WebSocket was reopened on another URL: that URL.
    moved_to: Option<String>,
}

impl Source {
    fn new(transport: Transport) -> Self {
        Source {
            transport,
            socket: None,
            fell_back: None,
            moved_to: None,
        }
    }

    /// The next page after `since` (WebSocket: the next the server sends).
    fn next(
        &mut self,
        conn: &mut Connection,
        env: uuid::Uuid,
        since: i64,
        wait: Duration,
    ) -> Result<FeedPage, SyncError> {
        if self.transport == Transport::Poll {
            return poll(conn, env, since, wait);
        }
        let page = match self.socket.as_mut() {
            Some(socket) => socket.next_page(),
            None => return self.open(conn, env, since),
        };
        match page {
            Err(e) if transient(&e) => {
                // The node went away (or stops): at once to the next URL, from `since`; only
                // if that fails too is the server away.
                self.socket = None;
                let lost = conn.transport.url().clone();
                conn.transport.fail_over();
                let page = self.open(conn, env, since);
                if page.is_ok() && *conn.transport.url() != lost {
                    self.moved_to = Some(conn.transport.shown_url().to_string());
                }
                page
            }
            other => checked(other?, env),
        }
    }

    /// Opens the WebSocket and answers "nothing new" at once (so a follower that was away
    /// says it is back without waiting for a change); what the server sends comes next.
    fn open(
        &mut self,
        conn: &mut Connection,
        env: uuid::Uuid,
        since: i64,
    ) -> Result<FeedPage, SyncError> {
        match ws::connect(&mut conn.transport, env, since) {
            Ok(socket) => {
                self.socket = Some(socket);
                Ok(FeedPage {
                    revision: since,
                    changes: Vec::new(),
                    pull_from: None,
                })
            }
            Err(ws::ConnectError::Unsupported(why)) if self.transport == Transport::Auto => {
                self.transport = Transport::Poll;
                self.fell_back = Some(format!(
                    "{} refused the WebSocket upgrade ({why})",
                    conn.transport.shown_url()
                ));
                // "Nothing new" at once, so the fallback is said now rather than after a
                // first long-poll; the next page is that long-poll.
                Ok(FeedPage {
                    revision: since,
                    changes: Vec::new(),
                    pull_from: None,
                })
            }
            Err(ws::ConnectError::Unsupported(why)) => Err(SyncError::Protocol(format!(
                "{} refused the WebSocket upgrade ({why}); follow with --transport poll",
                conn.transport.shown_url()
            ))),
            Err(ws::ConnectError::Sync(e)) => Err(e),
        }
    }
}

/// One long-poll: the page after `since`, held by the server up to `wait`.
fn poll(
    conn: &mut Connection,
    env: uuid::Uuid,
    since: i64,
    wait: Duration,
) -> Result<FeedPage, SyncError> {
    let path = format!(
        "v1/envs/{env}/changes?since={since}&wait={}",
        wait.as_secs().min(MAX_WAIT_SECS)
    );
    checked(conn.transport.get(&path)?, env)
}

/// A page as the server sent it is untrusted: revisions are never negative.
fn checked(page: FeedPage, env: uuid::Uuid) -> Result<FeedPage, SyncError> {
    if page.revision < 0 || page.pull_from.is_some_and(|r| r < 0) {
        return Err(SyncError::Protocol(format!(
            "the server's feed answered revision {} for {env}",
            page.revision
        )));
    }
    Ok(page)
}

/// The normal pull of one environment (conflicts refused: a watcher never drops or
/// overrides local work).
fn pull(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    (project, env): (&str, &str),
) -> Result<PullReport, SyncError> {
    let opts = PullOptions {
        dry_run: false,
        resolve: Resolve::Refuse,
    };
    crate::sync::pull::pull(vault, unlocked, conn, project, env, opts, &mut |_| {})
}

/// Names the pull changed here (our own pushes coming back are unchanged), narrowed to
/// `keys` when given.
fn changed_names(report: &PullReport, keys: &[String]) -> Vec<String> {
    let mut names: Vec<String> = report
        .items
        .iter()
        .filter(|i| i.change != Applied::Unchanged)
        .filter(|i| keys.is_empty() || keys.contains(&i.name))
        .map(|i| i.name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether waiting and asking again may cure `e`: no answer, or a gateway or a node
/// that is stopping or full.
fn transient(e: &SyncError) -> bool {
    match e {
        SyncError::Unreachable { .. } => true,
        SyncError::Server { status, .. } => *status >= 500,
        _ => false,
    }
}

/// `d` times a random factor in [0.5, 1.5): watchers that lost the same server do not all
/// come back at the same moment.
fn jittered(d: Duration) -> Duration {
    d.mul_f64(rand::thread_rng().gen_range(0.5..1.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_json_is_frozen() {
        let events = [
            Event::Changed {
                revision: 3,
                names: vec!["A".into()],
            },
            Event::Away { error: "e".into() },
            Event::Back,
            Event::PullFailed { error: "e".into() },
            Event::PollFallback { error: "e".into() },
            Event::FailedOver {
                server: "https://b".into(),
            },
        ];
        let json: Vec<String> = events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        assert_eq!(
            json,
            [
                r#"{"event":"changed","revision":3,"names":["A"]}"#,
                r#"{"event":"away","error":"e"}"#,
                r#"{"event":"back"}"#,
                r#"{"event":"pull_failed","error":"e"}"#,
                r#"{"event":"poll_fallback","error":"e"}"#,
                r#"{"event":"failed_over","server":"https://b"}"#,
            ]
        );
    }

    #[test]
    fn jitter_stays_within_half_and_one_and_a_half() {
        for _ in 0..100 {
            let d = jittered(Duration::from_secs(2));
            assert!(d >= Duration::from_secs(1) && d < Duration::from_secs(3));
        }
    }

    #[test]
    fn only_unreachable_and_server_errors_are_retried() {
        let away = SyncError::Unreachable { detail: "x".into() };
        assert!(transient(&away));
        let refused = SyncError::Forbidden {
            code: "forbidden".into(),
            message: "m".into(),
        };
        assert!(!transient(&refused));
    }
}
