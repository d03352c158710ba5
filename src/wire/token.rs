//! Service token types (issue 12, docs/tokens.md): what an admin's device uploads when it
//! creates a token, what `token list` shows, and what a token's use is answered with.
//!
//! The server keeps the token's server share, its auth verifier and the env keys wrapped to
//! the token's own age recipient; never the token's own share, so it can open nothing.
//! Scope checks (names globs, CIDR lists) are pure functions here so the server and the
//! client that validates `token create`'s flags agree on their meaning.
//! Nothing here is a secret in clear: the share the server releases is half of a key.

use std::net::IpAddr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::{ItemVersion, WrappedKey, b64};

/// What a token may do and from where. Empty lists mean "no restriction".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenScope {
    /// Also push (`--write`); read-only otherwise.
    #[serde(default)]
    pub write: bool,
    /// Item name globs (`*` any run, `?` one character); only matching items are served.
    #[serde(default)]
    pub names: Vec<String>,
    /// Client address ranges (`10.0.0.0/8`, `2001:db8::/32`, or one address).
    #[serde(default)]
    pub cidrs: Vec<String>,
    /// Uses allowed in all (each successful use counts one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_uses: Option<u64>,
    /// Expiry (ms since epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// A use must also carry an OIDC ID token matching this (`--oidc-issuer` ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc: Option<OidcBinding>,
}

/// The CI identity a token is bound to: the server releases its share only to a use that
/// also carries an ID token signed by `issuer`'s keys, for `audience`, whose `sub` matches
/// `subject` (a glob like the names globs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OidcBinding {
    /// The issuer URL exactly as the ID token's `iss` says it (`https://token.actions.githubusercontent.com`).
    pub issuer: String,
    /// The audience the ID token's `aud` must contain.
    pub audience: String,
    /// Glob the ID token's `sub` must match (`repo:org/app:ref:refs/heads/main`).
    pub subject: String,
}

/// `POST /v1/use-token`'s body: `{}`, or the CI's OIDC ID token for a bound token. The ID
/// token is a short-lived bearer credential: never logged, stored or echoed.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UseToken {
    /// The compact JWT, when the client has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_token: Option<String>,
}

impl std::fmt::Debug for UseToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.oidc_token.as_ref().map(|_| "***");
        f.debug_struct("UseToken")
            .field("oidc_token", &shown)
            .finish()
    }
}

/// The env keys of one environment wrapped to the token's recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenEnvKeys {
    /// The environment.
    pub env_id: Uuid,
    /// Every key version the token needs, each wrapped to the token's recipient.
    pub wraps: Vec<WrappedKey>,
}

/// `POST /v1/service-tokens`: made by an admin's device, which keeps nothing of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreateServiceToken {
    /// Public id: 16 random bytes in hex.
    pub id: String,
    /// Name for people (`token list`, `token revoke NAME`, the audit).
    pub name: String,
    /// The token's age recipient (its identity needs both shares).
    pub recipient: String,
    /// The server's share (32 random bytes), released only to a use that passes the checks.
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub share: Vec<u8>,
    /// SHA-256 of the token's auth secret (derived from the token's own share).
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub verifier: Vec<u8>,
    /// Scope.
    pub scope: TokenScope,
    /// The environments, with their keys wrapped to `recipient`.
    pub envs: Vec<TokenEnvKeys>,
    /// The keys of environments `envs` inherit from (their ancestors), wrapped to
    /// `recipient` too: the token opens the inherited items a vault's `inject` would use,
    /// but cannot read an ancestor on its own (`-e` still names only `envs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherited: Vec<TokenEnvKeys>,
}

/// One environment of a token, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenEnvRef {
    /// The environment.
    pub env_id: Uuid,
    /// Its project's name.
    pub project: String,
    /// Its name.
    pub env: String,
}

/// A token as `token list` shows it (never a share or a verifier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ServiceTokenInfo {
    /// Public id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Environments.
    pub envs: Vec<TokenEnvRef>,
    /// Scope.
    pub scope: TokenScope,
    /// Who created it.
    pub created_by: String,
    /// When (ms since epoch).
    pub created_at: i64,
    /// Successful uses so far.
    pub uses: u64,
    /// Last successful use (ms since epoch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<i64>,
    /// When it was revoked (its share and wraps are gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<i64>,
}

/// A grant's items, a JSON array of [`ItemVersion`] on the wire. A client decodes them;
/// the server also keeps them encoded ([`GrantItems::encoded`]), so a use of an
/// environment that has not moved sends the cached text instead of encoding the same
/// items again (as the snapshot cache does for snapshots).
#[derive(Clone, Default)]
pub struct GrantItems {
    list: Arc<Vec<ItemVersion>>,
    json: Option<Arc<RawValue>>,
}

