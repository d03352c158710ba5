//! A small blocking client for the sidecar (`secretscli serve`), over its unix socket or
//! loopback TCP with the bearer it printed: [`Client::get`] reads a key, [`Client::watch`]
//! follows one with the long-poll and calls back on each change, and [`Client::subscribe`]
//! holds the sidecar's WebSocket open and returns each [`ConfigEvent`] as it comes.
//!
//! Plain HTTP/1.1 on `std` streams (one request per connection), and tungstenite (the
//! blocking WebSocket the change feed's client uses) on the same streams, so an app that
//! links the library starts no runtime for it. Values arrive as [`ConfigValue`] (zeroized
//! on drop).
//!
//! # Example
//! ```no_run
//! use std::ops::ControlFlow;
//! use secretscli::serve::client::Client;
//!
//! let client = Client::unix("/run/user/1000/secretscli.sock");
//! if let Some(v) = client.get("database.password")? {
//!     println!("version {}", v.version);
//! }
//! client.watch("database.password", |v| {
//!     eprintln!("changed: now version {:?}", v.map(|v| v.version));
//!     ControlFlow::Continue(())
//! })?;
//! // Or one WebSocket for several keys: every value at once, then each change.
//! let mut events = client.subscribe(&["database.password", "api"])?;
//! while let Ok(event) = events.next_event() {
//!     for (name, value) in &event.values {
//!         eprintln!("{name}: {}", if value.is_some() { "new value" } else { "gone" });
//!     }
//! }
//! # Ok::<(), secretscli::serve::client::ClientError>(())
//! ```

use std::io::{Read as _, Write as _};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::wire::ApiError;
use crate::wire::config::{ConfigEvent, ConfigValue, REVISION_HEADER};

/// How long one watch request asks the sidecar to hold it.
const WATCH_WAIT_SECS: u64 = 25;

/// The most of an answer read (a whole environment as JSON fits many times over).
const MAX_ANSWER: u64 = 16 * 1024 * 1024;

/// The sidecar pings a WebSocket every 20 s: one silent for this long is dead.
const SUBSCRIPTION_READ_TIMEOUT: Duration = Duration::from_secs(50);

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The sidecar could not be reached or the connection broke.
    #[error("cannot reach the sidecar at {at}: {why}")]
    Unreachable {
        /// The socket path or address.
        at: String,
        /// The OS's reason.
        why: String,
    },
    /// The sidecar answered with an error.
    #[error("the sidecar answered {status}: {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// Its stable code (`unauthorized`, `not_found`, `conflict`, ...).
        code: String,
        /// Its message.
        message: String,
    },
    /// The answer was not HTTP or JSON as expected, or the URL given was not usable.
    #[error("{0}")]
    Protocol(String),
}

enum Target {
    Unix(PathBuf),
    Tcp(String),
}

/// A client of one sidecar; it learns the project and environment from `/healthz`.
pub struct Client {
    target: Target,
    bearer: Option<Zeroizing<String>>,
    scope: OnceLock<(String, String)>,
}

/// One answer: status, the sidecar's revision, the body.
struct Answer {
    status: u16,
    revision: u64,
    body: Zeroizing<Vec<u8>>,
}

impl Client {
    /// A client of the sidecar on the unix socket `path`.
    pub fn unix(path: impl Into<PathBuf>) -> Self {
        Client {
            target: Target::Unix(path.into()),
            bearer: None,
            scope: OnceLock::new(),
        }
    }

