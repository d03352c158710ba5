//! The change feed over WebSocket (`GET /v1/envs/{id}/changes/ws?since=R`, docs/live.md):
//! one connection per watcher on which the server sends a [`FeedPage`] as each revision
//! lands, instead of a long-poll re-asked every 25 s.
//!
//! Blocking, like the rest of the client (`watch` starts no runtime): tungstenite over a
//! `TcpStream`, or over rustls configured as reqwest's client is (ring, the webpki roots,
//! plus `SECRETSCLI_CA_CERT`), never OpenSSL. The URLs, their failover order, the bearer and
//! the extra credential header come from the same [`Http`] transport as every other request,
//! so `--insecure` and TLS settings mean the same here. Credentials travel only in headers
//! of the upgrade request, marked sensitive; nothing here prints.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use tungstenite::client::IntoClientRequest as _;
use tungstenite::handshake::HandshakeError;
use tungstenite::http::{HeaderValue, header};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

use crate::sync::SyncError;
use crate::sync::transport::{self, Transport as Http};
use crate::wire::feed::FeedPage;

/// Connecting to one URL gives up after this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The server pings every 20 s: a connection silent for this long is dead (a partition, a
/// frozen node), and we reconnect elsewhere.
const READ_TIMEOUT: Duration = Duration::from_secs(50);
/// The most one page may be (far above an honest one; below the HTTP answer bound).
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// Why a connection was not made.
#[derive(Debug)]
pub(crate) enum ConnectError {
    /// The server answered the upgrade but does not speak the WebSocket feed (an older
    /// server, or a proxy that drops `Upgrade`): long-poll instead.
    Unsupported(String),
    /// Like any request's failure (unreachable, refused, 503).
    Sync(SyncError),
}

/// An open feed connection.
pub(crate) struct Socket {
    ws: WebSocket<Stream>,
    shown: String,
}

/// Tries each URL once, from the current one, and stays on the first that upgrades.
pub(crate) fn connect(
    http: &mut Http,
    env: uuid::Uuid,
    since: i64,
) -> Result<Socket, ConnectError> {
    let path = format!("v1/envs/{env}/changes/ws?since={since}");
    let mut last = None;
    for _ in 0..http.url_count() {
        match open(http, &path) {
            Err(ConnectError::Sync(e)) if retry_elsewhere(&e) => {
                last = Some(e);
                http.fail_over();
            }
            other => return other,
        }
    }
    Err(ConnectError::Sync(last.expect("at least one URL")))
}

/// A failure another node may not have: no answer, or a node that is full or stopping.
fn retry_elsewhere(e: &SyncError) -> bool {
    match e {
        SyncError::Unreachable { .. } => true,
        SyncError::Server { status, .. } => *status >= 500,
        _ => false,
    }
}

impl Socket {
    /// The next page the server sends. Pings are answered by tungstenite as it reads; a
    /// close or a silent connection is `Unreachable` (reconnect and resume).
    pub(crate) fn next_page(&mut self) -> Result<FeedPage, SyncError> {
        loop {
            let msg = self.ws.read().map_err(|e| self.lost(&e.to_string()))?;
            match msg {
                Message::Text(text) => {
                    return serde_json::from_str(text.as_str()).map_err(|e| {
                        SyncError::Protocol(format!(
                            "the server's feed sent an unreadable page: {e}"
                        ))
                    });
                }
                Message::Close(frame) => {
                    let why = frame.map_or_else(
                        || "no reason".into(),
                        |f| crate::sync::untrusted::cut(&f.reason, 60),
                    );
                    return Err(self.lost(&format!("closed by the server ({why})")));
                }
                _ => {}
            }
        }
    }

    fn lost(&self, why: &str) -> SyncError {
        SyncError::Unreachable {
            detail: format!("{}: {why}", self.shown),
        }
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        // Polite, not required: the server also notices a dropped TCP connection.
        let _ = self.ws.close(None);
        let _ = self.ws.flush();
    }
}

fn open(http: &Http, path: &str) -> Result<Socket, ConnectError> {
    let url = http
        .url()
        .join(path)
        .map_err(|e| ConnectError::Sync(SyncError::Protocol(e.to_string())))?;
    let shown = http.shown_url().to_string();
    let unreachable = |why: String| {
        ConnectError::Sync(SyncError::Unreachable {
            detail: format!("{shown}: {why}"),
        })
    };
    let stream = dial(&url).map_err(|e| unreachable(transport::error_chain(&e)))?;
    let request = upgrade_request(http, &url).map_err(ConnectError::Sync)?;
    let config = WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE));
    match tungstenite::client::client_with_config(request, stream, Some(config)) {
        Ok((ws, _)) => {
            // The upgrade had the connect timeout; an open feed waits for pings.
            ws.get_ref()
                .tcp()
                .set_read_timeout(Some(READ_TIMEOUT))
                .map_err(|e| unreachable(e.to_string()))?;
            Ok(Socket { ws, shown })
        }
        Err(HandshakeError::Failure(tungstenite::Error::Http(resp))) => {
            let status = reqwest::StatusCode::from_u16(resp.status().as_u16())
                .unwrap_or(reqwest::StatusCode::BAD_GATEWAY);
            let body = resp.body().clone().unwrap_or_default();
            Err(refusal(status, &body, &url))
        }
        Err(HandshakeError::Failure(e)) => Err(unreachable(e.to_string())),
        Err(HandshakeError::Interrupted(_)) => Err(unreachable("the upgrade timed out".into())),
    }
}

