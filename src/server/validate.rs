//! The one check every request goes through after it is decoded and before any store sees
//! it: names, authors, recipients, numbers and list sizes within the bounds below.
//!
//! Why here and not in each store: PostgreSQL refuses a NUL byte in `text` with an error
//! (which became a 500) while SQLite stores it, so the two stores answered the same request
//! differently. Checking at the API edge makes both answer 400 `invalid_field`, naming the
//! field. The same constants describe the fields in the OpenAPI document
//! ([`SCHEMA_RULES`]), so what the document promises is what the server checks.
//!
//! It must never echo a field's value back: a refused field may be anything a client sent.

use uuid::Uuid;

use crate::wire::{
    Change, InviteRequest, ItemVersion, LoginRequest, PushRequest, PutEnv, PutEnvKey, PutProject,
    WrappedKey,
};

/// Bounds on a text field, in characters (as JSON Schema counts them). Control characters (Unicode `Cc`: C0, DEL, C1; NUL among them)
/// are refused in every text field: no honest client sends them, and they reach terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Fewest characters.
    pub min: usize,
    /// Most characters.
    pub max: usize,
    /// Required start (`age1` for recipients), then only ASCII letters and digits.
    pub prefix: Option<&'static str>,
}

/// Bounds on an integer field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Int {
    /// Smallest value.
    pub min: i64,
    /// Largest value.
    pub max: i64,
}

/// Bounds on an array's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Items {
    /// Fewest elements.
    pub min: usize,
}

/// One rule, for the OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A string.
    Text(Text),
    /// An integer.
    Int(Int),
    /// An array.
    Items(Items),
}

/// Project, environment, device and user names (as before this module: 1-200, printable).
pub const NAME: Text = Text {
    min: 1,
    max: 200,
    prefix: None,
};
/// Item names: the client allows up to 1024 bytes (`vault::items::check_key_name`), which
/// are at most 1024 characters.
pub const ITEM_NAME: Text = Text {
    min: 1,
    max: 1024,
    prefix: None,
};
/// Who wrote a version (`user@host`); may be empty, as old clients could write it so.
pub const AUTHOR: Text = Text {
    min: 0,
    max: 512,
    prefix: None,
};
/// An age X25519 recipient: `age1` and bech32 (lower-case letters and digits).
pub const RECIPIENT: Text = Text {
    min: 5,
    max: 200,
    prefix: Some("age1"),
};
/// Longest an invite may live: thirty days.
pub const EXPIRES_IN_SECS: Int = Int {
    min: 1,
    max: 30 * 24 * 3600,
};
/// Item version numbers start at 1 and are stored as i64.
pub const VERSION: Int = Int {
    min: 1,
    max: i64::MAX,
};
/// Env key versions start at 1.
pub const KEY_VERSION: Int = Int {
    min: 1,
    max: u32::MAX as i64,
};
/// A push names a revision the client has seen.
pub const BASE_REVISION: Int = Int {
    min: 0,
    max: i64::MAX,
};
/// At least one wrap per key upload.
pub const WRAPS: Items = Items { min: 1 };
/// Approvals a protected environment requires.
pub const APPROVALS: Int = Int {
    min: 1,
    max: crate::wire::proposals::MAX_APPROVALS as i64,
};

/// A config value served in clear: up to [`crate::wire::config::MAX_SERVED_VALUE`]
/// characters, no control characters (a multi-line value is not served: the client leaves
/// it out, and the server stops serving the key).
pub const SERVED_VALUE: Text = Text {
    min: 0,
    max: crate::wire::config::MAX_SERVED_VALUE,
    prefix: None,
};
/// Most served values one request may carry (a push carries at most one per change).
pub const MAX_SERVED_VALUES: usize = 10_000;

/// Holders a restart group may allow at once.
pub const SLOT_MAX: Int = Int {
    min: 1,
    max: crate::wire::restart::MAX_SLOTS as i64,
};
/// How long a restart slot may stay taken without its holder.
pub const SLOT_TTL_SECS: Int = Int {
    min: 1,
    max: crate::wire::restart::MAX_TTL_SECS as i64,
};
/// Restart group names and holder ids (they travel in URL paths), for the document.
pub const SLOT_NAME_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";