    /// A client of the sidecar at `url` (`http://127.0.0.1:PORT`) with its bearer.
    pub fn tcp(url: &str, bearer: &str) -> Result<Self, ClientError> {
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            ClientError::Protocol(format!(
                "{url:?}: this client speaks http:// to a loopback sidecar only"
            ))
        })?;
        Ok(Client {
            target: Target::Tcp(rest.trim_end_matches('/').to_string()),
            bearer: Some(Zeroizing::new(bearer.to_string())),
            scope: OnceLock::new(),
        })
    }

    /// The current value of `key`; `None` when the sidecar has no such key.
    pub fn get(&self, key: &str) -> Result<Option<ConfigValue>, ClientError> {
        let path = format!("{}/{key}", self.base()?);
        Ok(value(self.request(&path, None)?)?.0)
    }

    /// The whole environment (empty `prefix`) or the subtree under `prefix`, as nested JSON.
    pub fn tree(&self, prefix: &str) -> Result<serde_json::Value, ClientError> {
        let path = match prefix {
            "" => self.base()?,
            p => format!("{}/{p}", self.base()?),
        };
        let answer = self.request(&path, None)?;
        checked(&answer)?;
        serde_json::from_slice(&answer.body)
            .map_err(|e| ClientError::Protocol(format!("the sidecar's answer is not JSON: {e}")))
    }

    /// Calls `on_change` with the value of `key` now, then after each change to it
    /// (`None`: the key is gone), until it breaks. Waits with the long-poll; a sidecar
    /// that is away is an error (the caller decides whether to retry).
    pub fn watch(
        &self,
        key: &str,
        mut on_change: impl FnMut(Option<&ConfigValue>) -> ControlFlow<()>,
    ) -> Result<(), ClientError> {
        let path = format!("{}/{key}", self.base()?);
        let (mut last, mut since) = value(self.request(&path, None)?)?;
        if on_change(last.as_ref()).is_break() {
            return Ok(());
        }
        loop {
            let (now, revision) = value(self.request(&path, Some(since))?)?;
            since = revision;
            let same = match (&now, &last) {
                (Some(a), Some(b)) => a.version == b.version && a.value == b.value,
                (None, None) => true,
                _ => false,
            };
            if same {
                continue;
            }
            last = now;
            if on_change(last.as_ref()).is_break() {
                return Ok(());
            }
        }
    }

    /// Opens the sidecar's WebSocket watching `keys` (each key and the keys under `key.`;
    /// every key when empty). [`Subscription::next_event`] returns first every watched
    /// value, then each change to them. A sidecar that stops or goes away ends it with
    /// [`ClientError::Unreachable`]: subscribe again (the first event is again complete).
    pub fn subscribe(&self, keys: &[&str]) -> Result<Subscription, ClientError> {
        let (project, env) = self.scope()?;
        let query: Vec<String> = keys.iter().map(|k| format!("key={}", escape(k))).collect();
        let path = format!(
            "/v1/watch/{}/{}?{}",
            escape(&project),
            escape(&env),
            query.join("&")
        );
        let host = match &self.target {
            Target::Unix(_) => "localhost",
            Target::Tcp(addr) => addr.as_str(),
        };
        let mut request = tungstenite::client::IntoClientRequest::into_client_request(format!(
            "ws://{host}{path}"
        ))
        .map_err(|e| ClientError::Protocol(format!("cannot make the upgrade request: {e}")))?;
        if let Some(b) = &self.bearer {
            let mut value =
                tungstenite::http::HeaderValue::from_str(&format!("Bearer {}", b.as_str()))
                    .map_err(|_| {
                        ClientError::Protocol("the bearer is not a header value".into())
                    })?;
            value.set_sensitive(true);
            request
                .headers_mut()
                .insert(tungstenite::http::header::AUTHORIZATION, value);
        }
        let unreachable = |e: std::io::Error| ClientError::Unreachable {
            at: self.at(),
            why: e.to_string(),
        };
        let stream = match &self.target {
            Target::Unix(path) => {
                Stream::Unix(std::os::unix::net::UnixStream::connect(path).map_err(unreachable)?)
            }
            Target::Tcp(addr) => {
                Stream::Tcp(std::net::TcpStream::connect(addr).map_err(unreachable)?)
            }
        };
        stream
            .set_read_timeout(SUBSCRIPTION_READ_TIMEOUT)
            .map_err(unreachable)?;
        match tungstenite::client::client(request, stream) {
            Ok((ws, _)) => Ok(Subscription { ws, at: self.at() }),
            Err(tungstenite::handshake::HandshakeError::Failure(tungstenite::Error::Http(
                resp,
            ))) => {
                let body = Zeroizing::new(resp.body().clone().unwrap_or_default());
                Err(checked(&Answer {
                    status: resp.status().as_u16(),
                    revision: 0,
                    body,
                })
                .err()
                .unwrap_or_else(|| {
                    ClientError::Protocol(
                        "the sidecar answered the upgrade without upgrading".into(),
                    )
                }))
            }
            Err(e) => Err(ClientError::Unreachable {
                at: self.at(),
                why: e.to_string(),
            }),
        }
    }

    /// `/v1/config/{project}/{env}`, asking `/healthz` once which they are.
    fn base(&self) -> Result<String, ClientError> {
        let (p, e) = self.scope()?;
        Ok(format!("/v1/config/{p}/{e}"))
    }

    /// The sidecar's project and environment, from `/healthz` (asked once).
    fn scope(&self) -> Result<(String, String), ClientError> {
        if let Some(scope) = self.scope.get() {
            return Ok(scope.clone());
        }
        #[derive(serde::Deserialize)]
        struct Health {
            project: String,
            env: String,
        }
        let answer = self.request("/healthz", None)?;
        checked(&answer)?;
        let h: Health = serde_json::from_slice(&answer.body).map_err(|e| {
            ClientError::Protocol(format!("the sidecar's /healthz is not as expected: {e}"))
        })?;
        Ok(self.scope.get_or_init(|| (h.project, h.env)).clone())
    }

    /// One GET; with `since`, a long-poll held up to [`WATCH_WAIT_SECS`].
    fn request(&self, path: &str, since: Option<u64>) -> Result<Answer, ClientError> {
        let path = match since {
            Some(s) => format!("{path}?since={s}&wait={WATCH_WAIT_SECS}"),
            None => path.to_string(),
        };
        let mut head = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        let mut request = Zeroizing::new(Vec::new());
        if let Some(b) = &self.bearer {
            head.push_str("Authorization: Bearer ");
            request.extend_from_slice(head.as_bytes());
            request.extend_from_slice(b.as_bytes());
            request.extend_from_slice(b"\r\n\r\n");
        } else {
            head.push_str("\r\n");
            request.extend_from_slice(head.as_bytes());
        }
        let timeout = Duration::from_secs(WATCH_WAIT_SECS + 10);
        let raw = self
            .exchange(&request, timeout)
            .map_err(|e| ClientError::Unreachable {
                at: self.at(),
                why: e.to_string(),
            })?;
        parse(&raw)
    }

    fn exchange(&self, request: &[u8], timeout: Duration) -> std::io::Result<Zeroizing<Vec<u8>>> {
        let mut raw = Zeroizing::new(Vec::new());
        match &self.target {
            Target::Unix(path) => {
                let mut s = std::os::unix::net::UnixStream::connect(path)?;
                s.set_read_timeout(Some(timeout))?;
                s.write_all(request)?;
                s.take(MAX_ANSWER).read_to_end(&mut raw)?;
            }
            Target::Tcp(addr) => {
                let mut s = std::net::TcpStream::connect(addr)?;
                s.set_read_timeout(Some(timeout))?;
                s.write_all(request)?;
                s.take(MAX_ANSWER).read_to_end(&mut raw)?;
            }
        }
        Ok(raw)
    }

    fn at(&self) -> String {
        match &self.target {
            Target::Unix(p) => p.display().to_string(),
            Target::Tcp(a) => a.clone(),
        }
    }
}

