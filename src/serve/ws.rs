//! The sidecar's WebSocket for apps that watch (docs/serve.md): `GET
//! /v1/watch/{project}/{env}?key=K&key=...` upgrades to a connection on which the sidecar
//! sends a [`ConfigEvent`] (JSON text frame) at once, with every watched key's value, and
//! again each time the served values of watched keys change, with only those.
//!
//! The same gate as every other route (the router's bearer layer runs before the upgrade,
//! so a refused caller gets the HTTP 401 and never a socket) and the same values: a
//! `key=K` watches the key `K` and the keys under `K.`, as a `GET .../K` answers the key or
//! its subtree; no `key` watches them all. Events follow the sidecar's revision: a change
//! that touches no watched key sends nothing. Values are never logged.
//!
//! The sidecar pings every [`PING_EVERY`]; a peer silent for [`PONG_DEADLINE`] is dropped.
//! A stopping sidecar closes each socket with 1001 ("going away").

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::QueryRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};

use super::Snapshot;
use super::app::{Sidecar, error, served};
use crate::wire::config::ConfigEvent;

/// How often the sidecar pings an idle watcher.
pub const PING_EVERY: Duration = Duration::from_secs(20);
/// A watcher that sent nothing (pong included) for this long is gone.
pub const PONG_DEADLINE: Duration = Duration::from_secs(45);
/// The most a client may send in one message: it has nothing to say but pongs and close.
const MAX_CLIENT_MESSAGE: usize = 4096;

/// The keys a connection watches: each name and the names under `name.`; all when empty.
#[derive(Debug, Default)]
struct Watched(Vec<String>);

impl Watched {
    fn covers(&self, name: &str) -> bool {
        self.0.is_empty()
            || self.0.iter().any(|k| {
                name.strip_prefix(k.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
            })
    }
}

/// `GET /v1/watch/{project}/{env}?key=K...`: the upgrade, refused (as JSON) when this is
/// not the sidecar's environment, the query is not `key=` pairs, or no upgrade was asked.
pub(super) async fn upgrade(
    State(sc): State<Arc<Sidecar>>,
    Path((project, env)): Path<(String, String)>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let pairs = match q {
        Ok(Query(pairs)) => pairs,
        Err(e) => return error(StatusCode::BAD_REQUEST, "invalid", e.body_text()),
    };
    let mut watched = Watched::default();
    for (name, value) in pairs {
        if name != "key" || value.is_empty() {
            return error(
                StatusCode::BAD_REQUEST,
                "invalid",
                format!(
                    "{name:?}={value:?} is not a watch parameter; give the keys to watch as key=NAME (repeatable; none watches every key)"
                ),
            );
        }
        watched.0.push(value);
    }
    if let Err(refusal) = served(&sc.snapshot(), &project, &env) {
        return refusal.into_response();
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(e) => {
            return error(
                StatusCode::UPGRADE_REQUIRED,
                "upgrade_required",
                format!(
                    "this endpoint is a WebSocket ({}); without one, long-poll GET /v1/config/{project}/{env}/KEY?since=REV&wait=SECS",
                    e.body_text()
                ),
            );
        }
    };
    ws.max_message_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| watch(sc, watched, socket))
}

/// One watcher's connection, until it goes or the sidecar stops.
async fn watch(sc: Arc<Sidecar>, watched: Watched, mut socket: WebSocket) {
    // Subscribed before the first read, so a change landing in between still wakes us.
    let mut woken = sc.subscribe();
    let (mut last, revision) = sc.current();
    if send(&mut socket, &event(&watched, None, &last, revision))
        .await
        .is_err()
    {
        return;
    }
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    let mut heard = tokio::time::Instant::now();
    loop {
        if sc.is_closing() {
            return close(socket, close_code::AWAY, "the sidecar is stopping").await;
        }
        tokio::select! {
            changed = woken.changed() => {
                if changed.is_err() {
                    return close(socket, close_code::AWAY, "the sidecar is stopping").await;
                }
                let (now, revision) = sc.current();
                let ev = event(&watched, Some(&last), &now, revision);
                last = now;
                if !ev.values.is_empty() && send(&mut socket, &ev).await.is_err() {
                    return;
                }
            }
            _ = ping.tick() => {
                if heard.elapsed() > PONG_DEADLINE
                    || socket.send(Message::Ping(Default::default())).await.is_err()
                {
                    return;
                }
            }
            msg = socket.recv() => match msg {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                // Pongs, and anything else a client sends, only show it is alive.
                Some(Ok(_)) => heard = tokio::time::Instant::now(),
            },
        }
    }
}

