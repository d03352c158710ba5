//! The service token string and what is derived from it (docs/tokens.md).
//!
//! `scs_<label>.<id>.<share>.<urls>`: `label` is the environment names in clear for people
//! (never read back), `id` 16 random bytes in hex, `share` the token's 32-byte share in
//! base64url, `urls` the comma-separated server URLs in base64url. `.` never occurs inside
//! a part, so the string splits without ambiguity; `scan` finds the whole shape.
//!
//! From the token's share `A` and the server's share `B` (released only to a use that
//! passes the server's checks), HKDF-SHA256 derives the token's age X25519 identity; from
//! `A` alone it derives the auth secret the server checks (as SHA-256). Neither share alone
//! derives the identity. This module never prints, logs or writes; [`ServiceToken`] has no
//! Display or Clone and its Debug hides the share.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::crypto::{DeviceIdentity, SecretBytes, SecretKey};

/// Every service token starts with this (device tokens are `sct_`).
pub const PREFIX: &str = "scs_";
/// HKDF info of the token's identity: `A || B` in, an X25519 secret out.
pub const IDENTITY_INFO: &[u8] = b"secretscli service token identity v1";
/// HKDF info of the auth secret: `A` in.
pub const AUTH_INFO: &[u8] = b"secretscli service token auth v1";
/// Longest label kept in a token (the names are for people only).
const MAX_LABEL: usize = 64;

/// A parsed service token. Not Clone, not Display; Debug shows the id only.
pub struct ServiceToken {
    /// Environment names as written at creation (for people).
    pub label: String,
    /// Public id (hex).
    pub id: String,
    /// Comma-separated server URLs.
    pub urls: String,
    share: SecretKey,
}

impl std::fmt::Debug for ServiceToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceToken")
            .field("label", &self.label)
            .field("id", &self.id)
            .field("share", &"***")
            .finish()
    }
}

/// What a token string failed to be (never quoting it: it may be a real token).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "not a secretscli service token ({0}); it starts with scs_ and has four parts separated by dots"
)]
pub struct Malformed(&'static str);

/// The shares of a new token and what the server keeps of them.
pub struct NewToken {
    /// The token (shown once).
    pub token: ServiceToken,
    /// The server's share.
    pub server_share: SecretKey,
}

impl ServiceToken {
    /// A fresh token for `envs` at `urls`: a random id and two random shares.
    pub fn generate(envs: &[&str], urls: &str) -> NewToken {
        let mut id = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut id);
        NewToken {
            token: ServiceToken {
                label: label(envs),
                id: hex::encode(id),
                urls: urls.to_string(),
                share: SecretKey::random(),
            },
            server_share: SecretKey::random(),
        }
    }

    /// Parses a token (surrounding whitespace allowed, as in a file).
    pub fn parse(text: &str) -> Result<ServiceToken, Malformed> {
        if text.trim().starts_with(crate::wire::token::AUTH_PREFIX) {
            return Err(Malformed(
                "it is a token's HTTP credential, scsa_..., which opens no value",
            ));
        }
        let rest = text
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(Malformed("no scs_ prefix"))?;
        let mut parts = rest.split('.');
        let (Some(label), Some(id), Some(share), Some(urls), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Malformed("wrong number of parts"));
        };
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Malformed("the id is not 32 hex digits"));
        }
        let share = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(share)
                .map_err(|_| Malformed("the share is not base64url"))?,
        );
        let share = SecretKey::from_slice(&share).ok_or(Malformed("the share is not 32 bytes"))?;
        let urls = URL_SAFE_NO_PAD
            .decode(urls)
            .ok()
            .and_then(|u| String::from_utf8(u).ok())
            .filter(|u| !u.trim().is_empty())
            .ok_or(Malformed("the server URLs do not decode"))?;
        Ok(ServiceToken {
            label: label.to_string(),
            id: id.to_ascii_lowercase(),
            urls,
            share,
        })
    }

    /// The token as text, to show once.
    pub fn expose_text(&self) -> SecretBytes {
        let share = Zeroizing::new(URL_SAFE_NO_PAD.encode(self.share.expose()));
        let text = format!(
            "{PREFIX}{}.{}.{}.{}",
            self.label,
            self.id,
            share.as_str(),
            URL_SAFE_NO_PAD.encode(self.urls.as_bytes())
        );
        SecretBytes::new(text.into_bytes())
    }

    /// The auth secret (HKDF of the token's share alone).
    pub fn auth_secret(&self) -> SecretKey {
        hkdf(&[self.share.expose()], AUTH_INFO)
    }

    /// What the server keeps to check the auth secret: its SHA-256.
    pub fn verifier(&self) -> [u8; 32] {
        Sha256::digest(self.auth_secret().expose()).into()
    }

    /// The bearer credential of a use: `scsa_<id>_<auth secret base64url>`, what an app
    /// sends the server (`Authorization: Bearer`) for the config API; `token credential`
    /// prints it. Derived from the token's share alone (HKDF-SHA256, [`AUTH_INFO`]), so it
    /// cannot derive the identity and opens no value: the server, which holds the other
    /// share and the verifier, sees it on every use anyway. The `scs_` token itself must
    /// never be sent: its share is the token's half of the key.
    pub fn credential(&self) -> SecretBytes {
        let auth = Zeroizing::new(URL_SAFE_NO_PAD.encode(self.auth_secret().expose()));
        let text = format!(
            "{}{}_{}",
            crate::wire::token::AUTH_PREFIX,
            self.id,
            auth.as_str()
        );
        SecretBytes::new(text.into_bytes())
    }

    /// The token's age identity, from both shares.
    pub fn identity(&self, server_share: &SecretKey) -> DeviceIdentity {
        let secret = hkdf(&[self.share.expose(), server_share.expose()], IDENTITY_INFO);
        DeviceIdentity::from_secret_bytes(&secret)
    }
}