/// An open WebSocket to the sidecar ([`Client::subscribe`]).
pub struct Subscription {
    ws: tungstenite::WebSocket<Stream>,
    at: String,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("at", &self.at)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    /// The next event: blocks until the sidecar sends one (the first comes at once).
    /// Pings are answered while reading; a close, or 50 s without even a ping, is
    /// [`ClientError::Unreachable`].
    pub fn next_event(&mut self) -> Result<ConfigEvent, ClientError> {
        loop {
            let msg = self.ws.read().map_err(|e| self.lost(&e.to_string()))?;
            match msg {
                tungstenite::Message::Text(text) => {
                    let text = Zeroizing::new(text.as_str().to_string());
                    return serde_json::from_str(&text).map_err(|e| {
                        ClientError::Protocol(format!("the sidecar sent an unreadable event: {e}"))
                    });
                }
                tungstenite::Message::Close(frame) => {
                    let why = frame.map_or_else(|| "no reason".into(), |f| f.reason.to_string());
                    return Err(self.lost(&format!("the sidecar closed the connection ({why})")));
                }
                _ => {}
            }
        }
    }

    fn lost(&self, why: &str) -> ClientError {
        ClientError::Unreachable {
            at: self.at.clone(),
            why: why.to_string(),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.ws.flush();
    }
}

/// The stream a subscription runs on.
enum Stream {
    Unix(std::os::unix::net::UnixStream),
    Tcp(std::net::TcpStream),
}

impl Stream {
    fn set_read_timeout(&self, t: Duration) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.set_read_timeout(Some(t)),
            Stream::Tcp(s) => s.set_read_timeout(Some(t)),
        }
    }
}

