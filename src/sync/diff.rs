//! `diff`: compare two sets of values by name: local vs the server (default), one
//! environment vs another, or a dotenv file vs an environment.
//!
//! Values are compared decrypted (two sealings of one value never share ciphertext) but
//! never reported unless the caller asks to reveal them; rows carry names and a status.

use std::collections::BTreeMap;

use super::{Connection, Result, SyncError, import_keys, remote_env};
use crate::crypto::SecretBytes;
use crate::vault::{Env, Unlocked, Vault};
use crate::wire;

/// How one name compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Same value on both sides.
    Same,
    /// Present on both sides with different values.
    Different,
    /// Only on the right-hand side (missing on the left).
    Missing,
    /// Only on the left-hand side (extra there).
    Extra,
}

/// One name's comparison; values only when revealed.
#[derive(Debug, serde::Serialize)]
pub struct Row {
    /// Item name.
    pub name: String,
    /// Comparison.
    pub status: Status,
    /// Left value (revealed only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// Right value (revealed only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
}

/// Values by name.
pub type Values = BTreeMap<String, SecretBytes>;

/// Compares two sides by name; `reveal` copies the values into differing rows.
pub fn compare(left: &Values, right: &Values, reveal: bool) -> Vec<Row> {
    let show = |v: Option<&SecretBytes>| {
        if reveal {
            v.map(|v| String::from_utf8_lossy(v.expose()).into_owned())
        } else {
            None
        }
    };
    let mut names: Vec<&String> = left.keys().chain(right.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let (l, r) = (left.get(name), right.get(name));
            let status = match (l, r) {
                (Some(a), Some(b)) if a.expose() == b.expose() => Status::Same,
                (Some(_), Some(_)) => Status::Different,
                (None, Some(_)) => Status::Missing,
                (Some(_), None) => Status::Extra,
                (None, None) => unreachable!("name comes from one side"),
            };
            Row {
                name: name.clone(),
                status,
                left: if status == Status::Same {
                    None
                } else {
                    show(l)
                },
                right: if status == Status::Same {
                    None
                } else {
                    show(r)
                },
            }
        })
        .collect()
}

/// One visible item before `${...}` expansion: its stored value and whether it is literal.
pub struct Layered {
    /// Item name.
    pub name: String,
    /// Stored value.
    pub value: SecretBytes,
    /// Never expanded.
    pub literal: bool,
}

/// Every item visible in `env` here, inherited ones included, unexpanded, sorted by name.
pub fn local_layered(vault: &Vault, unlocked: &mut Unlocked, env: &Env) -> Result<Vec<Layered>> {
    Ok(vault
        .reveal_all(unlocked, env)?
        .into_iter()
        .map(|r| Layered {
            name: r.info.name,
            literal: r.info.literal,
            value: r.value,
        })
        .collect())
}

/// Every item visible in `env` on the server, through the server's inheritance (which may
/// differ from the local one), unexpanded, sorted by name; and the env's revision. Each
/// ancestor must be here too: its values open only with its env key.
pub fn remote_layered(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
) -> Result<(Vec<Layered>, i64)> {
    let Some(remote) = remote_env(conn, &env.label(), env.id)? else {
        return Err(SyncError::Missing(format!("environment {}", env.label())));
    };
    let mut seen = BTreeMap::new();
    let mut revision = None;
    let mut link = Some((env.clone(), remote));
    let mut depth = 0;
    while let Some((here, there)) = link.take() {
        import_keys(vault, unlocked, conn, &here, &there)?;
        let snapshot: wire::Snapshot = conn
            .transport
            .get(&format!("v1/envs/{}/snapshot", here.id))?;
        revision.get_or_insert(snapshot.revision);
        for item in &snapshot.items {
            super::untrusted::check_version(item)
                .map_err(|r| SyncError::untrusted(&here.label(), snapshot.revision, r))?;
        }
        for item in snapshot.items {
            let stored = super::from_wire_version(item);
            if seen.contains_key(&stored.name) {
                continue;
            }
            let value = vault.open_stored(unlocked, &here, &stored)?;
            let literal = stored.literal;
            seen.insert(
                stored.name.clone(),
                Layered {
                    name: stored.name,
                    value,
                    literal,
                },
            );
        }
        depth += 1;
        link = match there.parent_id {
            // A server that answers a cycle gets no endless loop.
            Some(parent) if depth < 64 => {
                let Some(parent_here) = vault.env_with_id(parent)? else {
                    return Err(SyncError::ParentNotHere(here.label()));
                };
                remote_env(conn, &parent_here.label(), parent)?.map(|r| (parent_here, r))
            }
            _ => None,
        };
    }
    Ok((seen.into_values().collect(), revision.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), SecretBytes::new(v.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn rows_say_same_different_missing_and_extra_without_values() {
        let left = values(&[("A", "1"), ("B", "2"), ("C", "3")]);
        let right = values(&[("A", "1"), ("B", "x"), ("D", "4")]);
        let rows = compare(&left, &right, false);
        let got: Vec<(&str, Status)> = rows.iter().map(|r| (r.name.as_str(), r.status)).collect();
        assert_eq!(
            got,
            [
                ("A", Status::Same),
                ("B", Status::Different),
                ("C", Status::Extra),
                ("D", Status::Missing)
            ]
        );
        assert!(rows.iter().all(|r| r.left.is_none() && r.right.is_none()));
        let revealed = compare(&left, &right, true);
        assert_eq!(revealed[1].left.as_deref(), Some("2"));
        assert_eq!(revealed[1].right.as_deref(), Some("x"));
        assert_eq!(revealed[0].left, None);
    }
}
