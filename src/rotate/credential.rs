//! The credential a rotation changes, in either form an item may hold it: a
//! `postgres://USER:PASSWORD@HOST:PORT/DB` URL ([`Login`]), or a JSON object with
//! `username` (or `user`) and `password`, and optionally `host`, `port` and `dbname` (the
//! shape AWS Secrets Manager keeps PostgreSQL logins in). A JSON login's missing connection
//! fields come from the admin's URL. Must never show the password: errors name the item
//! and the problem only, and the password is held in a zeroizing buffer.

use serde::ser::SerializeMap as _;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::login::check_login_name;
use super::{Login, Result, RotateError};
use crate::crypto::SecretBytes;

/// A rotated item's credential.
pub enum Credential {
    /// A `postgres://` URL.
    Url(Login),
    /// A JSON object.
    Json(JsonLogin),
}

/// A JSON login: its user, its password, and every other field as it was.
pub struct JsonLogin {
    user: String,
    /// `username` or `user`, whichever the object used.
    user_key: &'static str,
    password: Zeroizing<String>,
    /// The object without the user and the password, written back as it was.
    rest: Map<String, Value>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("user", &self.user())
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// Parses the value of item `item`: JSON when it starts with `{`, else a URL.
    pub fn parse(item: &str, value: &SecretBytes) -> Result<Credential> {
        let text = std::str::from_utf8(value.expose()).map_err(|_| bad(item, "it is not UTF-8"))?;
        if text.trim_start().starts_with('{') {
            JsonLogin::parse(item, text).map(Credential::Json)
        } else {
            Login::parse(item, value).map(Credential::Url)
        }
    }

    /// The login (role) name.
    pub fn user(&self) -> &str {
        match self {
            Credential::Url(l) => l.user(),
            Credential::Json(j) => &j.user,
        }
    }

    /// The same credential with another user and password, in the item's own form.
    pub fn with(&self, user: &str, password: &str) -> SecretBytes {
        match self {
            Credential::Url(l) => l.with(user, password),
            Credential::Json(j) => j.with(user, password),
        }
    }

    /// Where to log in with this credential, exposing the password: its own URL, or for a
    /// JSON login the admin's URL with this login's user, password and the fields it names.
    pub fn expose_connect_url(&self, item: &str, admin: &Login) -> Result<Zeroizing<String>> {
        match self {
            Credential::Url(l) => Ok(Zeroizing::new(l.expose_url().to_string())),
            Credential::Json(j) => j.connect_url(item, admin),
        }
    }
}

fn bad(item: &str, why: &str) -> RotateError {
    RotateError::BadCredential {
        item: item.to_string(),
        why: why.to_string(),
    }
}

impl JsonLogin {
    fn parse(item: &str, text: &str) -> Result<JsonLogin> {
        let mut rest: Map<String, Value> =
            serde_json::from_str(text).map_err(|_| bad(item, "it is not a JSON object"))?;
        // Moved out of the parsed object into a zeroizing buffer, never copied.
        let password = match rest.remove("password") {
            Some(Value::String(p)) if !p.is_empty() => Zeroizing::new(p),
            Some(Value::String(mut p)) => {
                zeroize::Zeroize::zeroize(&mut p);
                return Err(bad(item, "its \"password\" is empty"));
            }
            Some(_) => return Err(bad(item, "its \"password\" is not a string")),
            None => return Err(bad(item, "it has no \"password\"")),
        };
        let user_key = match (rest.contains_key("username"), rest.contains_key("user")) {
            (true, false) => "username",
            (false, true) => "user",
            (true, true) => return Err(bad(item, "it has both \"username\" and \"user\"")),
            (false, false) => return Err(bad(item, "it has no \"username\"")),
        };
        let Some(Value::String(user)) = rest.remove(user_key) else {
            return Err(bad(item, &format!("its {user_key:?} is not a string")));
        };
        check_login_name(&user).map_err(|why| bad(item, &why))?;
        for key in ["host", "dbname"] {
            if rest.get(key).is_some_and(|v| !v.is_string()) {
                return Err(bad(item, &format!("its {key:?} is not a string")));
            }
        }
        port(&rest).map_err(|why| bad(item, &why))?;
        Ok(JsonLogin {
            user,
            user_key,
            password,
            rest,
        })
    }