impl std::io::Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.read(buf),
            Stream::Tcp(s) => s.read(buf),
        }
    }
}

impl std::io::Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Unix(s) => s.write(buf),
            Stream::Tcp(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Unix(s) => s.flush(),
            Stream::Tcp(s) => s.flush(),
        }
    }
}

/// `text` as one URL path segment or query value: unreserved bytes as they are, the rest
/// percent-encoded (names may hold `&`, `#`, `/`, spaces are refused but `+` is not).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A key's answer: the value (`None` on 404) and the revision.
fn value(answer: Answer) -> Result<(Option<ConfigValue>, u64), ClientError> {
    if answer.status == 404 {
        return Ok((None, answer.revision));
    }
    checked(&answer)?;
    let v: ConfigValue = serde_json::from_slice(&answer.body).map_err(|_| {
        ClientError::Protocol(
            "the sidecar's answer is not one value (is the name a prefix of others?)".into(),
        )
    })?;
    Ok((Some(v), answer.revision))
}

/// An error answer as [`ClientError::Refused`].
fn checked(answer: &Answer) -> Result<(), ClientError> {
    if answer.status == 200 {
        return Ok(());
    }
    let e: Option<ApiError> = serde_json::from_slice(&answer.body).ok();
    Err(ClientError::Refused {
        status: answer.status,
        code: e.as_ref().map(|e| e.code.clone()).unwrap_or_default(),
        message: e
            .map(|e| e.message)
            .unwrap_or_else(|| "(no JSON error body)".into()),
    })
}

/// Splits an HTTP/1.1 response (read to the end of the connection) into its parts.
fn parse(raw: &[u8]) -> Result<Answer, ClientError> {
    let bad =
        |what: &str| ClientError::Protocol(format!("the sidecar's answer is not HTTP: {what}"));
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| bad("headers are not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad("no status line"))?;
    let (mut revision, mut chunked) = (0, false);
    for line in lines {
        let Some((name, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if name.eq_ignore_ascii_case(REVISION_HEADER) {
            revision = v.parse().map_err(|_| bad("the revision is not a number"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = v.eq_ignore_ascii_case("chunked");
        }
    }
    let body = &raw[end + 4..];
    let body = match chunked {
        true => dechunk(body).ok_or_else(|| bad("a broken chunked body"))?,
        false => Zeroizing::new(body.to_vec()),
    };
    Ok(Answer {
        status,
        revision,
        body,
    })
}

/// The body of a `Transfer-Encoding: chunked` response.
fn dechunk(mut rest: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    loop {
        let eol = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_is_split_into_status_revision_and_body() {
        let raw = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nsecretscli-revision: 7\r\ncontent-length: 2\r\n\r\n{}";
        let a = parse(raw).unwrap();
        assert_eq!((a.status, a.revision, &a.body[..]), (200, 7, &b"{}"[..]));
    }

    #[test]
    fn a_chunked_body_is_joined() {
        let raw = b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let a = parse(raw).unwrap();
        assert_eq!((a.status, &a.body[..]), (404, &b"abcde"[..]));
    }

    #[test]
    fn names_are_escaped_for_the_watch_url() {
        assert_eq!(escape("database.host"), "database.host");
        assert_eq!(escape("a&b=c#d/e+f"), "a%26b%3Dc%23d%2Fe%2Bf");
        assert_eq!(escape("é"), "%C3%A9");
    }

    #[test]
    fn only_http_urls_are_taken() {
        assert!(Client::tcp("https://127.0.0.1:1", "b").is_err());
        assert!(Client::tcp("http://127.0.0.1:1/", "b").is_ok());
    }
}
