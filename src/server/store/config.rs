//! The config API's store side (docs/config-api.md), decided once for both backends: they
//! read and write `config_values` rows, this module decides which rows a push, a
//! serve-config request or a rollback writes, and which rows a read answers with.
//!
//! Only config items of environments marked served ever get a row, and a row's value is
//! what a device sent in clear for a config item version of the same push. A secret never
//! has one: a served value for a secret (or for a version the push does not carry) is
//! refused, and an item that becomes a secret stops being served at once.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::{Caller, Result, StoreError};
use crate::wire::config::ServedValue;
use crate::wire::{Change, ItemKind, PushRequest};

/// Who reads served config: a member of the environment (viewer or above, checked by the
/// store), or a service token the app already checked is for this environment.
#[derive(Debug, Clone, Copy)]
pub enum ConfigReader<'a> {
    /// A signed-in device.
    Member(&'a Caller),
    /// A service token whose own environments include the one read (checked by the app
    /// with `Store::config_token`).
    Token,
}

/// Who looks a config URL up ([`Store::config_lookup`](super::Store::config_lookup)): a
/// member (each candidate environment's access is checked, and the first one the member
/// may read is read), or a service token with its own environments (the first candidate
/// among them is read; the app checked the token's use).
#[derive(Debug, Clone, Copy)]
pub enum ConfigAsker<'a> {
    /// A signed-in device.
    Member(&'a Caller),
    /// A service token's own environments.
    Token(&'a [Uuid]),
}

/// What looking a config URL up found.
#[derive(Debug)]
pub enum ConfigFound {
    /// No environment has that project and environment (id or name).
    NoEnv,
    /// None of the candidates is one of the token's own environments; the first of them,
    /// for the audit.
    NotTokens(Uuid),
    /// The member may read none of the candidates: the last one tried and its refusal.
    Refused(Uuid, StoreError),
    /// The environment read, and what was read.
    Read(Uuid, ConfigRead),
}

/// What a config read asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigQuery {
    /// The latest version of `key` and of every name under `key.` (every name for `""`).
    Latest(String),
    /// Every version of exactly `key`.
    Versions(String),
}

impl ConfigQuery {
    /// The key asked about.
    pub fn key(&self) -> &str {
        match self {
            ConfigQuery::Latest(k) | ConfigQuery::Versions(k) => k,
        }
    }
}

/// One stored version of a served config value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigRow {
    /// Which environment of the chain (0: the one asked about, 1: its parent, ...).
    pub depth: usize,
    /// The environment.
    pub env: Uuid,
    /// Item name.
    pub name: String,
    /// Version (per name and environment, from 1).
    pub version: u64,
    /// The value (`None` for a deletion).
    pub value: Option<String>,
    /// Author.
    pub author: String,
    /// Time (ms since epoch).
    pub at: i64,
}

/// The answer of a config read: the environment's project and revision, and the rows of
/// the served environments of its chain that the query selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigRead {
    /// The environment's project.
    pub project: Uuid,
    /// The environment's revision.
    pub revision: i64,
    /// Rows, any order.
    pub rows: Vec<ConfigRow>,
}

impl ConfigRead {
    /// The served value of every name: the nearest environment's latest row wins, and a
    /// deletion there lets an ancestor's value show through (the child no longer
    /// overrides it), like inheritance elsewhere.
    pub fn latest(&self) -> BTreeMap<&str, &ConfigRow> {
        let mut best: HashMap<&str, &ConfigRow> = HashMap::new();
        let mut rows: Vec<&ConfigRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| (r.depth, std::cmp::Reverse(r.version)));
        let mut decided: HashMap<(&str, usize), ()> = HashMap::new();
        for r in rows {
            // Only each environment's newest row of a name counts.
            if decided.insert((&r.name, r.depth), ()).is_some() {
                continue;
            }
            if r.value.is_some() {
                best.entry(&r.name).or_insert(r);
            }
        }
        best.into_iter().collect()
    }

    /// Every version of the key in the nearest environment that has any, newest first.
    pub fn versions(&self) -> Vec<&ConfigRow> {
        let Some(depth) = self.rows.iter().map(|r| r.depth).min() else {
            return Vec::new();
        };
        let mut out: Vec<&ConfigRow> = self.rows.iter().filter(|r| r.depth == depth).collect();
        out.sort_by_key(|r| std::cmp::Reverse(r.version));
        out
    }
}

/// A row to write: `name` gets its next version with this value (`None`: a deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRow {
    /// Item name.
    pub name: String,
    /// Value, or `None` for a deletion.
    pub value: Option<String>,
    /// Author.
    pub author: String,
}