/// How long a share link may live: a minute to thirty days.
pub const SHARE_EXPIRES_IN_SECS: Int = Int {
    min: 60,
    max: crate::wire::share::MAX_EXPIRES_IN_SECS as i64,
};
/// Reveals a share may allow.
pub const SHARE_MAX_VIEWS: Int = Int {
    min: 1,
    max: crate::wire::share::MAX_VIEWS as i64,
};
/// Bytes of a share envelope: at least a header and a tag, at most a 64 KiB value's.
pub const SHARE_ENVELOPE_MIN: usize = 37 + 16;

/// Where each rule applies in the OpenAPI document: (schema, property, rule). A unit test in
/// `openapi` checks that every entry names a property the document has.
pub const SCHEMA_RULES: &[(&str, &str, Rule)] = &[
    ("LoginRequest", "device_name", Rule::Text(NAME)),
    ("LoginRequest", "user_name", Rule::Text(NAME)),
    ("LoginRequest", "recipient", Rule::Text(RECIPIENT)),
    (
        "InviteRequest",
        "expires_in_secs",
        Rule::Int(EXPIRES_IN_SECS),
    ),
    ("PutProject", "name", Rule::Text(NAME)),
    ("PutEnv", "name", Rule::Text(NAME)),
    ("PutEnvKey", "wraps", Rule::Items(WRAPS)),
    ("WrappedKey", "recipient", Rule::Text(RECIPIENT)),
    ("WrappedKey", "key_version", Rule::Int(KEY_VERSION)),
    ("ItemVersion", "name", Rule::Text(ITEM_NAME)),
    // The `delete` and `restore` variants.
    ("Change", "name", Rule::Text(ITEM_NAME)),
    ("ItemVersion", "author", Rule::Text(AUTHOR)),
    ("ItemVersion", "version", Rule::Int(VERSION)),
    ("ItemVersion", "key_version", Rule::Int(KEY_VERSION)),
    ("ItemVersion", "previous", Rule::Int(VERSION)),
    ("PushRequest", "base_revision", Rule::Int(BASE_REVISION)),
    ("ServedValue", "name", Rule::Text(ITEM_NAME)),
    ("ServedValue", "version", Rule::Int(VERSION)),
    ("ServedValue", "value", Rule::Text(SERVED_VALUE)),
    ("Protect", "approvals", Rule::Int(APPROVALS)),
    ("SlotRequest", "max", Rule::Int(SLOT_MAX)),
    ("SlotRequest", "ttl_secs", Rule::Int(SLOT_TTL_SECS)),
    ("CreateShare", "name", Rule::Text(ITEM_NAME)),
    (
        "CreateShare",
        "expires_in_secs",
        Rule::Int(SHARE_EXPIRES_IN_SECS),
    ),
    ("CreateShare", "max_views", Rule::Int(SHARE_MAX_VIEWS)),
    ("ShareWrap", "recipient", Rule::Text(RECIPIENT)),
];

/// A refused field: its path in the request (`changes[2].author`) and the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field} must be {rule}")]
pub struct Invalid {
    /// JSON path of the field, or the path parameter's name.
    pub field: String,
    /// The rule, for people.
    pub rule: String,
}

fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Invalid {
    Invalid {
        field: field.into(),
        rule: rule.into(),
    }
}

impl Text {
    /// The rule in words.
    pub fn describe(&self) -> String {
        match self.prefix {
            Some(p) => format!(
                "{p} followed by letters and digits, {}-{} characters",
                self.min, self.max
            ),
            None => format!(
                "{}-{} characters without control characters{}",
                self.min,
                self.max,
                if self.min > 0 { ", not blank" } else { "" }
            ),
        }
    }

    /// A regular expression (ECMA-262) for the document.
    pub fn pattern(&self) -> String {
        match self.prefix {
            Some(p) => format!("^{p}[0-9A-Za-z]+$"),
            // Not blank (when required) and no `Cc` character anywhere.
            None if self.min > 0 => r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$".to_string(),
            None => r"^[^\u0000-\u001f\u007f-\u009f]*$".to_string(),
        }
    }

    fn check(&self, field: impl FnOnce() -> String, s: &str) -> Result<(), Invalid> {
        let shape = match self.prefix {
            Some(p) => s.strip_prefix(p).is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric())
            }),
            None => !s.chars().any(char::is_control) && (self.min == 0 || !s.trim().is_empty()),
        };
        // Bytes bound the count first, so a huge string is not walked char by char.
        let fits = s.len() <= self.max * 4 && (self.min..=self.max).contains(&s.chars().count());
        if shape && fits {
            Ok(())
        } else {
            Err(invalid(field(), self.describe()))
        }
    }
}