/// HKDF-SHA256 (RFC 5869) without salt over the concatenation of `ikm`, 32 bytes out.
fn hkdf(ikm: &[&[u8; 32]], info: &[u8]) -> SecretKey {
    let mut input = Zeroizing::new(Vec::with_capacity(64));
    for part in ikm {
        input.extend_from_slice(&part[..]);
    }
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, &input)
        .expand(info, &mut out[..])
        .expect("32 bytes is a valid HKDF-SHA256 length");
    SecretKey::from_zeroizing(out)
}

/// The environment names as a label: letters, digits and `-`, joined by `+`.
fn label(envs: &[&str]) -> String {
    let text: String = envs
        .iter()
        .map(|e| {
            e.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("+");
    text.chars().take(MAX_LABEL).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_and_its_text_carries_env_and_prefix() {
        let new =
            ServiceToken::generate(&["prod", "eu.west"], "https://a.example,https://b.example");
        let text = new.token.expose_text();
        let text = text.expose_str().unwrap();
        assert!(text.starts_with("scs_prod+eu-west."), "{text}");
        let back = ServiceToken::parse(&format!("  {text}\n")).unwrap();
        assert_eq!(back.id, new.token.id);
        assert_eq!(back.urls, "https://a.example,https://b.example");
        assert_eq!(back.verifier(), new.token.verifier());
        let (a, b) = (
            back.identity(&new.server_share).recipient(),
            new.token.identity(&new.server_share).recipient(),
        );
        assert_eq!(a, b);
        assert!(!format!("{back:?}").contains(&text[20..]));
    }

    #[test]
    fn the_identity_needs_both_shares() {
        let one = ServiceToken::generate(&["prod"], "https://x");
        let other = ServiceToken::generate(&["prod"], "https://x");
        let real = one.token.identity(&one.server_share).recipient();
        assert_ne!(real, one.token.identity(&other.server_share).recipient());
        assert_ne!(real, other.token.identity(&one.server_share).recipient());
    }

    /// The derivation is part of the format: a token made today must open its keys with
    /// any later version, so its outputs are pinned.
    #[test]
    fn derivations_are_frozen() {
        let token = ServiceToken {
            label: "prod".into(),
            id: "00".repeat(16),
            urls: "https://x".into(),
            share: SecretKey::from_slice(&[1; 32]).unwrap(),
        };
        let server = SecretKey::from_slice(&[2; 32]).unwrap();
        assert_eq!(
            hex::encode(token.verifier()),
            hex::encode(Sha256::digest(token.auth_secret().expose()))
        );
        let pinned = (
            hex::encode(token.auth_secret().expose()),
            token.identity(&server).recipient(),
        );
        assert_eq!(
            pinned,
            (FROZEN_AUTH.to_string(), FROZEN_RECIPIENT.to_string())
        );
        assert_eq!(
            token.expose_text().expose_str().unwrap(),
            "scs_prod.00000000000000000000000000000000.AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE.aHR0cHM6Ly94"
        );
        // What `token credential` prints and the server checks: the frozen auth secret
        // (FROZEN_AUTH, base64url without padding) after the id.
        assert_eq!(
            token.credential().expose_str().unwrap(),
            "scsa_00000000000000000000000000000000_S6zXeLm-UKESuVjbOgd3vYnf9BET1HdQj2BcRiGcxh8"
        );
    }

    #[test]
    fn a_credential_is_not_taken_as_a_token_and_the_error_says_what_it_is() {
        let new = ServiceToken::generate(&["prod"], "https://x");
        let credential = new.token.credential();
        let credential = credential.expose_str().unwrap();
        let e = ServiceToken::parse(credential).unwrap_err();
        assert!(e.to_string().contains("HTTP credential"), "{e}");
        assert!(!e.to_string().contains(credential), "{e}");
    }

    /// HKDF-SHA256(salt none, ikm [1; 32], AUTH_INFO), checked against Python's hmac module.
    const FROZEN_AUTH: &str = "4bacd778b9be50a112b958db3a0777bd89dff41113d477508f605c46219cc61f";
    /// The recipient of the X25519 scalar HKDF-SHA256([1; 32] || [2; 32], IDENTITY_INFO) =
    /// f5a45742a655912dcd46722b8ff09f31ec6dadad609c1a5d7909cce9cc1d806b (also by Python).
    const FROZEN_RECIPIENT: &str = "age1x6qpx0vlmakp0gpemgw4yv4m97yl99putf3lmkens7vqfhe8643qq58agk";

    #[test]
    fn malformed_tokens_are_refused_without_quoting_them() {
        for bad in [
            "",
            "scs_",
            "sct_x.00000000000000000000000000000000.AQ.aA",
            "scs_x.0000.AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE.aA",
            "scs_x.00000000000000000000000000000000.AQ.aA",
            "scs_x.00000000000000000000000000000000.AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE",
        ] {
            let e = ServiceToken::parse(bad).unwrap_err();
            assert!(bad.len() < 10 || !e.to_string().contains(bad), "{bad}");
        }
    }
}
