//! HTTP to a sync server: JSON in and out, the bearer token, failover across several
//! base URLs, and retries that never duplicate a write.
//!
//! A request that failed to connect was never sent, so it moves on to the next URL at once.
//! A request that may have reached the server (timeout, reset, 502/503/504) is retried only
//! when the caller says it is safe: reads, idempotent PUTs, and pushes, which carry an
//! idempotency key and are resent byte for byte. Plain `http://` is refused for any host
//! but loopback unless the caller allowed it (`--insecure`): the token travels in a header.

use std::io::Read as _;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::SyncError;
use crate::crypto::SecretBytes;
use crate::wire::ApiError;

/// Environment variable: seconds a retryable request keeps trying once the server has
/// answered this process before (default 15; a server never reached gets 2 s at most).
pub const RETRY_VAR: &str = "SECRETSCLI_RETRY_SECS";
/// Environment variable: per-request timeout in seconds (default 60).
pub const TIMEOUT_VAR: &str = "SECRETSCLI_HTTP_TIMEOUT";
/// Environment variable: a PEM file of extra CA certificates to trust (self-hosted TLS).
pub const CA_VAR: &str = "SECRETSCLI_CA_CERT";

/// The most a client reads of one answer: 256 MiB. A server's answer is untrusted input;
/// without a bound a hostile or broken one could make us buffer until memory runs out.
/// The largest honest answers (a snapshot or a token's grant of a big environment, fetched
/// in pages of 10,000 entries) stay far below it.
pub const MAX_ANSWER: u64 = 256 * 1024 * 1024;

/// Whether a request may be sent again after it possibly reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Reads, idempotent writes, keyed pushes.
    Safe,
    /// Everything else (login): only moves on when the connection was never made.
    Never,
}

/// A client for one server reachable at one or more URLs.
pub struct Transport {
    urls: Vec<Url>,
    current: usize,
    client: Client,
    token: Option<SecretBytes>,
    /// One more credential header (a CI's OIDC ID token), sent like the bearer: sensitive.
    secret_header: Option<(&'static str, SecretBytes)>,
    retry_for: Duration,
    /// Some request got an answer: a server is there, so a vanished one (a restart, a
    /// failover) is worth the whole retry window. Before that, offline fails fast.
    answered: bool,
}

/// How long a transport that never reached its server keeps retrying.
const UNREACHED_RETRY: Duration = Duration::from_secs(2);

/// Splits a comma-separated URL list and checks each: http(s) only, and plain http only
/// to loopback unless `insecure`.
pub fn parse_urls(list: &str, insecure: bool) -> Result<Vec<Url>, SyncError> {
    let mut urls = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut url = Url::parse(part).map_err(|e| SyncError::BadUrl {
            url: part.to_string(),
            why: e.to_string(),
        })?;
        match url.scheme() {
            "https" => {}
            "http" if insecure || is_loopback(&url) => {}
            "http" => {
                return Err(SyncError::Insecure {
                    url: part.to_string(),
                });
            }
            other => {
                return Err(SyncError::BadUrl {
                    url: part.to_string(),
                    why: format!("unsupported scheme {other:?} (use https://)"),
                });
            }
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        urls.push(url);
    }
    if urls.is_empty() {
        return Err(SyncError::BadUrl {
            url: list.to_string(),
            why: "no URL given".into(),
        });
    }
    Ok(urls)
}

/// Whether `url` names this machine (plain http is allowed there).
pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn env_secs(var: &str, default: u64) -> Duration {
    Duration::from_secs_f64(
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v >= 0.0)
            .unwrap_or(default as f64),
    )
}

impl Transport {
    /// A transport for `urls` (comma-separated), not yet authenticated.
    pub fn new(urls: &str, insecure: bool) -> Result<Transport, SyncError> {
        Transport::build(
            urls,
            insecure,
            env_secs(TIMEOUT_VAR, 60),
            Duration::from_secs(5),
        )
    }

    /// A transport for health checks: every request gets at most `timeout` (connecting
    /// included) and is never retried, so a dead server costs one timeout, not a window.
    pub fn quick(urls: &str, insecure: bool, timeout: Duration) -> Result<Transport, SyncError> {
        let mut transport = Transport::build(urls, insecure, timeout, timeout)?;
        transport.retry_for = Duration::ZERO;
        Ok(transport)
    }