/// Checks a push's served values against its changes: each names a config item version
/// the push carries, once. Refuses (400) a value for a secret or for anything else.
pub fn check_served(req: &PushRequest) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for s in &req.served {
        let kind = req.changes.iter().find_map(|c| match c {
            Change::Version(v) if v.name == s.name && v.version == s.version => Some(v.kind),
            _ => None,
        });
        match kind {
            Some(ItemKind::Config) => {}
            Some(ItemKind::Secret) => {
                return Err(StoreError::Invalid(format!(
                    "served value for {:?}, a secret: only config items are served in clear",
                    s.name
                )));
            }
            None => {
                return Err(StoreError::Invalid(format!(
                    "served value for {:?} version {}, which the push does not carry",
                    s.name, s.version
                )));
            }
        }
        if !seen.insert((&s.name, s.version)) {
            return Err(StoreError::Invalid(format!(
                "served value for {:?} version {} appears twice",
                s.name, s.version
            )));
        }
    }
    Ok(())
}

/// The rows a push to a served environment writes, in order, given which names are served
/// now (`served_now`: the name's latest row holds a value, with that value). A config
/// version comes with its value; a secret version, or a config version sent without a
/// value (an older client), stops serving the name (a deletion row) rather than leave a
/// value served that is no longer the item's; a delete mark deletes; a restore serves the
/// last value again.
pub fn push_rows(
    req: &PushRequest,
    author: &str,
    mut served_now: HashMap<String, Option<String>>,
    last_values: &HashMap<String, String>,
) -> Vec<NewRow> {
    let values: HashMap<(&str, u64), &ServedValue> = req
        .served
        .iter()
        .map(|s| ((s.name.as_str(), s.version), s))
        .collect();
    let mut out = Vec::new();
    for change in &req.changes {
        let (name, value) = match change {
            Change::Version(v) => {
                let value = match v.kind {
                    ItemKind::Config => values
                        .get(&(v.name.as_str(), v.version))
                        .map(|s| s.value.clone()),
                    ItemKind::Secret => None,
                };
                (v.name.as_str(), value)
            }
            Change::Delete { name } => (name.as_str(), None),
            Change::Restore { name } => (name.as_str(), last_values.get(name).cloned()),
        };
        let now = served_now.get(name).cloned().flatten();
        // Nothing to record: a deletion of what is not served.
        if value.is_none() && now.is_none() {
            continue;
        }
        served_now.insert(name.to_string(), value.clone());
        out.push(NewRow {
            name: name.to_string(),
            value,
            author: author.to_string(),
        });
    }
    out
}

/// The rows turning serving on writes: each value whose item's latest version in the log
/// (`latest`: name to version and kind, live items only) is that config version, unless
/// that exact value is already served. A value for an older (or unknown) version is left
/// out (the device has not pushed it, or another device pushed since); one for a secret
/// is refused.
pub fn serve_rows(
    values: &[ServedValue],
    latest: &HashMap<String, (u64, ItemKind)>,
    served_now: &HashMap<String, Option<String>>,
    author: &str,
) -> Result<Vec<NewRow>> {
    let mut out = Vec::new();
    for s in values {
        match latest.get(&s.name) {
            Some((v, ItemKind::Config)) if *v == s.version => {}
            Some((_, ItemKind::Secret)) => {
                return Err(StoreError::Invalid(format!(
                    "{:?} is a secret: only config items are served in clear",
                    s.name
                )));
            }
            _ => continue,
        }
        if served_now.get(&s.name).cloned().flatten().as_deref() == Some(s.value.as_str()) {
            continue;
        }
        out.push(NewRow {
            name: s.name.clone(),
            value: Some(s.value.clone()),
            author: author.to_string(),
        });
    }
    Ok(out)
}

/// The value a rollback of `key` to `version` writes, from the key's rows in the
/// environment itself.
pub fn rollback_value(rows: &[ConfigRow], key: &str, version: u64) -> Result<String> {
    match rows.iter().find(|r| r.version == version) {
        Some(ConfigRow {
            value: Some(value), ..
        }) => Ok(value.clone()),
        Some(_) => Err(StoreError::Invalid(format!(
            "version {version} of {key:?} is a deletion; roll back to a version with a value"
        ))),
        None => Err(StoreError::NotFound("config version")),
    }
}

/// The bounds of a name range holding `key` and every name under `key.`: names `n` with
/// `n == key` or `lo <= n < hi` in byte order (`.` is followed by `/`); for the empty key
/// (the whole environment) every name. Compared bytewise: SQLite's default, and `COLLATE
/// "C"` on PostgreSQL, whose database collation may order punctuation otherwise.
pub fn prefix_range(key: &str) -> (String, String) {
    match key {
        "" => (String::new(), char::MAX.to_string()),
        key => (format!("{key}."), format!("{key}/")),
    }
}

/// A project or environment named in a config URL as it is stored: an id in its canonical
/// form (any case of its hex digits), else the name as given.
pub fn canonical(name_or_id: &str) -> String {
    Uuid::parse_str(name_or_id).map_or_else(|_| name_or_id.to_string(), |id| id.to_string())
}