impl Int {
    fn check(&self, field: impl FnOnce() -> String, n: i128) -> Result<(), Invalid> {
        if (i128::from(self.min)..=i128::from(self.max)).contains(&n) {
            Ok(())
        } else {
            Err(invalid(field(), format!("{}..={}", self.min, self.max)))
        }
    }
}

/// A request body the server checks before using it.
pub trait Validate {
    /// `Err` names the first field that breaks its rule.
    fn validate(&self) -> Result<(), Invalid>;
}

impl Validate for LoginRequest {
    fn validate(&self) -> Result<(), Invalid> {
        NAME.check(|| "device_name".into(), &self.device_name)?;
        RECIPIENT.check(|| "recipient".into(), &self.recipient)?;
        if let Some(user) = &self.user_name {
            NAME.check(|| "user_name".into(), user)?;
        }
        Ok(())
    }
}

impl Validate for InviteRequest {
    fn validate(&self) -> Result<(), Invalid> {
        EXPIRES_IN_SECS.check(|| "expires_in_secs".into(), self.expires_in_secs.into())
    }
}

impl Validate for PutProject {
    fn validate(&self) -> Result<(), Invalid> {
        NAME.check(|| "name".into(), &self.name)
    }
}

impl Validate for PutEnv {
    fn validate(&self) -> Result<(), Invalid> {
        NAME.check(|| "name".into(), &self.name)
    }
}

impl Validate for PutEnvKey {
    fn validate(&self) -> Result<(), Invalid> {
        if self.wraps.len() < WRAPS.min {
            return Err(invalid(
                "wraps",
                "a list of at least one wrap (wrap the key to a recipient)",
            ));
        }
        for (i, w) in self.wraps.iter().enumerate() {
            wrap(i, w)?;
        }
        Ok(())
    }
}

fn wrap(i: usize, w: &WrappedKey) -> Result<(), Invalid> {
    RECIPIENT.check(|| format!("wraps[{i}].recipient"), &w.recipient)?;
    KEY_VERSION.check(|| format!("wraps[{i}].key_version"), w.key_version.into())
}

impl Validate for PushRequest {
    fn validate(&self) -> Result<(), Invalid> {
        BASE_REVISION.check(|| "base_revision".into(), self.base_revision.into())?;
        if self.served.len() > self.changes.len() {
            return Err(invalid("served", "at most one value per change"));
        }
        served_values("served", &self.served)?;
        for (i, change) in self.changes.iter().enumerate() {
            match change {
                Change::Version(v) => item_version(i, v)?,
                Change::Delete { name } | Change::Restore { name } => {
                    ITEM_NAME.check(|| format!("changes[{i}].name"), name)?;
                }
            }
        }
        Ok(())
    }
}

fn item_version(i: usize, v: &ItemVersion) -> Result<(), Invalid> {
    ITEM_NAME.check(|| format!("changes[{i}].name"), &v.name)?;
    AUTHOR.check(|| format!("changes[{i}].author"), &v.author)?;
    VERSION.check(|| format!("changes[{i}].version"), v.version.into())?;
    KEY_VERSION.check(|| format!("changes[{i}].key_version"), v.key_version.into())?;
    previous_alias(i, v)
}

/// A `previous` alias names an older version of the same item. Whether that version
/// exists is the pulling client's check (`sync::untrusted`): the server stores it as sent.
fn previous_alias(i: usize, v: &ItemVersion) -> Result<(), Invalid> {
    let Some(previous) = v.previous else {
        return Ok(());
    };
    VERSION.check(|| format!("changes[{i}].previous"), previous.into())?;
    if previous >= v.version {
        return Err(invalid(
            format!("changes[{i}].previous"),
            "below the version it comes with",
        ));
    }
    Ok(())
}

impl Validate for crate::wire::team::PutMember {
    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }
}