    fn build(
        urls: &str,
        insecure: bool,
        timeout: Duration,
        connect_timeout: Duration,
    ) -> Result<Transport, SyncError> {
        let urls = parse_urls(urls, insecure)?;
        let mut builder = Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .user_agent(concat!("secretscli/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = std::env::var_os(CA_VAR).filter(|v| !v.is_empty()) {
            let pem = std::fs::read(&path).map_err(|e| SyncError::BadUrl {
                url: format!("{CA_VAR}={}", path.to_string_lossy()),
                why: e.to_string(),
            })?;
            for cert in
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| SyncError::BadUrl {
                    url: format!("{CA_VAR}={}", path.to_string_lossy()),
                    why: e.to_string(),
                })?
            {
                builder = builder.add_root_certificate(cert);
            }
        }
        let client = builder
            .build()
            .map_err(|e| SyncError::Protocol(e.to_string()))?;
        Ok(Transport {
            urls,
            current: 0,
            client,
            token: None,
            secret_header: None,
            retry_for: env_secs(RETRY_VAR, 15),
            answered: false,
        })
    }

    /// How long a retryable request keeps trying (the change feed retries by itself, with
    /// jitter, and wants failures at once).
    pub fn set_retry_for(&mut self, window: Duration) {
        self.retry_for = window;
    }

    /// Sends `token` as the bearer from now on.
    pub fn set_token(&mut self, token: SecretBytes) {
        self.token = Some(token);
    }

    /// Sends `value` in header `name` from now on, marked sensitive like the bearer.
    pub fn set_secret_header(&mut self, name: &'static str, value: SecretBytes) {
        self.secret_header = Some((name, value));
    }

    /// The URL currently in use (after failover, maybe not the first).
    pub fn url(&self) -> &Url {
        &self.urls[self.current]
    }

    /// The URL in use as people write it (see [`shown`]).
    pub fn shown_url(&self) -> &str {
        shown(self.url())
    }

    /// How many URLs this transport fails over between.
    pub(crate) fn url_count(&self) -> usize {
        self.urls.len()
    }

    /// Moves on to the next URL (the WebSocket feed lost its node or could not reach it).
    pub(crate) fn fail_over(&mut self) {
        self.current = (self.current + 1) % self.urls.len();
    }

    /// The bearer token and the extra credential header, for a client other than reqwest
    /// (the WebSocket feed) to send exactly as [`Transport`] does.
    pub(crate) fn credentials(
        &self,
    ) -> (Option<&SecretBytes>, Option<(&'static str, &SecretBytes)>) {
        (
            self.token.as_ref(),
            self.secret_header.as_ref().map(|(n, v)| (*n, v)),
        )
    }

    /// GET, parsing JSON.
    pub fn get<T: DeserializeOwned>(&mut self, path: &str) -> Result<T, SyncError> {
        let body = self.send(Method::GET, path, None, Retry::Safe)?;
        parse(&body)
    }

    /// PUT of a JSON body (idempotent), parsing a JSON answer.
    pub fn put<B: Serialize, T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        let body = self.send(Method::PUT, path, Some(to_json(body)?), Retry::Safe)?;
        parse(&body)
    }

    /// PUT of a JSON body (idempotent) answered without a body.
    pub fn put_empty<B: Serialize>(&mut self, path: &str, body: &B) -> Result<(), SyncError> {
        self.send(Method::PUT, path, Some(to_json(body)?), Retry::Safe)?;
        Ok(())
    }