/// An HTTP answer instead of an upgrade: "no WebSocket here" (fall back to long-poll), or
/// the error any request would get (token, role, unknown environment, node full).
fn refusal(status: reqwest::StatusCode, body: &[u8], url: &Url) -> ConnectError {
    let api: Option<crate::wire::ApiError> = serde_json::from_slice(body).ok();
    // Our own server names a missing route "no such endpoint"; an unknown environment is
    // a 404 too, and must stay an error.
    let no_route = status == reqwest::StatusCode::NOT_FOUND
        && api
            .as_ref()
            .is_none_or(|a| a.message.starts_with("no such endpoint"));
    let unsupported = no_route
        || matches!(status.as_u16(), 400 | 405 | 426 | 501)
        || (status.is_success() || status.is_redirection());
    if unsupported {
        return ConnectError::Unsupported(format!("HTTP {status}"));
    }
    ConnectError::Sync(transport::error_from(status, body, url))
}

/// The upgrade request with the same credentials as every other request.
fn upgrade_request(
    http: &Http,
    url: &Url,
) -> Result<tungstenite::handshake::client::Request, SyncError> {
    let mut ws_url = url.clone();
    let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
    ws_url
        .set_scheme(scheme)
        .map_err(|()| SyncError::Protocol(format!("cannot make a WebSocket URL of {url}")))?;
    let mut request = ws_url
        .as_str()
        .into_client_request()
        .map_err(|e| SyncError::Protocol(e.to_string()))?;
    let headers = request.headers_mut();
    let (token, extra) = http.credentials();
    if let Some(token) = token {
        let value = format!("Bearer {}", String::from_utf8_lossy(token.expose()));
        headers.insert(header::AUTHORIZATION, sensitive(value.as_bytes(), "token")?);
    }
    if let Some((name, value)) = extra {
        headers.insert(name, sensitive(value.expose(), name)?);
    }
    headers.insert(
        header::USER_AGENT,
        HeaderValue::from_static(concat!("secretscli/", env!("CARGO_PKG_VERSION"))),
    );
    Ok(request)
}

fn sensitive(value: &[u8], what: &str) -> Result<HeaderValue, SyncError> {
    let mut value = HeaderValue::from_bytes(value)
        .map_err(|_| SyncError::Protocol(format!("the stored {what} is not printable")))?;
    value.set_sensitive(true);
    Ok(value)
}

/// A TCP connection to `url`'s host (each address in turn), wrapped in TLS for https.
fn dial(url: &Url) -> std::io::Result<Stream> {
    let host = match url.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return Err(std::io::Error::other("the URL has no host")),
    };
    let port = url.port_or_known_default().unwrap_or(443);
    let mut last = std::io::Error::other(format!("{host} has no address"));
    for addr in (host.as_str(), port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(tcp) => {
                // A node that takes the connection but never answers the upgrade is as
                // good as down: the handshake gets the connect timeout.
                tcp.set_read_timeout(Some(CONNECT_TIMEOUT))?;
                tcp.set_write_timeout(Some(READ_TIMEOUT))?;
                tcp.set_nodelay(true)?;
                if url.scheme() != "https" {
                    return Ok(Stream::Plain(tcp));
                }
                return tls(&host, tcp);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn tls(host: &str, tcp: TcpStream) -> std::io::Result<Stream> {
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| std::io::Error::other(format!("{host}: {e}")))?;
    let conn = rustls::ClientConnection::new(tls_config()?, name).map_err(std::io::Error::other)?;
    Ok(Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp))))
}

/// ring and the webpki roots, as reqwest's `rustls-tls` uses, plus `SECRETSCLI_CA_CERT`.
fn tls_config() -> std::io::Result<Arc<rustls::ClientConfig>> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = std::env::var_os(transport::CA_VAR).filter(|v| !v.is_empty()) {
        let pem = std::fs::read(&path)?;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(std::io::Error::other)?;
            roots.add(cert).map_err(std::io::Error::other)?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(std::io::Error::other)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Plain TCP (loopback, or `--insecure`) or TLS.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Stream {
    fn tcp(&self) -> &TcpStream {
        match self {
            Stream::Plain(s) => s,
            Stream::Tls(s) => s.get_ref(),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_route_or_a_dropped_upgrade_means_long_poll_and_an_unknown_env_does_not() {
        let url = Url::parse("http://127.0.0.1:1/v1/envs/x/changes/ws").unwrap();
        let route =
            br#"{"code":"not_found","message":"no such endpoint; see GET /v1/openapi.json"}"#;
        let env = br#"{"code":"not_found","message":"no such environment"}"#;
        let cases: [(u16, &[u8], bool); 6] = [
            (404, route, true),
            (404, b"", true),
            (426, b"", true),
            (200, b"", true),
            (404, env, false),
            (403, br#"{"code":"forbidden","message":"m"}"#, false),
        ];
        for (status, body, fallback) in cases {
            let status = reqwest::StatusCode::from_u16(status).unwrap();
            let got = refusal(status, body, &url);
            assert_eq!(
                matches!(got, ConnectError::Unsupported(_)),
                fallback,
                "{status}: {got:?}"
            );
        }
    }

    #[test]
    fn the_upgrade_request_uses_ws_schemes_and_marks_the_bearer_sensitive() {
        let mut http = Http::new("https://sync.example/base", false).unwrap();
        http.set_token(crate::crypto::SecretBytes::new(b"sctk_x".to_vec()));
        let url = http.url().join("v1/envs/e/changes/ws?since=3").unwrap();
        let req = upgrade_request(&http, &url).unwrap();
        assert_eq!(
            req.uri().to_string(),
            "wss://sync.example/base/v1/envs/e/changes/ws?since=3"
        );
        let auth = req.headers().get(header::AUTHORIZATION).unwrap();
        assert!(auth.is_sensitive());
        assert!(!format!("{auth:?}").contains("sctk_x"));
    }
}