impl GrantItems {
    /// `list` with its JSON encoded once, to be sent as it is by every clone.
    pub fn encoded(list: Vec<ItemVersion>) -> Self {
        // Encoding plain data into memory cannot fail; were it to, the list is sent as is.
        let json = serde_json::value::to_raw_value(&list).ok().map(Arc::from);
        GrantItems {
            list: Arc::new(list),
            json,
        }
    }

    /// The items, owned.
    pub fn into_vec(self) -> Vec<ItemVersion> {
        Arc::unwrap_or_clone(self.list)
    }

    /// The length of the encoded JSON, when it is kept.
    pub fn encoded_len(&self) -> usize {
        self.json.as_ref().map_or(0, |j| j.get().len())
    }
}

impl From<Vec<ItemVersion>> for GrantItems {
    fn from(list: Vec<ItemVersion>) -> Self {
        GrantItems {
            list: Arc::new(list),
            json: None,
        }
    }
}

impl std::ops::Deref for GrantItems {
    type Target = [ItemVersion];
    fn deref(&self) -> &[ItemVersion] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a GrantItems {
    type Item = &'a ItemVersion;
    type IntoIter = std::slice::Iter<'a, ItemVersion>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl PartialEq for GrantItems {
    fn eq(&self, other: &Self) -> bool {
        self.list == other.list
    }
}

impl Eq for GrantItems {}

impl std::fmt::Debug for GrantItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.list.fmt(f)
    }
}

impl Serialize for GrantItems {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.json {
            Some(json) => json.serialize(s),
            None => self.list.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for GrantItems {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<ItemVersion>::deserialize(d).map(GrantItems::from)
    }
}

/// One environment as a token's use receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenEnvGrant {
    /// The environment.
    pub env_id: Uuid,
    /// Its project.
    pub project_id: Uuid,
    /// Its project's name.
    pub project: String,
    /// Its name.
    pub env: String,
    /// Its revision.
    pub revision: i64,
    /// Env keys wrapped to the token's recipient.
    pub keys: Vec<WrappedKey>,
    /// The latest version of every live item the token's names globs match, by name.
    #[cfg_attr(feature = "server", schema(value_type = Vec<ItemVersion>))]
    pub items: GrantItems,
    /// The environments this one inherits from, nearest first, as the server's parent
    /// links say: their keys the token holds and their matching items. The client lets
    /// this environment's items override them, as a vault's `inject` does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<TokenParentGrant>,
    /// The server serves this environment's config values (docs/config-api.md), so a
    /// `--write` token's push carries the clear value of each config item it writes, as
    /// a device's push does. Absent (false) from servers before it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub serve_config: bool,
}

/// An ancestor of a token's environment, as a use receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenParentGrant {
    /// The ancestor environment (same project).
    pub env_id: Uuid,
    /// Its name.
    pub env: String,
    /// Its env keys wrapped to the token's recipient (none when the parent link was made
    /// after the token).
    pub keys: Vec<WrappedKey>,
    /// The latest version of every live item the token's names globs match, by name.
    pub items: Vec<ItemVersion>,
}

/// `GET /v1/envs/{id}/token-keys` (admins of the environment): a live service token
/// holding keys of the environment, so a device that starts a new key version can wrap it
/// to the token too. Untrusted on the client: it wraps only to recipients it pinned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenRecipient {
    /// The token's public id.
    pub token_id: String,
    /// Its name.
    pub name: String,
    /// Its age recipient.
    pub recipient: String,
    /// The key versions of the environment it holds.
    pub key_versions: Vec<u32>,
}

/// One env key version wrapped to a service token's recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenWrap {
    /// The token's public id.
    pub token_id: String,
    /// The wrap (its recipient must be the token's).
    pub wrap: WrappedKey,
}

/// `PUT /v1/envs/{id}/token-keys` (admins of the environment): new key versions for live
/// tokens that already hold keys of it. Wraps a token already has are left as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PutTokenKeys {
    /// The wraps.
    pub wraps: Vec<TokenWrap>,
}

/// `POST /v1/service-tokens/use`: what a token that passed every check receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenGrant {
    /// The token's id.
    pub token_id: String,
    /// Its name.
    pub name: String,
    /// The server's share of the token's key.
    #[serde(with = "b64")]
    #[cfg_attr(feature = "server", schema(value_type = String, format = Byte))]
    pub share: Vec<u8>,
    /// Whether it may push.
    pub write: bool,
    /// Its environments.
    pub envs: Vec<TokenEnvGrant>,
}