impl Validate for crate::wire::token::CreateServiceToken {
    fn validate(&self) -> Result<(), Invalid> {
        token_id_param(&self.id).map_err(|_| invalid("id", "32 hex digits"))?;
        NAME.check(|| "name".into(), &self.name)?;
        RECIPIENT.check(|| "recipient".into(), &self.recipient)?;
        if self.share.len() != 32 {
            return Err(invalid("share", "32 bytes"));
        }
        if self.verifier.len() != 32 {
            return Err(invalid("verifier", "32 bytes"));
        }
        if !(1..=TOKEN_ENVS).contains(&self.envs.len()) {
            return Err(invalid("envs", format!("1..={TOKEN_ENVS} environments")));
        }
        if self.inherited.len() > TOKEN_ENVS {
            return Err(invalid(
                "inherited",
                format!("at most {TOKEN_ENVS} environments"),
            ));
        }
        for (e, env) in self.inherited.iter().enumerate() {
            if env.wraps.len() > TOKEN_LIST {
                return Err(invalid(
                    format!("inherited[{e}].wraps"),
                    format!("at most {TOKEN_LIST} wraps"),
                ));
            }
            for (i, w) in env.wraps.iter().enumerate() {
                wrap(i, w).map_err(|x| invalid(format!("inherited[{e}].{}", x.field), x.rule))?;
            }
        }
        for (e, env) in self.envs.iter().enumerate() {
            if env.wraps.is_empty() || env.wraps.len() > TOKEN_LIST {
                return Err(invalid(
                    format!("envs[{e}].wraps"),
                    format!("1..={TOKEN_LIST} wraps"),
                ));
            }
            for (i, w) in env.wraps.iter().enumerate() {
                wrap(i, w).map_err(|x| invalid(format!("envs[{e}].{}", x.field), x.rule))?;
            }
        }
        token_scope(&self.scope)
    }
}

impl Validate for crate::wire::token::PutTokenKeys {
    fn validate(&self) -> Result<(), Invalid> {
        use crate::server::store::token_keys::MAX_WRAPS;
        if !(1..=MAX_WRAPS).contains(&self.wraps.len()) {
            return Err(invalid("wraps", format!("1..={MAX_WRAPS} wraps")));
        }
        for (i, w) in self.wraps.iter().enumerate() {
            token_id_param(&w.token_id)
                .map_err(|_| invalid(format!("wraps[{i}].token_id"), "32 hex digits"))?;
            wrap(i, &w.wrap)?;
        }
        Ok(())
    }
}

/// Most environments one service token may name.
pub const TOKEN_ENVS: usize = 64;
/// Most entries in a token's lists (names globs, CIDRs, wraps per environment).
pub const TOKEN_LIST: usize = 256;

fn token_scope(s: &crate::wire::token::TokenScope) -> Result<(), Invalid> {
    if s.names.len() > TOKEN_LIST {
        return Err(invalid(
            "scope.names",
            format!("at most {TOKEN_LIST} globs"),
        ));
    }
    for (i, g) in s.names.iter().enumerate() {
        ITEM_NAME.check(|| format!("scope.names[{i}]"), g)?;
    }
    if s.cidrs.len() > TOKEN_LIST {
        return Err(invalid(
            "scope.cidrs",
            format!("at most {TOKEN_LIST} ranges"),
        ));
    }
    for (i, c) in s.cidrs.iter().enumerate() {
        if crate::wire::token::Cidr::parse(c).is_none() {
            return Err(invalid(
                format!("scope.cidrs[{i}]"),
                "an address or ADDRESS/BITS",
            ));
        }
    }
    if s.max_uses == Some(0) || s.max_uses.is_some_and(|n| n > i64::MAX as u64) {
        return Err(invalid("scope.max_uses", "1..=9223372036854775807"));
    }
    if s.expires_at.is_some_and(|t| t <= 0) {
        return Err(invalid(
            "scope.expires_at",
            "a time after 1970 (ms since epoch)",
        ));
    }
    s.oidc.as_ref().map_or(Ok(()), oidc_binding)
}

fn oidc_binding(b: &crate::wire::token::OidcBinding) -> Result<(), Invalid> {
    OIDC_TEXT.check(|| "scope.oidc.issuer".into(), &b.issuer)?;
    crate::wire::token::check_issuer(&b.issuer).map_err(|why| invalid("scope.oidc.issuer", why))?;
    OIDC_TEXT.check(|| "scope.oidc.audience".into(), &b.audience)?;
    OIDC_TEXT.check(|| "scope.oidc.subject".into(), &b.subject)
}