    /// POST of JSON bytes prepared by the caller (so a retry resends the same bytes).
    pub fn post_raw<T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: Vec<u8>,
        retry: Retry,
    ) -> Result<T, SyncError> {
        let body = self.send(Method::POST, path, Some(body), retry)?;
        parse(&body)
    }

    /// POST of a JSON body.
    pub fn post<B: Serialize, T: DeserializeOwned>(
        &mut self,
        path: &str,
        body: &B,
        retry: Retry,
    ) -> Result<T, SyncError> {
        self.post_raw(path, to_json(body)?, retry)
    }

    /// DELETE (idempotent), parsing a JSON answer.
    pub fn delete_json<T: DeserializeOwned>(&mut self, path: &str) -> Result<T, SyncError> {
        let body = self.send(Method::DELETE, path, None, Retry::Safe)?;
        parse(&body)
    }

    /// POST of a JSON body whose answer is not needed (any body is ignored).
    pub fn post_ignoring<B: Serialize>(
        &mut self,
        path: &str,
        body: &B,
        retry: Retry,
    ) -> Result<(), SyncError> {
        self.send(Method::POST, path, Some(to_json(body)?), retry)?;
        Ok(())
    }

    /// DELETE (idempotent).
    pub fn delete(&mut self, path: &str) -> Result<(), SyncError> {
        self.send(Method::DELETE, path, None, Retry::Safe)?;
        Ok(())
    }

    /// One GET to the current URL, no failover or retry: the HTTP status whatever it is
    /// (health checks want the 503 itself), or `Unreachable` when no answer came.
    pub fn status(&mut self, path: &str) -> Result<u16, SyncError> {
        let url = self.join(path)?;
        match self.request(Method::GET, url.clone())?.send() {
            Ok(resp) => {
                self.answered = true;
                Ok(resp.status().as_u16())
            }
            Err(e) => Err(SyncError::Unreachable {
                detail: format!("{url}: {}", error_chain(&e)),
            }),
        }
    }

    fn join(&self, path: &str) -> Result<Url, SyncError> {
        self.urls[self.current]
            .join(path.trim_start_matches('/'))
            .map_err(|e| SyncError::Protocol(e.to_string()))
    }

    /// A request with the bearer token (marked sensitive so no log or debug print shows it).
    fn request(
        &self,
        method: Method,
        url: Url,
    ) -> Result<reqwest::blocking::RequestBuilder, SyncError> {
        let mut req = self.client.request(method, url);
        if let Some(token) = &self.token {
            let value = format!("Bearer {}", String::from_utf8_lossy(token.expose()));
            let mut header = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| SyncError::Protocol("the stored token is not printable".into()))?;
            header.set_sensitive(true);
            req = req.header(reqwest::header::AUTHORIZATION, header);
        }
        if let Some((name, value)) = &self.secret_header {
            let mut header = reqwest::header::HeaderValue::from_bytes(value.expose())
                .map_err(|_| SyncError::Protocol(format!("the {name} header is not printable")))?;
            header.set_sensitive(true);
            req = req.header(*name, header);
        }
        Ok(req)
    }

    fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        retry: Retry,
    ) -> Result<Vec<u8>, SyncError> {
        let started = Instant::now();
        let mut delay = Duration::from_millis(100);
        let mut tried_since_success: usize = 0;
        loop {
            let url = self.join(path)?;
            let mut req = self.request(method.clone(), url.clone())?;
            if let Some(body) = &body {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let outcome = req.send();
            let (transient, why) = match outcome {
                Ok(resp) => {
                    self.answered = true;
                    let status = resp.status();
                    let bytes = read_bounded(resp, MAX_ANSWER, shown(&self.urls[self.current]))?;
                    if status.is_success() {
                        return Ok(bytes);
                    }
                    let gateway = matches!(
                        status,
                        StatusCode::BAD_GATEWAY
                            | StatusCode::SERVICE_UNAVAILABLE
                            | StatusCode::GATEWAY_TIMEOUT
                    );
                    if !gateway {
                        return Err(error_from(status, &bytes, &url));
                    }
                    (retry == Retry::Safe, format!("{url}: HTTP {status}"))
                }
                Err(e) => {
                    // Not connected means not sent: safe to move on even without Retry::Safe.
                    let unsent = e.is_connect();
                    (
                        unsent || retry == Retry::Safe,
                        format!("{url}: {}", error_chain(&e)),
                    )
                }
            };
            if !transient {
                return Err(SyncError::Unreachable { detail: why });
            }
            tried_since_success += 1;
            self.current = (self.current + 1) % self.urls.len();
            // Go round the list once without waiting, then back off until the deadline.
            if tried_since_success.is_multiple_of(self.urls.len()) {
                let window = if self.answered {
                    self.retry_for
                } else {
                    self.retry_for.min(UNREACHED_RETRY)
                };
                if started.elapsed() + delay > window {
                    return Err(SyncError::Unreachable { detail: why });
                }
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(2));
            }
        }
    }
}