/// Most ancestors followed when reading inherited config (a loop in the parent links, which
/// the server does not otherwise prevent, stops here).
pub const MAX_CHAIN: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ItemVersion;

    fn row(depth: usize, name: &str, version: u64, value: Option<&str>) -> ConfigRow {
        ConfigRow {
            depth,
            env: Uuid::from_u128(depth as u128),
            name: name.into(),
            version,
            value: value.map(str::to_string),
            author: "alice".into(),
            at: 0,
        }
    }

    fn version(name: &str, version: u64, kind: ItemKind) -> Change {
        Change::Version(ItemVersion {
            name: name.into(),
            version,
            kind,
            literal: false,
            key_version: 1,
            wrapped_data_key: vec![1],
            ciphertext: vec![2],
            created_at: 0,
            author: "alice".into(),
            previous: None,
        })
    }

    fn push(changes: Vec<Change>, served: Vec<(&str, u64, &str)>) -> PushRequest {
        PushRequest {
            base_revision: 0,
            idempotency_key: Uuid::nil(),
            force: false,
            changes,
            served: served
                .into_iter()
                .map(|(n, v, value)| ServedValue {
                    name: n.into(),
                    version: v,
                    value: value.into(),
                })
                .collect(),
        }
    }

    #[test]
    fn the_child_overrides_and_its_deletion_lets_the_parent_show_through() {
        let read = ConfigRead {
            project: Uuid::nil(),
            revision: 1,
            rows: vec![
                row(1, "db.host", 1, Some("parent")),
                row(1, "db.port", 1, Some("5432")),
                row(0, "db.host", 1, Some("child")),
                row(0, "db.port", 1, Some("6543")),
                row(0, "db.port", 2, None),
            ],
        };
        let latest = read.latest();
        assert_eq!(latest["db.host"].value.as_deref(), Some("child"));
        assert_eq!(latest["db.port"].value.as_deref(), Some("5432"));
        let versions: Vec<u64> = read.versions().iter().map(|r| r.version).collect();
        assert_eq!(versions, [2, 1, 1]);
    }

    #[test]
    fn a_served_value_for_a_secret_or_a_version_not_pushed_is_refused() {
        let ok = push(vec![version("a", 1, ItemKind::Config)], vec![("a", 1, "x")]);
        check_served(&ok).unwrap();
        let secret = push(vec![version("a", 1, ItemKind::Secret)], vec![("a", 1, "x")]);
        assert!(
            matches!(check_served(&secret), Err(StoreError::Invalid(w)) if w.contains("secret"))
        );
        let other = push(vec![version("a", 1, ItemKind::Config)], vec![("a", 2, "x")]);
        assert!(check_served(&other).is_err());
    }

    #[test]
    fn a_push_serves_config_values_and_stops_serving_what_became_a_secret() {
        let req = push(
            vec![
                version("a", 2, ItemKind::Config),
                version("b", 3, ItemKind::Secret),
                Change::Delete { name: "c".into() },
                Change::Restore { name: "d".into() },
                version("e", 1, ItemKind::Config),
            ],
            vec![("a", 2, "A2")],
        );
        let now: HashMap<String, Option<String>> = [
            ("b".to_string(), Some("was config".to_string())),
            ("c".to_string(), Some("C".to_string())),
        ]
        .into();
        let last: HashMap<String, String> = [("d".to_string(), "D".to_string())].into();
        let rows = push_rows(&req, "bob", now, &last);
        let got: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some("A2")),
                ("b", None),
                ("c", None),
                ("d", Some("D"))
            ]
        );
    }

    #[test]
    fn serving_takes_only_latest_config_versions() {
        let latest: HashMap<String, (u64, ItemKind)> = [
            ("a".to_string(), (2, ItemKind::Config)),
            ("s".to_string(), (1, ItemKind::Secret)),
        ]
        .into();
        let v = |n: &str, version| ServedValue {
            name: n.into(),
            version,
            value: "x".into(),
        };
        let none = HashMap::new();
        assert_eq!(
            serve_rows(&[v("a", 2)], &latest, &none, "al")
                .unwrap()
                .len(),
            1
        );
        assert!(
            serve_rows(&[v("a", 1)], &latest, &none, "al")
                .unwrap()
                .is_empty()
        );
        assert!(serve_rows(&[v("s", 1)], &latest, &none, "al").is_err());
        let same: HashMap<String, Option<String>> =
            [("a".to_string(), Some("x".to_string()))].into();
        assert!(
            serve_rows(&[v("a", 2)], &latest, &same, "al")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_rollback_copies_a_value_and_refuses_a_deletion() {
        let rows = vec![row(0, "k", 1, Some("one")), row(0, "k", 2, None)];
        assert_eq!(rollback_value(&rows, "k", 1).unwrap(), "one");
        assert!(matches!(
            rollback_value(&rows, "k", 2),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            rollback_value(&rows, "k", 9),
            Err(StoreError::NotFound(_))
        ));
    }
}