/// The event for going from `before` (none: the connection's first) to `now`.
fn event(
    watched: &Watched,
    before: Option<&Snapshot>,
    now: &Snapshot,
    revision: u64,
) -> ConfigEvent {
    let mut values = BTreeMap::new();
    for (name, entry) in now.items.iter().filter(|(n, _)| watched.covers(n)) {
        let unchanged = before
            .and_then(|b| b.items.get(name))
            .is_some_and(|old| old.same(entry) && old.updated_at == entry.updated_at);
        if !unchanged {
            values.insert(name.clone(), Some(entry.answer(name)));
        }
    }
    if let Some(before) = before {
        let gone = before
            .items
            .keys()
            .filter(|n| watched.covers(n) && !now.items.contains_key(*n));
        values.extend(gone.map(|n| (n.clone(), None)));
    }
    ConfigEvent {
        revision,
        full: before.is_none(),
        values,
    }
}

async fn send(socket: &mut WebSocket, ev: &ConfigEvent) -> Result<(), axum::Error> {
    let json = serde_json::to_string(ev).expect("an event serializes");
    socket.send(Message::Text(json.into())).await
}

/// Closes with `code`; the reason is for people.
async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::Entry;

    fn snap(items: &[(&str, &str, u64)]) -> Snapshot {
        Snapshot {
            project: "app".into(),
            env: "dev".into(),
            items: items
                .iter()
                .map(|(k, v, n)| (k.to_string(), Entry::new(v.as_bytes(), *n, 1, "a".into())))
                .collect(),
        }
    }

    #[test]
    fn a_key_watches_itself_and_its_subtree_only() {
        let w = Watched(vec!["database".into(), "API_KEY".into()]);
        for (name, covered) in [
            ("database", true),
            ("database.host", true),
            ("database_url", false),
            ("databases.x", false),
            ("API_KEY", true),
            ("API_KEY_2", false),
            ("other", false),
        ] {
            assert_eq!(w.covers(name), covered, "{name}");
        }
        assert!(Watched::default().covers("anything"));
    }

    #[test]
    fn the_first_event_is_full_and_later_ones_carry_only_watched_changes() {
        let w = Watched(vec!["database".into()]);
        let one = snap(&[
            ("database.host", "db1", 1),
            ("database.port", "5432", 1),
            ("K", "k", 1),
        ]);
        let first = event(&w, None, &one, 1);
        assert!(first.full);
        assert_eq!(
            first.values.keys().collect::<Vec<_>>(),
            ["database.host", "database.port"]
        );
        // A change outside the watched keys: nothing to send.
        let two = snap(&[
            ("database.host", "db1", 1),
            ("database.port", "5432", 1),
            ("K", "k2", 2),
        ]);
        assert!(event(&w, Some(&one), &two, 2).values.is_empty());
        // A new value and a removal.
        let three = snap(&[("database.host", "db2", 2), ("K", "k2", 2)]);
        let ev = event(&w, Some(&two), &three, 3);
        assert!(!ev.full);
        assert_eq!(ev.revision, 3);
        assert_eq!(
            ev.values["database.host"]
                .as_ref()
                .map(|v| v.value.as_str()),
            Some("db2")
        );
        assert_eq!(ev.values["database.port"], None);
        assert_eq!(ev.values.len(), 2);
    }
}
