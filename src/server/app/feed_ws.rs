//! The change feed over WebSocket (docs/live.md): `GET /v1/envs/{env_id}/changes/ws?since=R`
//! upgrades to a connection on which the server sends one [`FeedPage`] (JSON text frame)
//! each time the environment has revisions the connection has not been told about.
//!
//! The rules are the long-poll's (`feed.rs`): the bearer is checked and the store's access
//! check (viewers and above) runs before the upgrade, so a refused caller gets the HTTP
//! error and never a socket; every later read runs the check again (a caller removed while
//! connected gets a close frame, 1008). The connection holds one hub waiter for its whole
//! life, so `--max-watchers` counts it like a held request. It never skips a revision: it
//! remembers the last revision it sent and each page holds everything after it (or
//! `pull_from`). Pages that carry names are audited (`feed`). The server pings; a peer that
//! answers nothing for [`PONG_DEADLINE`] is dropped. A stopping node closes each socket with
//! 1001 ("going away"), and clients resume elsewhere from their last revision.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade, close_code};

use super::feed::Read;
use super::*;
use crate::wire::feed::FeedPage;

/// How often the server pings an idle feed connection (proxies cut idle ones at ~60 s).
pub const PING_EVERY: Duration = Duration::from_secs(20);
/// A connection that sent nothing (pong included) for this long is gone.
pub const PONG_DEADLINE: Duration = Duration::from_secs(45);
/// The most a client may send in one message: it has nothing to say but pongs and close.
const MAX_CLIENT_MESSAGE: usize = 4096;
/// Read buffer per connection: a client sends pongs and close frames (at most 139 bytes
/// each); a larger message, up to [`MAX_CLIENT_MESSAGE`], only grows it for that read.
const READ_BUFFER: usize = 256;

pub(super) fn routes<S: Store>() -> Router<Arc<AppState<S>>> {
    Router::new().route("/v1/envs/{env_id}/changes/ws", get(changes_ws::<S>))
}

/// `?since=R`.
#[derive(Debug, Deserialize)]
struct WsQuery {
    #[serde(default)]
    since: i64,
}

async fn changes_ws<S: Store>(
    State(st): St<S>,
    w: super::feed::Watcher,
    PathParams(env): PathParams<String>,
    Params(q): Params<WsQuery>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiErr> {
    let env = validate::uuid_param(&env, "env_id")?;
    if q.since < 0 {
        return Err(ApiErr::invalid_field(&validate::Invalid {
            field: "since".into(),
            rule: "a revision from 0".into(),
        }));
    }
    // Subscribed before the first read, so a push landing in between still wakes us.
    let Some(waiter) = st.feed.subscribe(env) else {
        return Err(ApiErr::unavailable(
            "this server node holds as many feed connections as it may; retry in a few seconds or on another node",
        ));
    };
    // The access check, before any socket exists.
    let first = w.read(&st, env, q.since).await?;
    // Boxed, the connection's state and its first page: the upgrade's task keeps what its
    // callback captured for its whole life, and the serving future its arguments, so each
    // is held once, by a pointer (heaptrack: the task was ~2.9 KiB per watcher, most of it
    // these two held two and three times over).
    let feed = Box::new(Feed {
        st,
        w,
        env,
        since: q.since,
        waiter,
    });
    let first = Box::new(first);
    // Small buffers: a watcher is idle nearly always, and tungstenite's default 128 KiB read
    // buffer per connection would make 10,000 watchers cost over a gigabyte. Pages are
    // written whole at once (write buffer 0: no batching to wait for).
    Ok(upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| feed.serve(socket, first)))
}

/// One upgraded feed connection.
struct Feed<S> {
    st: Arc<AppState<S>>,
    w: super::feed::Watcher,
    env: Uuid,
    /// The last revision this connection described.
    since: i64,
    waiter: crate::server::feed::Waiter,
}

/// What woke a connection that had nothing to send.
enum Woke {
    Change,
    Ping,
    Peer(Option<Result<Message, axum::Error>>),
}

impl<S: Store> Feed<S> {
    async fn serve(mut self: Box<Self>, mut socket: WebSocket, first: Box<Read>) {
        let mut pending = Some(first);
        loop {
            let found = match pending.take() {
                Some(found) => Ok(*found),
                // Boxed, like the page and the sends below: a connection's task is as large
                // as its largest await, and it spends nearly all its life in `idle`, so the
                // rare, large futures live on the heap only while they run.
                None => Box::pin(self.w.read(&self.st, self.env, self.since)).await,
            };
            match Box::pin(self.page(found)).await {
                Ok(Some(page)) => {
                    if Box::pin(send_page(&mut socket, &page)).await.is_err() {
                        return;
                    }
                    self.since = page.revision;
                }
                Ok(None) => {}
                Err(e) => return Box::pin(close(socket, close_code::POLICY, &e.body.code)).await,
            }
            if self.st.feed.closed() {
                return Box::pin(close(socket, close_code::AWAY, "the server is stopping")).await;
            }
            if !self.idle(&mut socket).await {
                return;
            }
        }
    }

    /// The page to send for a store read (audited when it carries names), `None` when
    /// nothing is new, an error when the caller may no longer follow.
    async fn page(&self, found: Result<Read, ApiErr>) -> Result<Option<FeedPage>, ApiErr> {
        let read = found?;
        if read.page.changes.is_empty() && read.page.pull_from.is_none() {
            return Ok(None);
        }
        let names = read.page.names();
        let found = Ok((read.project, read.page));
        audited_read(&self.st, read.event, found, |_| names)
            .await
            .map(Some)
    }

    /// Waits for a change, pinging meanwhile. False when the peer is gone.
    async fn idle(&mut self, socket: &mut WebSocket) -> bool {
        let mut ping =
            tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
        let mut heard = tokio::time::Instant::now();
        loop {
            let woke = tokio::select! {
                () = self.waiter.woken() => Woke::Change,
                _ = ping.tick() => Woke::Ping,
                msg = socket.recv() => Woke::Peer(msg),
            };
            match woke {
                Woke::Change => return true,
                Woke::Ping if heard.elapsed() > PONG_DEADLINE => return false,
                Woke::Ping => {
                    if socket
                        .send(Message::Ping(Default::default()))
                        .await
                        .is_err()
                    {
                        return false;
                    }
                }
                // Pongs, and anything else a client sends, only show it is alive.
                Woke::Peer(Some(Ok(Message::Close(_))) | Some(Err(_)) | None) => return false,
                Woke::Peer(Some(Ok(_))) => heard = tokio::time::Instant::now(),
            }
        }
    }
}

async fn send_page(socket: &mut WebSocket, page: &FeedPage) -> Result<(), axum::Error> {
    let json = serde_json::to_string(page).expect("a feed page serializes");
    socket.send(Message::Text(json.into())).await
}

/// Closes with `code`; the reason is for people (a close frame's reason is at most 123 bytes).
async fn close(mut socket: WebSocket, code: u16, reason: &str) {
    let reason: String = reason.chars().take(60).collect();
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = socket.send(Message::Close(Some(frame))).await;
}
