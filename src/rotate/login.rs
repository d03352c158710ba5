//! A PostgreSQL login as stored in an item: a `postgres://user:password@host:port/db` URL.
//! Must never show the password: errors name the item and the problem only.

use zeroize::Zeroizing;

use super::{Result, RotateError};
use crate::crypto::SecretBytes;

/// A parsed credential: the URL (which holds the password) and its user.
pub struct Login {
    url: Zeroizing<String>,
    user: String,
}

impl std::fmt::Debug for Login {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

impl Login {
    /// Parses the value of item `item`.
    pub fn parse(item: &str, value: &SecretBytes) -> Result<Login> {
        let bad = |why: &str| RotateError::BadCredential {
            item: item.to_string(),
            why: why.to_string(),
        };
        let text = std::str::from_utf8(value.expose()).map_err(|_| bad("it is not UTF-8"))?;
        let url = url::Url::parse(text.trim()).map_err(|_| bad("it is not a URL"))?;
        if !matches!(url.scheme(), "postgres" | "postgresql") {
            return Err(bad("its scheme is not postgres://"));
        }
        if url.username().is_empty() {
            return Err(bad("it names no user"));
        }
        // Plain names only, so the user needs no percent-decoding and no SQL quoting.
        let user = url.username().to_string();
        check_login_name(&user).map_err(|why| bad(&why))?;
        Ok(Login {
            url: Zeroizing::new(url.into()),
            user,
        })
    }

    /// The login (role) name.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The URL, exposing the password: for connecting only.
    pub fn expose_url(&self) -> &str {
        &self.url
    }

    /// The same database and options with another user and password, as an item value.
    pub fn with(&self, user: &str, password: &str) -> SecretBytes {
        let mut url = url::Url::parse(&self.url).expect("parsed before");
        url.set_username(user).expect("a postgres URL has a host");
        url.set_password(Some(password))
            .expect("a postgres URL has a host");
        SecretBytes::from(String::from(url))
    }
}

/// Login names we create or alter: PostgreSQL's unquoted identifiers (lower-case letters,
/// digits, `_`; 63 bytes at most with room for `_alt`), so no quoting question arises.
pub(super) fn check_login_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 59
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "its user {name:?} is not a plain lower-case PostgreSQL name (a-z, 0-9, _; at most 59 bytes)"
        ))
    }
}

/// The other login of an alternating pair: `app` and `app_alt` take turns.
pub fn alternate_login(user: &str) -> String {
    match user.strip_suffix("_alt") {
        Some(base) if !base.is_empty() => base.to_string(),
        _ => format!("{user}_alt"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Login> {
        Login::parse("DB", &SecretBytes::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn a_url_gives_its_user_and_a_new_credential_keeps_the_rest() {
        let l = parse("postgres://app:old@127.0.0.1:5432/shop?sslmode=disable").unwrap();
        assert_eq!(l.user(), "app");
        let new = l.with("app_alt", "n3w");
        assert_eq!(
            new.expose(),
            b"postgres://app_alt:n3w@127.0.0.1:5432/shop?sslmode=disable"
        );
    }

    #[test]
    fn bad_values_are_refused_without_showing_them() {
        for bad in [
            "not a url",
            "mysql://a:b@h/d",
            "postgres://h/d",
            "postgres://A-b:x@h/d",
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(!err.contains(":x@"), "{err}");
            assert!(err.contains("item DB"), "{err}");
        }
        let err = format!("{:?}", parse("postgres://app:hunter2@h/d").unwrap());
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn alternating_logins_take_turns() {
        assert_eq!(alternate_login("app"), "app_alt");
        assert_eq!(alternate_login("app_alt"), "app");
        assert_eq!(alternate_login("_alt"), "_alt_alt");
    }
}