/// Whether an OIDC issuer URL may be bound: `https://` (the server fetches its keys from
/// there), or `http://` to a loopback address only (tests). No query or fragment: the
/// discovery document lives at `{issuer}/.well-known/openid-configuration`.
pub fn check_issuer(issuer: &str) -> Result<(), &'static str> {
    let url = url::Url::parse(issuer).map_err(|_| "an https:// URL")?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("an https:// URL without user, query or fragment");
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => return Err("an https:// URL with a host"),
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err("an https:// URL (plain http only to a loopback address)"),
    }
}

/// Prefix of the bearer credential a token's use presents: `scsa_<id>_<auth>`, the id in
/// hex and the auth secret (32 bytes derived from the token's own share) in base64url.
pub const AUTH_PREFIX: &str = "scsa_";

/// The header a `--write` token's push carries its CI's OIDC ID token in (a read carries
/// it in the use's body).
pub const OIDC_HEADER: &str = "secretscli-oidc-token";

/// Whether `name` matches `glob` (`*` any run of characters, `?` exactly one; everything
/// else literal, case-sensitive like item names).
pub fn glob_matches(glob: &str, name: &str) -> bool {
    let (g, n): (Vec<char>, Vec<char>) = (glob.chars().collect(), name.chars().collect());
    // Classic linear-time wildcard match with one backtrack point.
    let (mut gi, mut ni, mut star, mut mark) = (0, 0, None, 0);
    while ni < n.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == n[ni]) {
            gi += 1;
            ni += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some(gi);
            mark = ni;
            gi += 1;
        } else if let Some(s) = star {
            gi = s + 1;
            mark += 1;
            ni = mark;
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

/// Whether `name` is served under `globs` (no globs: every name).
pub fn names_allow(globs: &[String], name: &str) -> bool {
    globs.is_empty() || globs.iter().any(|g| glob_matches(g, name))
}

/// An address range: a network address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    net: IpAddr,
    bits: u8,
}

