//! API tokens and the brake on guessing them.
//!
//! A token is `sct_<id>_<secret>`: `id` is 16 random bytes in hex (public: it names the
//! token in logs and in `DELETE /v1/tokens/{id}`), `secret` 32 random bytes in unpadded
//! base64url. The store keeps `id` and SHA-256(`secret`) only; a presented token is looked
//! up by id and its hash compared in constant time. A token is never logged, and never
//! stored or compared in clear.
//!
//! Failed authentications are counted per client address in a token bucket: a few are
//! free, then each further failure is answered 429 `rate_limited` with `Retry-After`, so a
//! misconfigured client shows up in the log. A token that verifies is never refused by
//! this limit (`app::token`): addresses are shared, and the secret's 256 bits, not the
//! limit, are what defeat guessing.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq as _;

use super::store::NewToken;

/// Every token starts with this.
pub const PREFIX: &str = "sct_";
const ID_BYTES: usize = 16;
const SECRET_BYTES: usize = 32;

/// A freshly made token: the text to hand out once, and what the store keeps.
pub struct IssuedToken {
    /// `sct_<id>_<secret>`: shown once, never stored.
    pub token: String,
    /// Id and hash for the store.
    pub record: NewToken,
}

impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken")
            .field("id", &self.record.id)
            .field("token", &"***")
            .finish()
    }
}

/// Makes a new random token.
pub fn issue(expires_at: Option<i64>) -> IssuedToken {
    let mut id = [0u8; ID_BYTES];
    let mut secret = [0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut id);
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let id = hex::encode(id);
    let secret = URL_SAFE_NO_PAD.encode(secret);
    IssuedToken {
        token: format!("{PREFIX}{id}_{secret}"),
        record: NewToken {
            hash: secret_hash(&secret),
            id,
            expires_at,
        },
    }
}

/// Splits a well-formed token into id and secret.
pub fn parse(token: &str) -> Option<(&str, &str)> {
    let (id, secret) = token.strip_prefix(PREFIX)?.split_once('_')?;
    let id_ok = id.len() == ID_BYTES * 2 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let secret_ok = URL_SAFE_NO_PAD
        .decode(secret)
        .is_ok_and(|s| s.len() == SECRET_BYTES);
    (id_ok && secret_ok).then_some((id, secret))
}

/// The record for a token given from outside (`--bootstrap-token-file`).
pub fn record_of(token: &str, expires_at: Option<i64>) -> Option<NewToken> {
    let (id, secret) = parse(token)?;
    Some(NewToken {
        id: id.to_string(),
        hash: secret_hash(secret),
        expires_at,
    })
}

/// SHA-256 of the secret part. A fast hash is right here: the secret is 256 random bits,
/// not a password, so there is nothing for a slow hash to protect.
pub fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether `secret` hashes to `stored`, in time independent of where they differ.
pub fn secret_matches(stored: &[u8], secret: &str) -> bool {
    bool::from(secret_hash(secret).as_slice().ct_eq(stored))
}

/// Failed-authentication budget per client address.
#[derive(Debug)]
pub struct FailureLimiter {
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    burst: f64,
    per_second: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Addresses remembered before full (idle) buckets are forgotten.
const MAX_TRACKED: usize = 10_000;

impl Default for FailureLimiter {
    /// Ten failures at once, then one every two seconds.
    fn default() -> Self {
        FailureLimiter::new(10, 0.5)
    }
}

impl FailureLimiter {
    /// `burst` failures at once, refilled at `per_second`.
    pub fn new(burst: u32, per_second: f64) -> Self {
        FailureLimiter {
            buckets: Mutex::new(HashMap::new()),
            burst: f64::from(burst),
            per_second,
        }
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_second).min(self.burst);
        b.at = now;
    }

    /// `Err(wait)` while `addr` has used up its failures.
    pub fn check(&self, addr: IpAddr) -> Result<(), Duration> {
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let Some(b) = map.get_mut(&addr) else {
            return Ok(());
        };
        self.refill(b, Instant::now());
        if b.tokens >= 1.0 {
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.per_second))
        }
    }

    /// Counts one failure from `addr`.
    pub fn failed(&self, addr: IpAddr) {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_TRACKED {
            let burst = self.burst;
            let per_second = self.per_second;
            map.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second < burst
            });
        }
        let b = map.entry(addr).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        self.refill(b, now);
        b.tokens = (b.tokens - 1.0).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_parse_and_match_their_record() {
        let t = issue(None);
        let (id, secret) = parse(&t.token).unwrap();
        assert_eq!(id, t.record.id);
        assert!(secret_matches(&t.record.hash, secret));
        assert!(!secret_matches(&t.record.hash, "nope"));
        assert!(!format!("{t:?}").contains(secret));
        assert_ne!(issue(None).token, t.token);
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for bad in [
            "",
            "sct_",
            "sct_abc_def",
            "xyz_00000000000000000000000000000000_AAAA",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
        let t = issue(None).token;
        assert!(parse(&t[..t.len() - 1]).is_none());
        assert!(parse(&t.replace("sct_", "sct")).is_none());
    }

    #[test]
    fn failures_are_free_up_to_the_burst_then_cost_time() {
        let limiter = FailureLimiter::new(3, 1.0);
        let addr: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.check(addr).is_ok());
            limiter.failed(addr);
        }
        let wait = limiter.check(addr).unwrap_err();
        assert!(wait > Duration::from_millis(500) && wait <= Duration::from_secs(1));
        assert!(limiter.check(other).is_ok());
    }
}