/// The body of `resp`, refused once it is (or says it will be) larger than `limit`: the
/// declared length is checked before reading, and the read stops one byte past the limit
/// so a body without a length cannot grow without bound either.
fn read_bounded<R: std::io::Read + DeclaredLength>(
    resp: R,
    limit: u64,
    server: &str,
) -> Result<Vec<u8>, SyncError> {
    let too_large = || SyncError::AnswerTooLarge {
        server: server.to_string(),
        limit,
    };
    if resp.declared_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::io::Read::take(resp, limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SyncError::Protocol(format!("reading the answer of {server}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The length an answer declares (`Content-Length`), when it does.
trait DeclaredLength {
    fn declared_length(&self) -> Option<u64>;
}

impl DeclaredLength for reqwest::blocking::Response {
    fn declared_length(&self) -> Option<u64> {
        self.content_length()
    }
}

pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

fn to_json<B: Serialize>(body: &B) -> Result<Vec<u8>, SyncError> {
    serde_json::to_vec(body).map_err(|e| SyncError::Protocol(e.to_string()))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, SyncError> {
    // An empty 204 answer reads as JSON `null` so `()` callers work.
    let body = if body.is_empty() {
        b"null" as &[u8]
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| SyncError::Protocol(format!("unexpected answer from the server: {e}")))
}

pub(crate) fn error_from(status: StatusCode, body: &[u8], url: &Url) -> SyncError {
    // An error body is untrusted text that ends up in our error message: bounded here.
    use super::untrusted::cut;
    let api: Option<ApiError> = serde_json::from_slice(body).ok();
    let (code, message) = match &api {
        Some(a) => (cut(&a.code, 64), cut(&a.message, 200)),
        None => (
            status.as_str().to_string(),
            String::from_utf8_lossy(body).chars().take(200).collect(),
        ),
    };
    match status {
        StatusCode::UNAUTHORIZED => SyncError::Unauthorized { message },
        StatusCode::FORBIDDEN => SyncError::Forbidden { code, message },
        StatusCode::NOT_FOUND => SyncError::NotFound { message },
        // `version_exists`: a forced push reused a version number the server has; it
        // names the items, and `push --force` renumbers ours above the server's first.
        StatusCode::CONFLICT if code == "conflict" || code == "version_exists" => {
            let c = api.and_then(|a| a.conflict);
            SyncError::Conflict {
                names: c
                    .as_ref()
                    .map(|c| c.names.iter().map(|n| cut(n, 64)).collect())
                    .unwrap_or_default(),
                revision: c.map(|c| c.revision),
            }
        }
        StatusCode::CONFLICT if code == "proposal_conflict" => {
            let c = api.and_then(|a| a.conflict);
            SyncError::ProposalConflict {
                names: c
                    .as_ref()
                    .map(|c| c.names.iter().map(|n| cut(n, 64)).collect())
                    .unwrap_or_default(),
                revision: c.map(|c| c.revision),
            }
        }
        StatusCode::PAYLOAD_TOO_LARGE => SyncError::TooLarge { message },
        _ => SyncError::Server {
            url: url.to_string(),
            status: status.as_u16(),
            code,
            message,
        },
    }
}

/// `url` without the trailing `/` parsing adds (`http://host:8484/`, or a base path's),
/// so output names a server the way `login` and config.toml do.
fn shown(url: &Url) -> &str {
    let s = url.as_str();
    match s.strip_suffix('/') {
        Some(bare) if url.query().is_none() && url.fragment().is_none() => bare,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Body(std::io::Cursor<Vec<u8>>, Option<u64>);

    impl std::io::Read for Body {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.0.read(buf)
        }
    }

    impl DeclaredLength for Body {
        fn declared_length(&self) -> Option<u64> {
            self.1
        }
    }

    #[test]
    fn answers_past_the_limit_are_refused_whether_declared_or_not() {
        let body = |n: usize, declared| Body(std::io::Cursor::new(vec![b'x'; n]), declared);
        assert_eq!(read_bounded(body(10, None), 10, "s").unwrap().len(), 10);
        assert_eq!(read_bounded(body(10, Some(10)), 10, "s").unwrap().len(), 10);
        for (n, declared) in [(11, None), (0, Some(11)), (1, Some(u64::MAX))] {
            match read_bounded(body(n, declared), 10, "http://s") {
                Err(SyncError::AnswerTooLarge { server, limit }) => {
                    assert_eq!((server.as_str(), limit), ("http://s", 10));
                }
                other => panic!(
                    "{n} bytes, declared {declared:?}: {:?}",
                    other.map(|b| b.len())
                ),
            }
        }
    }

    #[test]
    fn servers_are_shown_without_the_slash_parsing_adds() {
        let urls = parse_urls("http://127.0.0.1:8484,https://a.example/base", false).unwrap();
        assert_eq!(shown(&urls[0]), "http://127.0.0.1:8484");
        assert_eq!(shown(&urls[1]), "https://a.example/base");
    }

    #[test]
    fn plain_http_is_only_for_loopback_unless_insecure() {
        assert!(parse_urls("http://127.0.0.1:8484", false).is_ok());
        assert!(parse_urls("http://localhost:1", false).is_ok());
        assert!(parse_urls("http://[::1]:1", false).is_ok());
        assert!(matches!(
            parse_urls("http://sync.example.com", false),
            Err(SyncError::Insecure { .. })
        ));
        assert!(parse_urls("http://sync.example.com", true).is_ok());
        assert!(parse_urls("https://sync.example.com", false).is_ok());
        assert!(parse_urls("ftp://x", true).is_err());
    }

    #[test]
    fn url_lists_split_on_commas_and_keep_a_base_path() {
        let urls = parse_urls("https://a.example/base, https://b.example", false).unwrap();
        assert_eq!(urls.len(), 2);
        assert_eq!(
            urls[0].join("v1/whoami").unwrap().as_str(),
            "https://a.example/base/v1/whoami"
        );
        assert_eq!(
            urls[1].join("v1/whoami").unwrap().as_str(),
            "https://b.example/v1/whoami"
        );
    }
}