impl Cidr {
    /// Parses `a.b.c.d/n`, `x::y/n`, or a single address (all its bits).
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, bits) = match text.trim().split_once('/') {
            Some((a, b)) => (a.parse::<IpAddr>().ok()?, Some(b.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        (bits <= max).then_some(Cidr { net: addr, bits })
    }

    /// Whether `ip` is inside (an IPv4-mapped IPv6 address counts as its IPv4 address).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), self.bits),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), self.bits),
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = (usize::from(bits / 8), bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0
}

/// Whether `ip` may use a token limited to `cidrs` (no list: any address; an entry that
/// does not parse admits nothing).
pub fn cidrs_allow(cidrs: &[String], ip: IpAddr) -> bool {
    cidrs.is_empty()
        || cidrs
            .iter()
            .filter_map(|c| Cidr::parse(c))
            .any(|c| c.contains(ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_whole_names_with_star_and_question_mark() {
        assert!(glob_matches("auth.*", "auth.key"));
        assert!(glob_matches("auth.*", "auth."));
        assert!(!glob_matches("auth.*", "billing.key"));
        assert!(!glob_matches("auth.*", "xauth.key"));
        assert!(glob_matches("*_URL", "DATABASE_URL"));
        assert!(glob_matches("DB?", "DB1"));
        assert!(!glob_matches("DB?", "DB12"));
        assert!(glob_matches("*a*b*", "xxaxxbxx"));
        assert!(names_allow(&[], "anything"));
        assert!(!names_allow(&["a*".into()], "b"));
    }

    #[test]
    fn issuers_are_https_or_loopback_http() {
        assert!(check_issuer("https://token.actions.githubusercontent.com").is_ok());
        assert!(check_issuer("http://127.0.0.1:8080/issuer").is_ok());
        assert!(check_issuer("http://[::1]:1").is_ok());
        assert!(check_issuer("http://issuer.example").is_err());
        assert!(check_issuer("https://issuer.example/?x=1").is_err());
        assert!(check_issuer("ftp://issuer.example").is_err());
        assert!(check_issuer("issuer.example").is_err());
    }

    #[test]
    fn cidrs_admit_only_their_ranges() {
        let ten = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(ten.contains("10.200.1.2".parse().unwrap()));
        assert!(!ten.contains("11.0.0.1".parse().unwrap()));
        assert!(ten.contains("::ffff:10.1.2.3".parse().unwrap()));
        let one = Cidr::parse("127.0.0.1").unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()));
        assert!(!one.contains("127.0.0.2".parse().unwrap()));
        let v6 = Cidr::parse("2001:db8::/33").unwrap();
        assert!(v6.contains("2001:db8:7fff::1".parse().unwrap()));
        assert!(!v6.contains("2001:db8:8000::1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("nope").is_none());
        assert!(cidrs_allow(&[], "1.2.3.4".parse().unwrap()));
        assert!(!cidrs_allow(&["bad".into()], "1.2.3.4".parse().unwrap()));
    }

    #[test]
    fn create_and_grant_json_is_frozen() {
        let create = CreateServiceToken {
            id: "00112233445566778899aabbccddeeff".into(),
            name: "ci".into(),
            recipient: "age1xyz".into(),
            share: vec![1, 2],
            verifier: vec![3],
            scope: TokenScope {
                write: false,
                names: vec!["auth.*".into()],
                cidrs: vec!["10.0.0.0/8".into()],
                max_uses: Some(5),
                expires_at: Some(1000),
                oidc: Some(OidcBinding {
                    issuer: "https://issuer.example".into(),
                    audience: "secretscli".into(),
                    subject: "repo:org/app:*".into(),
                }),
            },
            envs: vec![TokenEnvKeys {
                env_id: Uuid::from_u128(1),
                wraps: vec![WrappedKey {
                    key_version: 1,
                    recipient: "age1xyz".into(),
                    wrapped: vec![9],
                }],
            }],
            inherited: vec![],
        };
        let json = serde_json::to_string(&create).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"id":"00112233445566778899aabbccddeeff","name":"ci","recipient":"age1xyz","#,
                r#""share":"AQI=","verifier":"Aw==","scope":{"write":false,"names":["auth.*"],"#,
                r#""cidrs":["10.0.0.0/8"],"max_uses":5,"expires_at":1000,"oidc":{"issuer":"#,
                r#""https://issuer.example","audience":"secretscli","subject":"repo:org/app:*"}},"#,
                r#""envs":[{"env_id":"#,
                r#""00000000-0000-0000-0000-000000000001","wraps":[{"key_version":1,"#,
                r#""recipient":"age1xyz","wrapped":"CQ=="}]}]}"#
            )
        );
        assert_eq!(
            serde_json::from_str::<CreateServiceToken>(&json).unwrap(),
            create
        );
        let grant = TokenGrant {
            token_id: "00".into(),
            name: "ci".into(),
            share: vec![7],
            write: false,
            envs: vec![TokenEnvGrant {
                env_id: Uuid::from_u128(2),
                project_id: Uuid::from_u128(3),
                project: "app".into(),
                env: "prod".into(),
                revision: 4,
                keys: vec![],
                items: vec![].into(),
                parents: vec![],
                serve_config: false,
            }],
        };
        let json = serde_json::to_string(&grant).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"token_id":"00","name":"ci","share":"Bw==","write":false,"envs":[{"#,
                r#""env_id":"00000000-0000-0000-0000-000000000002","project_id":"#,
                r#""00000000-0000-0000-0000-000000000003","project":"app","env":"prod","#,
                r#""revision":4,"keys":[],"items":[]}]}"#
            )
        );
        assert_eq!(serde_json::from_str::<TokenGrant>(&json).unwrap(), grant);

        let mut served = grant.clone();
        served.envs[0].serve_config = true;
        let json = serde_json::to_string(&served).unwrap();
        assert!(
            json.ends_with(r#""revision":4,"keys":[],"items":[],"serve_config":true}]}"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<TokenGrant>(&json).unwrap(), served);
    }

    #[test]
    fn grant_items_kept_encoded_send_the_same_json_as_decoded_ones() {
        let item = ItemVersion {
            name: "DB_PASS".into(),
            version: 3,
            kind: crate::wire::ItemKind::Secret,
            literal: true,
            key_version: 2,
            wrapped_data_key: vec![1, 2, 3],
            ciphertext: vec![4, 5],
            created_at: 1_700_000_000_000,
            author: "alice@laptop".into(),
            previous: Some(2),
        };
        let plain = GrantItems::from(vec![item.clone()]);
        let encoded = GrantItems::encoded(vec![item]);

        let json = serde_json::to_string(&encoded).unwrap();

        assert_eq!(json, serde_json::to_string(&plain).unwrap());
        assert_eq!(
            json,
            concat!(
                r#"[{"name":"DB_PASS","version":3,"kind":"secret","literal":true,"#,
                r#""key_version":2,"wrapped_data_key":"AQID","ciphertext":"BAU=","#,
                r#""created_at":1700000000000,"author":"alice@laptop","previous":2}]"#
            )
        );
        assert_eq!(encoded.encoded_len(), json.len());
        assert_eq!(serde_json::from_str::<GrantItems>(&json).unwrap(), encoded);
    }

    #[test]
    fn use_token_json_is_frozen_and_its_debug_hides_the_id_token() {
        assert_eq!(serde_json::to_string(&UseToken::default()).unwrap(), "{}");
        let with = UseToken {
            oidc_token: Some("eyJ.x.y".into()),
        };
        let json = serde_json::to_string(&with).unwrap();
        assert_eq!(json, r#"{"oidc_token":"eyJ.x.y"}"#);
        assert_eq!(serde_json::from_str::<UseToken>(&json).unwrap(), with);
        assert_eq!(
            serde_json::from_str::<UseToken>("{}").unwrap(),
            UseToken::default()
        );
        assert!(!format!("{with:?}").contains("eyJ"));
    }

    #[test]
    fn inheritance_and_new_key_version_json_is_frozen() {
        let wrap = WrappedKey {
            key_version: 2,
            recipient: "age1xyz".into(),
            wrapped: vec![9],
        };
        let keys = TokenEnvKeys {
            env_id: Uuid::from_u128(1),
            wraps: vec![wrap.clone()],
        };
        let create = CreateServiceToken {
            id: "00".into(),
            name: "ci".into(),
            recipient: "age1xyz".into(),
            share: vec![1],
            verifier: vec![3],
            scope: TokenScope::default(),
            envs: vec![],
            inherited: vec![keys],
        };
        let json = serde_json::to_string(&create).unwrap();
        assert!(
            json.ends_with(concat!(
                r#""envs":[],"inherited":[{"env_id":"00000000-0000-0000-0000-000000000001","#,
                r#""wraps":[{"key_version":2,"recipient":"age1xyz","wrapped":"CQ=="}]}]}"#
            )),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<CreateServiceToken>(&json).unwrap(),
            create
        );
        let parent = TokenParentGrant {
            env_id: Uuid::from_u128(5),
            env: "base".into(),
            keys: vec![wrap.clone()],
            items: vec![],
        };
        assert_eq!(
            serde_json::to_string(&parent).unwrap(),
            concat!(
                r#"{"env_id":"00000000-0000-0000-0000-000000000005","env":"base","keys":"#,
                r#"[{"key_version":2,"recipient":"age1xyz","wrapped":"CQ=="}],"items":[]}"#
            )
        );
        let listed = TokenRecipient {
            token_id: "ab".into(),
            name: "ci".into(),
            recipient: "age1xyz".into(),
            key_versions: vec![1, 2],
        };
        assert_eq!(
            serde_json::to_string(&listed).unwrap(),
            r#"{"token_id":"ab","name":"ci","recipient":"age1xyz","key_versions":[1,2]}"#
        );
        let put = PutTokenKeys {
            wraps: vec![TokenWrap {
                token_id: "ab".into(),
                wrap,
            }],
        };
        let json = serde_json::to_string(&put).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"wraps":[{"token_id":"ab","wrap":{"key_version":2,"recipient":"age1xyz","#,
                r#""wrapped":"CQ=="}}]}"#
            )
        );
        assert_eq!(serde_json::from_str::<PutTokenKeys>(&json).unwrap(), put);
    }

    #[test]
    fn token_info_json_is_frozen() {
        let info = ServiceTokenInfo {
            id: "ab".into(),
            name: "ci".into(),
            envs: vec![TokenEnvRef {
                env_id: Uuid::from_u128(1),
                project: "app".into(),
                env: "prod".into(),
            }],
            scope: TokenScope::default(),
            created_by: "admin".into(),
            created_at: 5,
            uses: 2,
            last_used_at: Some(6),
            revoked_at: None,
        };
        let json = serde_json::to_string(&info).unwrap();
        assert_eq!(
            json,
            concat!(
                r#"{"id":"ab","name":"ci","envs":[{"env_id":"00000000-0000-0000-0000-000000000001","#,
                r#""project":"app","env":"prod"}],"scope":{"write":false,"names":[],"cidrs":[]},"#,
                r#""created_by":"admin","created_at":5,"uses":2,"last_used_at":6}"#
            )
        );
        assert_eq!(
            serde_json::from_str::<ServiceTokenInfo>(&json).unwrap(),
            info
        );
    }
}
