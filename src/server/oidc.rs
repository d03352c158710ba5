//! Verifying the OIDC ID token a use of a bound service token carries (docs/tokens.md):
//! its signature against the issuer's published keys (JWKS, found through
//! `{issuer}/.well-known/openid-configuration`), then `iss`, `aud`, `exp` and `nbf` by
//! `jsonwebtoken`; the store then matches `sub` against the token's glob.
//!
//! This is the server's only outgoing HTTP, so it is fenced: `https://` issuers and key
//! URLs only (plain http to loopback, for tests), no redirects, short timeouts, a cap on
//! every body, a bounded cache of key sets, and a refetch on an unknown key id at most once
//! a minute per issuer. It must never log, store or echo an ID token: refusals name the
//! check that failed, never the token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use serde::Deserialize;

use super::store::tokens::OidcCheck;
use crate::wire::token::{OidcBinding, check_issuer};

/// Key sets are refetched after this long even when every key id is known.
const TTL: Duration = Duration::from_secs(3600);
/// An unknown key id refetches the issuer's keys at most this often.
const REFETCH_EVERY: Duration = Duration::from_secs(60);
/// Issuers whose keys are kept; the oldest is dropped for a new one.
const MAX_ISSUERS: usize = 64;
/// Largest discovery document or key set read.
const MAX_BODY: usize = 256 * 1024;
/// Clock skew allowed on `exp` and `nbf`.
const LEEWAY_SECS: u64 = 60;
/// Signature algorithms accepted: public-key ones only (never HMAC, whose "public" key
/// would be the secret).
const ALGORITHMS: &[Algorithm] = &[
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

struct Entry {
    keys: Arc<JwkSet>,
    fetched: Instant,
}

/// The issuers' key sets, shared by every request of a server.
pub struct OidcKeys {
    http: reqwest::Client,
    cache: Mutex<HashMap<String, Entry>>,
    /// One fetch at a time: a burst of uses after a rotation costs one fetch, not many.
    fetching: tokio::sync::Mutex<()>,
}

impl Default for OidcKeys {
    fn default() -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .connect_timeout(Duration::from_secs(3))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("secretscli-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS client builds");
        OidcKeys {
            http,
            cache: Mutex::default(),
            fetching: tokio::sync::Mutex::default(),
        }
    }
}

/// What the cache knows about a key.
enum Lookup {
    Found(Box<Jwk>),
    /// Not there; whether fetching the issuer's keys again is allowed now.
    Missing(bool),
}

#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    jwks_uri: String,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
}

impl OidcKeys {
    /// Checks `id_token` against `binding` (all but the subject glob, which the store
    /// matches against the token's row): which check failed, or the verified subject.
    pub async fn verify(&self, binding: &OidcBinding, id_token: &str) -> OidcCheck {
        match self.claims(binding, id_token).await {
            Ok(subject) => OidcCheck::Verified {
                issuer: binding.issuer.clone(),
                audience: binding.audience.clone(),
                subject,
            },
            Err(why) => OidcCheck::Failed(why),
        }
    }