    /// The object again with `user` and `password`; the other fields as they were (in
    /// key order), the user and the password last.
    fn with(&self, user: &str, password: &str) -> SecretBytes {
        struct Out<'a>(&'a JsonLogin, &'a str, &'a str);
        impl serde::Serialize for Out<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let Out(j, user, password) = self;
                let mut m = s.serialize_map(Some(j.rest.len() + 2))?;
                for (k, v) in &j.rest {
                    m.serialize_entry(k, v)?;
                }
                m.serialize_entry(j.user_key, user)?;
                m.serialize_entry("password", password)?;
                m.end()
            }
        }
        // Sized up front so the buffer holding the password is never reallocated (a
        // reallocation would leave a copy behind that nothing zeroizes).
        let room = serde_json::to_vec(&self.rest).map_or(0, |v| v.len())
            + 2 * (user.len() + password.len())
            + 64;
        let mut out = Vec::with_capacity(room);
        serde_json::to_writer(&mut out, &Out(self, user, password))
            .expect("a JSON object always serializes");
        SecretBytes::new(out)
    }

    /// The admin's URL with this login's user and password, and its host, port and
    /// database where the object names them.
    fn connect_url(&self, item: &str, admin: &Login) -> Result<Zeroizing<String>> {
        let mut url = url::Url::parse(admin.expose_url()).expect("parsed before");
        if let Some(Value::String(host)) = self.rest.get("host") {
            url.set_host(Some(host))
                .map_err(|_| bad(item, "its \"host\" is not a host name"))?;
        }
        if let Some(port) = port(&self.rest).map_err(|why| bad(item, &why))? {
            url.set_port(Some(port)).expect("a postgres URL has a host");
        }
        if let Some(Value::String(db)) = self.rest.get("dbname") {
            url.set_path(&format!("/{db}"));
        }
        url.set_username(&self.user)
            .expect("a postgres URL has a host");
        url.set_password(Some(&self.password))
            .expect("a postgres URL has a host");
        Ok(Zeroizing::new(url.into()))
    }
}

/// The `port` field, a number or a string of digits (both are seen in the wild).
fn port(fields: &Map<String, Value>) -> Result<Option<u16>, String> {
    let bad = || "its \"port\" is not a port number".to_string();
    match fields.get("port") {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .map(Some)
            .ok_or_else(bad),
        Some(Value::String(s)) => s.parse().map(Some).map_err(|_| bad()),
        Some(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Credential> {
        Credential::parse("DB", &SecretBytes::new(s.as_bytes().to_vec()))
    }

    fn admin() -> Login {
        Login::parse(
            "ADMIN",
            &SecretBytes::new(
                b"postgres://root:r00t@db.internal:5432/shop?sslmode=require".to_vec(),
            ),
        )
        .unwrap()
    }

    #[test]
    fn a_json_login_keeps_its_other_fields_and_takes_the_new_user_and_password() {
        let c = parse(r#"{"engine":"postgres","username":"app","password":"old","port":6543}"#)
            .unwrap();
        assert_eq!(c.user(), "app");
        assert_eq!(
            c.with("app_alt", "n3w").expose(),
            br#"{"engine":"postgres","port":6543,"username":"app_alt","password":"n3w"}"#
        );
        let url = c.expose_connect_url("DB", &admin()).unwrap();
        assert_eq!(
            url.as_str(),
            "postgres://app:old@db.internal:6543/shop?sslmode=require"
        );
        let c = parse(r#"{"user":"app","password":"p","host":"other","dbname":"d"}"#).unwrap();
        assert_eq!(
            c.expose_connect_url("DB", &admin()).unwrap().as_str(),
            "postgres://app:p@other:5432/d?sslmode=require"
        );
        assert_eq!(
            c.with("app", "q").expose(),
            br#"{"dbname":"d","host":"other","user":"app","password":"q"}"#
        );
    }

    #[test]
    fn a_url_login_is_what_it_was() {
        let c = parse("postgres://app:old@h:5432/d").unwrap();
        assert_eq!(c.user(), "app");
        assert_eq!(
            c.with("app_alt", "n").expose(),
            b"postgres://app_alt:n@h:5432/d"
        );
    }

    #[test]
    fn bad_json_logins_are_refused_without_showing_the_password() {
        for (value, why) in [
            (r#"{"username":"app"}"#, "no \"password\""),
            (r#"{"password":"hunter2"}"#, "no \"username\""),
            (
                r#"{"username":"App","password":"hunter2"}"#,
                "plain lower-case",
            ),
            (r#"{"username":"app","password":7}"#, "not a string"),
            (
                r#"{"username":"app","user":"b","password":"hunter2"}"#,
                "both",
            ),
            (
                r#"{"username":"app","password":"hunter2","port":"x"}"#,
                "port",
            ),
            (
                r#"{"username":"app","password":"hunter2""#,
                "not a JSON object",
            ),
        ] {
            let err = parse(value).unwrap_err().to_string();
            assert!(err.contains(why), "{value}: {err}");
            assert!(err.contains("item DB"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
        let c = parse(r#"{"username":"app","password":"hunter2"}"#).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