/// An OIDC binding's issuer, audience and subject glob.
pub const OIDC_TEXT: Text = Text {
    min: 1,
    max: 1024,
    prefix: None,
};
/// Longest ID token a use may carry (GitHub's are about 1.5 KB).
pub const OIDC_TOKEN_BYTES: usize = 16 * 1024;

impl Validate for crate::wire::token::UseToken {
    fn validate(&self) -> Result<(), Invalid> {
        match &self.oidc_token {
            Some(t) if t.is_empty() || t.len() > OIDC_TOKEN_BYTES => Err(invalid(
                "oidc_token",
                format!("1..={OIDC_TOKEN_BYTES} bytes"),
            )),
            Some(t) if !t.bytes().all(|b| b.is_ascii_graphic()) => {
                Err(invalid("oidc_token", "a compact JWT (printable ASCII)"))
            }
            _ => Ok(()),
        }
    }
}

impl Validate for crate::wire::proposals::Protect {
    fn validate(&self) -> Result<(), Invalid> {
        APPROVALS.check(|| "approvals".into(), self.approvals.into())
    }
}

impl Validate for crate::wire::restart::SlotRequest {
    fn validate(&self) -> Result<(), Invalid> {
        SLOT_MAX.check(|| "max".into(), self.max.into())?;
        SLOT_TTL_SECS.check(|| "ttl_secs".into(), self.ttl_secs.into())?;
        slot_name_param(&self.holder, "holder")?;
        Ok(())
    }
}

impl Validate for crate::wire::share::CreateShare {
    fn validate(&self) -> Result<(), Invalid> {
        share_id_param(&self.id).map_err(|mut e| {
            e.field = "id".into();
            e
        })?;
        ITEM_NAME.check(|| "name".into(), &self.name)?;
        let max = crate::wire::share::MAX_ENVELOPE;
        if !(SHARE_ENVELOPE_MIN..=max).contains(&self.envelope.len()) {
            return Err(invalid(
                "envelope",
                format!("{SHARE_ENVELOPE_MIN}..={max} bytes (base64)"),
            ));
        }
        let secs = i128::from(self.expires_in_secs);
        SHARE_EXPIRES_IN_SECS.check(|| "expires_in_secs".into(), secs)?;
        SHARE_MAX_VIEWS.check(|| "max_views".into(), self.max_views.into())?;
        self.check_wraps()
    }
}

impl crate::wire::share::CreateShare {
    /// A recipient-bound share has a user, 1..=100 wraps to age recipients, and no
    /// password (its key is in the wraps); any other share has none of these.
    fn check_wraps(&self) -> Result<(), Invalid> {
        use crate::wire::share::{MAX_WRAPPED, MAX_WRAPS};
        match (self.to_user_id, self.wraps.len()) {
            (None, 0) => return Ok(()),
            (None, _) => return Err(invalid("wraps", "empty without to_user_id")),
            (Some(_), n) if n == 0 || n > MAX_WRAPS => {
                return Err(invalid(
                    "wraps",
                    format!("1..={MAX_WRAPS} wraps with to_user_id"),
                ));
            }
            (Some(_), _) if self.password => {
                return Err(invalid("password", "false with to_user_id"));
            }
            _ => {}
        }
        for (i, w) in self.wraps.iter().enumerate() {
            RECIPIENT.check(|| format!("wraps[{i}].recipient"), &w.recipient)?;
            if !(1..=MAX_WRAPPED).contains(&w.wrapped.len()) {
                return Err(invalid(
                    format!("wraps[{i}].wrapped"),
                    format!("1..={MAX_WRAPPED} bytes (base64)"),
                ));
            }
        }
        Ok(())
    }
}

/// A share id (`{share_id}`, `id`): see [`crate::wire::share::valid_id`].
pub fn share_id_param(s: &str) -> Result<&str, Invalid> {
    if crate::wire::share::valid_id(s) {
        Ok(s)
    } else {
        Err(invalid("share_id", "22 base64url characters (16 bytes)"))
    }
}

/// A restart group name or holder id (`{group}`, `{holder}`, `holder`): see
/// [`crate::wire::restart::valid_slot_name`].
pub fn slot_name_param<'a>(s: &'a str, what: &str) -> Result<&'a str, Invalid> {
    if crate::wire::restart::valid_slot_name(s) {
        Ok(s)
    } else {
        Err(invalid(
            what,
            "1-64 ASCII letters, digits, '.', '_' or '-' (not . or ..)",
        ))
    }
}

