//! Where a service token's use finds the CI job's OIDC ID token (docs/tokens.md), for a
//! token bound to a CI identity: `SECRETSCLI_OIDC_TOKEN`, else the file
//! `SECRETSCLI_OIDC_TOKEN_FILE` names, else GitHub Actions' token endpoint
//! (`ACTIONS_ID_TOKEN_REQUEST_URL` and `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, present when the
//! workflow grants `id-token: write`) asked for the audience `SECRETSCLI_OIDC_AUDIENCE`
//! (default `secretscli`).
//!
//! The client cannot tell a bound token from another, so it sends an ID token whenever one
//! is there; the server looks at it only for a bound token. An ID token is a short-lived
//! credential: it must never be printed, logged, written to disk or put in an error.

use std::io::Read as _;
use std::time::Duration;

use zeroize::Zeroizing;

use super::TokenError;

/// The variable holding an ID token.
pub const OIDC_TOKEN_VAR: &str = "SECRETSCLI_OIDC_TOKEN";
/// The variable naming a file holding an ID token.
pub const OIDC_TOKEN_FILE_VAR: &str = "SECRETSCLI_OIDC_TOKEN_FILE";
/// The audience asked of GitHub Actions' token endpoint.
pub const OIDC_AUDIENCE_VAR: &str = "SECRETSCLI_OIDC_AUDIENCE";
/// The audience asked for when [`OIDC_AUDIENCE_VAR`] is unset (and `token create`'s default).
pub const DEFAULT_AUDIENCE: &str = "secretscli";
const GITHUB_URL_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_URL";
const GITHUB_TOKEN_VAR: &str = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
/// Longer than any real ID token; the server refuses more than 16 KiB anyway.
const MAX_TOKEN: u64 = 16 * 1024;

/// The ID token to send with a use, if this environment has one.
pub fn id_token() -> Result<Option<Zeroizing<String>>, TokenError> {
    if let Some(v) = std::env::var(OIDC_TOKEN_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        return Ok(Some(Zeroizing::new(v.trim().to_string())));
    }
    if let Some(path) = std::env::var_os(OIDC_TOKEN_FILE_VAR).filter(|p| !p.is_empty()) {
        return from_file(&path).map(Some);
    }
    match (
        std::env::var(GITHUB_URL_VAR),
        std::env::var(GITHUB_TOKEN_VAR),
    ) {
        (Ok(url), Ok(bearer)) if !url.is_empty() && !bearer.is_empty() => {
            let bearer = Zeroizing::new(bearer);
            from_github(&url, &bearer).map(Some)
        }
        _ => Ok(None),
    }
}

fn from_file(path: &std::ffi::OsStr) -> Result<Zeroizing<String>, TokenError> {
    let what = format!("{OIDC_TOKEN_FILE_VAR} ({})", path.to_string_lossy());
    let mut text = Zeroizing::new(String::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TOKEN).read_to_string(&mut text))
        .map_err(|e| TokenError::OidcUnavailable {
            what: what.clone(),
            why: e.to_string(),
        })?;
    match text.trim() {
        "" => Err(TokenError::OidcUnavailable {
            what,
            why: "the file is empty".into(),
        }),
        t => Ok(Zeroizing::new(t.to_string())),
    }
}

/// GitHub's endpoint answers `{"value": "<JWT>"}` to a GET with the request token as bearer
/// and the audience as a query parameter.
fn from_github(url: &str, bearer: &str) -> Result<Zeroizing<String>, TokenError> {
    let fail = |why: String| TokenError::OidcUnavailable {
        what: "GitHub Actions' ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)".into(),
        why,
    };
    let audience = std::env::var(OIDC_AUDIENCE_VAR)
        .ok()
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| DEFAULT_AUDIENCE.into());
    let mut url = url::Url::parse(url).map_err(|e| fail(e.to_string()))?;
    url.query_pairs_mut().append_pair("audience", &audience);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let resp = client
        .get(url)
        .bearer_auth(bearer)
        .send()
        .map_err(|e| fail(e.without_url().to_string()))?;
    if !resp.status().is_success() {
        return Err(fail(format!("it answered {}", resp.status())));
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        value: String,
    }
    let mut body = Zeroizing::new(Vec::new());
    resp.take(MAX_TOKEN)
        .read_to_end(&mut body)
        .map_err(|e| fail(e.to_string()))?;
    let answer: Answer =
        serde_json::from_slice(&body).map_err(|_| fail("its answer has no token".into()))?;
    Ok(Zeroizing::new(answer.value))
}