    async fn claims(&self, binding: &OidcBinding, id_token: &str) -> Result<String, String> {
        let header = jsonwebtoken::decode_header(id_token)
            .map_err(|_| "the ID token is not a signed JWT".to_string())?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(format!(
                "the ID token is signed with {:?}, which is not accepted (public-key algorithms only)",
                header.alg
            ));
        }
        let jwk = self.key(&binding.issuer, header.kid.as_deref()).await?;
        let key = decoding_key(&jwk, header.alg)?;
        let mut rules = Validation::new(header.alg);
        rules.leeway = LEEWAY_SECS;
        rules.validate_nbf = true;
        rules.set_issuer(&[&binding.issuer]);
        rules.set_audience(&[&binding.audience]);
        rules.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        jsonwebtoken::decode::<Claims>(id_token, &key, &rules)
            .map(|data| data.claims.sub)
            .map_err(|e| failed(e.kind(), binding))
    }

    /// The issuer's key `kid` (or its only key when the token names none), from the cache
    /// or fetched.
    async fn key(&self, issuer: &str, kid: Option<&str>) -> Result<Jwk, String> {
        if let Lookup::Found(jwk) = self.lookup(issuer, kid) {
            return Ok(*jwk);
        }
        let _one_fetch = self.fetching.lock().await;
        // Someone may have fetched while this request waited.
        match self.lookup(issuer, kid) {
            Lookup::Found(jwk) => return Ok(*jwk),
            Lookup::Missing(false) => return Err(unknown_key(issuer, kid)),
            Lookup::Missing(true) => {}
        }
        let keys = Arc::new(self.fetch(issuer).await?);
        let found = find(&keys, kid);
        self.remember(issuer, keys);
        found.ok_or_else(|| unknown_key(issuer, kid))
    }

    fn lookup(&self, issuer: &str, kid: Option<&str>) -> Lookup {
        let cache = self.cache.lock().expect("not poisoned");
        let Some(entry) = cache.get(issuer) else {
            return Lookup::Missing(true);
        };
        let age = entry.fetched.elapsed();
        match find(&entry.keys, kid) {
            Some(jwk) if age < TTL => Lookup::Found(Box::new(jwk)),
            Some(_) => Lookup::Missing(true),
            None => Lookup::Missing(age >= REFETCH_EVERY),
        }
    }

    fn remember(&self, issuer: &str, keys: Arc<JwkSet>) {
        let mut cache = self.cache.lock().expect("not poisoned");
        if cache.len() >= MAX_ISSUERS && !cache.contains_key(issuer) {
            let oldest = cache
                .iter()
                .min_by_key(|(_, e)| e.fetched)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                cache.remove(&oldest);
            }
        }
        let fetched = Instant::now();
        cache.insert(issuer.to_string(), Entry { keys, fetched });
    }

    async fn fetch(&self, issuer: &str) -> Result<JwkSet, String> {
        let base = issuer.trim_end_matches('/');
        let discovery: Discovery = self
            .get_json(&format!("{base}/.well-known/openid-configuration"))
            .await?;
        if discovery.issuer != issuer {
            return Err(format!(
                "the issuer's discovery document names another issuer than {issuer}"
            ));
        }
        check_issuer(&discovery.jwks_uri)
            .map_err(|why| format!("the issuer's jwks_uri is not {why}"))?;
        tracing::info!(issuer = %issuer, "fetching the OIDC issuer's keys");
        self.get_json(&discovery.jwks_uri).await
    }

    /// GET of a JSON document of at most [`MAX_BODY`] bytes.
    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, String> {
        let cannot = |why: String| format!("cannot fetch the issuer's keys from {url}: {why}");
        check_issuer(url).map_err(|why| cannot(format!("not {why}")))?;
        let mut resp = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| cannot(e.without_url().to_string()))?;
        if !resp.status().is_success() {
            return Err(cannot(format!("it answered {}", resp.status())));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp
            .chunk()
            .await
            .map_err(|e| cannot(e.without_url().to_string()))?
        {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(cannot(format!("it sent more than {MAX_BODY} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&body).map_err(|e| cannot(format!("unexpected JSON ({e})")))
    }
}

/// The key named `kid`, or the only key when no id is named.
fn find(keys: &JwkSet, kid: Option<&str>) -> Option<Jwk> {
    match kid {
        Some(kid) => keys.find(kid).cloned(),
        None if keys.keys.len() == 1 => keys.keys.first().cloned(),
        None => None,
    }
}

fn unknown_key(issuer: &str, kid: Option<&str>) -> String {
    match kid {
        Some(kid) => {
            let shown: String = kid.chars().take(64).collect();
            format!("the ID token's key id {shown:?} is not among {issuer}'s published keys")
        }
        None => format!("the ID token names no key id and {issuer} publishes several keys"),
    }
}

/// A public key for `alg` from a JWK: never a symmetric one, and of the algorithm the
/// issuer published it for.
fn decoding_key(jwk: &Jwk, alg: Algorithm) -> Result<DecodingKey, String> {
    if matches!(jwk.algorithm, AlgorithmParameters::OctetKey(_)) {
        return Err("the issuer published a symmetric key, which is not accepted".into());
    }
    if let Some(published) = jwk.common.key_algorithm
        && format!("{published:?}") != format!("{alg:?}")
    {
        return Err(format!(
            "the ID token says {alg:?} but the issuer published its key for {published:?}"
        ));
    }
    DecodingKey::from_jwk(jwk).map_err(|_| "the issuer published a key that does not parse".into())
}

/// Which check failed, in words; never the token's text.
fn failed(kind: &ErrorKind, binding: &OidcBinding) -> String {
    match kind {
        ErrorKind::InvalidSignature => format!(
            "the ID token's signature does not check against {}'s keys",
            binding.issuer
        ),
        ErrorKind::ExpiredSignature => "the ID token expired (exp)".into(),
        ErrorKind::ImmatureSignature => "the ID token is not valid yet (nbf)".into(),
        ErrorKind::InvalidIssuer => {
            format!("the ID token's issuer (iss) is not {}", binding.issuer)
        }
        ErrorKind::InvalidAudience => format!(
            "the ID token's audience (aud) does not include {:?}",
            binding.audience
        ),
        ErrorKind::MissingRequiredClaim(claim) => format!("the ID token has no {claim} claim"),
        ErrorKind::InvalidAlgorithm => {
            "the ID token's algorithm does not fit the issuer's key".into()
        }
        _ => "the ID token could not be decoded".into(),
    }
}