/// A user name in a path or query (`{user_name}`, `?user=`).
pub fn user_name_param<'a>(s: &'a str, what: &str) -> Result<&'a str, Invalid> {
    NAME.check(|| what.into(), s)?;
    Ok(s)
}

/// A UUID path parameter.
pub fn uuid_param(s: &str, what: &str) -> Result<Uuid, Invalid> {
    Uuid::parse_str(s).map_err(|_| invalid(what, "a UUID"))
}

/// The `{key_version}` path parameter.
pub fn key_version_param(s: &str) -> Result<u32, Invalid> {
    let n: u32 = s
        .parse()
        .map_err(|_| invalid("key_version", "a number 1..=4294967295"))?;
    KEY_VERSION.check(|| "key_version".into(), n.into())?;
    Ok(n)
}

/// Served config values (`PushRequest::served`, `ServeConfig::values`): item names,
/// versions, and values within [`SERVED_VALUE`].
fn served_values(field: &str, values: &[crate::wire::config::ServedValue]) -> Result<(), Invalid> {
    if values.len() > MAX_SERVED_VALUES {
        return Err(invalid(
            field,
            format!("at most {MAX_SERVED_VALUES} values"),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        ITEM_NAME.check(|| format!("{field}[{i}].name"), &v.name)?;
        VERSION.check(|| format!("{field}[{i}].version"), v.version.into())?;
        SERVED_VALUE.check(|| format!("{field}[{i}].value"), &v.value)?;
    }
    Ok(())
}

impl Validate for crate::wire::config::ServeConfig {
    fn validate(&self) -> Result<(), Invalid> {
        if !self.serve && !self.values.is_empty() {
            return Err(invalid("values", "empty when serve is false"));
        }
        served_values("values", &self.values)
    }
}

/// A `{project}` or `{env}` of a config URL: an id or a name (as [`NAME`]).
pub fn config_scope_param<'a>(s: &'a str, what: &str) -> Result<&'a str, Invalid> {
    NAME.check(|| what.into(), s)?;
    Ok(s)
}

/// The pattern of a config URL's `{key}` (an item name without `/`), for the document.
pub const CONFIG_KEY_PATTERN: &str = r"^[^/\u0000-\u001f\u007f-\u009f]*[^/\s\u0000-\u001f\u007f-\u009f][^/\u0000-\u001f\u007f-\u009f]*$";

/// A `{key}` of a config URL: an item name (as [`ITEM_NAME`]), dotted, without `/`.
pub fn config_key_param(s: &str) -> Result<&str, Invalid> {
    ITEM_NAME.check(|| "key".into(), s)?;
    if s.contains('/') {
        return Err(invalid("key", "an item name without '/'"));
    }
    Ok(s)
}

/// A config `?version=N`: from 1.
pub fn config_version_param(n: Option<i64>) -> Result<Option<u64>, Invalid> {
    match n {
        None => Ok(None),
        Some(n) => {
            VERSION.check(|| "version".into(), n.into())?;
            Ok(Some(n as u64))
        }
    }
}

/// The `{token_id}` path parameter: 32 hex digits (`auth`'s token ids).
pub fn token_id_param(s: &str) -> Result<&str, Invalid> {
    if s.len() == TOKEN_ID_LEN && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(s)
    } else {
        Err(invalid("token_id", "32 hex digits"))
    }
}

/// Length of a token id in hex digits.
pub const TOKEN_ID_LEN: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, author: &str) -> PushRequest {
        PushRequest {
            served: Vec::new(),
            base_revision: 0,
            idempotency_key: Uuid::nil(),
            force: false,
            changes: vec![Change::Version(ItemVersion {
                name: name.into(),
                version: 1,
                kind: crate::wire::ItemKind::Secret,
                literal: false,
                key_version: 1,
                wrapped_data_key: vec![1],
                ciphertext: vec![2],
                created_at: 0,
                author: author.into(),
                previous: None,
            })],
        }
    }

    #[test]
    fn restart_slot_requests_are_bounded_and_their_names_url_safe() {
        use crate::wire::restart::SlotRequest;
        let ok = SlotRequest {
            max: 2,
            holder: "h-1".into(),
            ttl_secs: 45,
        };
        assert_eq!(ok.validate(), Ok(()));
        let field = |r: SlotRequest| r.validate().unwrap_err().field;
        assert_eq!(
            field(SlotRequest {
                max: 0,
                ..ok.clone()
            }),
            "max"
        );
        assert_eq!(
            field(SlotRequest {
                ttl_secs: 0,
                ..ok.clone()
            }),
            "ttl_secs"
        );
        assert_eq!(
            field(SlotRequest {
                ttl_secs: 3601,
                ..ok.clone()
            }),
            "ttl_secs"
        );
        assert_eq!(
            field(SlotRequest {
                holder: "a/b".into(),
                ..ok.clone()
            }),
            "holder"
        );
        assert_eq!(slot_name_param("web", "group"), Ok("web"));
        assert_eq!(slot_name_param("..", "group").unwrap_err().field, "group");
    }

    #[test]
    fn control_characters_are_refused_in_every_text_field_and_named() {
        for bad in ["A\0B", "A\u{1b}[31m", "A\nB", "\u{7f}", "A\u{85}"] {
            let e = item(bad, "a@b").validate().unwrap_err();
            assert_eq!(e.field, "changes[0].name");
            assert!(!e.to_string().contains(bad), "echoes the value: {e}");
            assert_eq!(
                item("A", bad).validate().unwrap_err().field,
                "changes[0].author"
            );
            let login = LoginRequest {
                device_name: bad.into(),
                recipient: "age1abc".into(),
                user_name: None,
            };
            assert_eq!(login.validate().unwrap_err().field, "device_name");
        }
        assert!(item("DATABASE_URL", "alice@laptop").validate().is_ok());
        assert!(item("ÄPFEL_ключ", "").validate().is_ok());
    }

    #[test]
    fn lengths_and_numbers_are_bounded() {
        assert!(item(&"A".repeat(1024), "a").validate().is_ok());
        assert!(item(&"A".repeat(1025), "a").validate().is_err());
        assert!(item("", "a").validate().is_err());
        assert!(item("A", &"a".repeat(513)).validate().is_err());
        let mut zero = item("A", "a");
        if let Change::Version(v) = &mut zero.changes[0] {
            v.version = 0;
        }
        assert_eq!(zero.validate().unwrap_err().field, "changes[0].version");
        for (version, previous, ok) in [(3, 0, false), (3, 3, false), (3, 4, false), (3, 2, true)] {
            let mut req = item("A", "a");
            if let Change::Version(v) = &mut req.changes[0] {
                (v.version, v.previous) = (version, Some(previous));
            }
            let got = req.validate();
            assert_eq!(got.is_ok(), ok, "{version} {previous}: {got:?}");
            if !ok {
                assert_eq!(got.unwrap_err().field, "changes[0].previous");
            }
        }
        for secs in [0, EXPIRES_IN_SECS.max as u64 + 1] {
            let req = InviteRequest {
                user_id: None,
                expires_in_secs: secs,
                grant: None,
            };
            assert_eq!(req.validate().unwrap_err().field, "expires_in_secs");
        }
        assert!(PutEnvKey { wraps: vec![] }.validate().is_err());
        assert!(key_version_param("0").is_err());
        assert_eq!(key_version_param("3"), Ok(3));
        assert!(token_id_param("..%00").is_err());
        assert!(uuid_param("x", "env_id").is_err());
    }

    #[test]
    fn recipients_are_age_bech32() {
        for bad in [
            "age1",
            "age1a b",
            "age1\0",
            "ssh-ed25519 AAAA",
            &format!("age1{}", "a".repeat(200)),
        ] {
            let req = LoginRequest {
                device_name: "d".into(),
                recipient: bad.to_string(),
                user_name: None,
            };
            assert_eq!(req.validate().unwrap_err().field, "recipient", "{bad:?}");
        }
    }

    #[test]
    fn the_document_pattern_excludes_exactly_what_the_check_refuses() {
        // The pattern spells out `Cc` as two ranges; they must be all of `char::is_control`.
        let control: Vec<u32> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_control())
            .map(u32::from)
            .collect();
        let ranges: Vec<u32> = (0x00..=0x1F).chain(0x7F..=0x9F).collect();
        assert_eq!(control, ranges);
        assert!(NAME.pattern().contains(r"\u0000-\u001f\u007f-\u009f"));
        assert!(AUTHOR.pattern().contains(r"\u0000-\u001f\u007f-\u009f"));
        assert_eq!(RECIPIENT.pattern(), "^age1[0-9A-Za-z]+$");
    }
}
