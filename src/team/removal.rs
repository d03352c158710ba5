//! Removal (decision 10 of docs/teams.md): what the removed party could decrypt, and the
//! new env key version that keeps them out of everything written afterwards.
//!
//! The server has already deleted their wraps and set a floor (`min_key_version`) when
//! this runs; the acting device then starts a new key version as `rotate-key` does (lazy
//! rewrap unless `now`) and wraps it to the remaining trusted recipients. A device that
//! holds no key leaves the rotation pending for the next writer or admin that pushes.

use uuid::Uuid;

use super::Result;
use super::grants::{GrantReport, complete_grants};
use crate::sync::{self, Connection};
use crate::vault::{Env, Outgoing, Unlocked, Vault};
use crate::wire::team::AccessChange;

/// The values one environment exposed to the removed party.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Exposed {
    /// `project/env` (the id when the environment is not in this vault).
    pub env: String,
    /// The environment's id.
    pub env_id: Uuid,
    /// Every item name stored in it here, deleted ones too (their history was readable).
    pub names: Vec<String>,
    /// Whether this vault has the environment (else its names are unknown here).
    pub here: bool,
}

/// The item names of every environment in `change`: all of them could be decrypted by
/// whoever held its keys, so all of them should get new values.
pub fn exposed(vault: &Vault, change: &AccessChange) -> Result<Vec<Exposed>> {
    let mut out = Vec::with_capacity(change.rotate.len());
    for pending in &change.rotate {
        let Some(env) = vault.env_with_id(pending.env_id)? else {
            out.push(Exposed {
                env: pending.env_id.to_string(),
                env_id: pending.env_id,
                names: Vec::new(),
                here: false,
            });
            continue;
        };
        let mut names: Vec<String> = vault
            .list(&env, true)?
            .into_iter()
            .filter(|i| i.env == env.name)
            .map(|i| i.name)
            .collect();
        names.sort();
        names.dedup();
        out.push(Exposed {
            env: env.label(),
            env_id: env.id,
            names,
            here: true,
        });
    }
    Ok(out)
}

/// What happened to one environment that needed a new key version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum RotationOutcome {
    /// A new key version was made here and wrapped to the remaining recipients.
    Rotated {
        /// `project/env`.
        env: String,
        /// The new version.
        key_version: u32,
        /// Data keys rewrapped now.
        rewrapped: usize,
        /// Who got the new key.
        grants: GrantReport,
    },
    /// Someone already uploaded a key version at or above the floor.
    AlreadyRotated {
        /// `project/env`.
        env: String,
        /// The newest version held here.
        key_version: u32,
    },
    /// This device cannot rotate it; the next writer or admin that pushes will.
    Pending {
        /// `project/env`, or the id when not here.
        env: String,
        /// Why not here.
        why: String,
    },
}

/// Starts a new key version of `env_id` at or above `min_key_version` when this device
/// holds the newest key, and wraps it to the remaining trusted recipients. With `now`,
/// every data key is rewrapped; without, only when unpushed versions here are sealed
/// under an older key (the server would refuse them below the floor).
pub fn rotate_after_removal(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env_id: Uuid,
    min_key_version: u32,
    now: bool,
) -> Result<RotationOutcome> {
    let Some(env) = vault.env_with_id(env_id)? else {
        return Ok(RotationOutcome::Pending {
            env: env_id.to_string(),
            why: "this vault does not have it".into(),
        });
    };
    if let Some(remote) = sync::remote_env(conn, &env.label(), env.id)? {
        sync::import_keys(vault, unlocked, conn, &env, &remote)?;
    }
    let env = vault.env_with_id(env_id)?.unwrap_or(env);
    let held = vault.env_key_versions(&env)?;
    let newest = held.last().copied().unwrap_or(0);
    if newest == 0 {
        return Ok(RotationOutcome::Pending {
            env: env.label(),
            why: "this device holds none of its keys".into(),
        });
    }
    if newest >= min_key_version {
        return Ok(RotationOutcome::AlreadyRotated {
            env: env.label(),
            key_version: newest,
        });
    }
    if newest + 1 < min_key_version {
        return Ok(RotationOutcome::Pending {
            env: env.label(),
            why: format!(
                "it needs key version {min_key_version} and this device holds only up to {newest}"
            ),
        });
    }
    let stale_unpushed = vault
        .outgoing(&env)?
        .iter()
        .any(|o| matches!(o, Outgoing::Version(v) if v.key_version <= newest));
    let (key_version, rewrapped) = vault.rotate_key(unlocked, &env, now || stale_unpushed)?;
    let env = vault.env_with_id(env_id)?.unwrap_or(env);
    let grants = complete_grants(vault, unlocked, conn, &env)?;
    Ok(RotationOutcome::Rotated {
        env: env.label(),
        key_version,
        rewrapped,
        grants,
    })
}

/// Before a push: when the server's floor for `env` is above every key version here (a
/// removal whose rotation is still pending), rotate first, so the push is not refused.
pub fn rotate_if_pending(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
) -> Result<Option<RotationOutcome>> {
    let Some(remote) = sync::remote_env(conn, &env.label(), env.id)? else {
        return Ok(None);
    };
    let newest = vault.env_key_versions(env)?.last().copied().unwrap_or(0);
    if remote.min_key_version == 0 || newest >= remote.min_key_version {
        return Ok(None);
    }
    rotate_after_removal(vault, unlocked, conn, env.id, remote.min_key_version, false).map(Some)
}

/// Whether `env`'s rotation is pending on the server: its floor is above the newest key
/// version uploaded (`remote.keys` lists those wrapped to this device only, so the newest
/// held here stands in for the server's newest).
pub fn rotation_pending(min_key_version: u32, newest_held: u32) -> bool {
    min_key_version > 0 && newest_held < min_key_version
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::SecretBytes;
    use crate::vault::{Kind, NewValue};
    use crate::wire::team::PendingRotation;

    fn vault(dir: &std::path::Path) -> (Vault, Unlocked) {
        crate::vault::test_vault(&dir.join("a.db"))
    }

    fn set(v: &mut Vault, u: &mut Unlocked, env: &Env, names: &[&str]) {
        let values = names
            .iter()
            .map(|n| NewValue {
                name: n.to_string(),
                value: SecretBytes::new(b"x".to_vec()),
                kind: Kind::Secret,
                literal: false,
            })
            .collect();
        v.set_values(u, env, values, "set", false).unwrap();
    }

    #[test]
    fn exposed_names_are_every_item_of_each_env_deleted_ones_too_not_inherited_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (mut v, mut u) = vault(dir.path());
        let project = v.project("app").unwrap();
        let dev = v.env(&project, "dev").unwrap();
        set(&mut v, &mut u, &dev, &["B", "A", "GONE"]);
        v.remove(&dev, "GONE").unwrap();
        let child = v.create_env(&mut u, &project, "prod", Some("dev")).unwrap();
        set(&mut v, &mut u, &child, &["P"]);
        let elsewhere = Uuid::from_u128(9);
        let change = AccessChange {
            rotate: vec![
                PendingRotation {
                    env_id: child.id,
                    min_key_version: 2,
                },
                PendingRotation {
                    env_id: elsewhere,
                    min_key_version: 2,
                },
            ],
        };
        let got = exposed(&v, &change).unwrap();
        assert_eq!(got[0].env, "app/prod");
        assert_eq!(got[0].names, ["P"]);
        assert!(!got[1].here && got[1].names.is_empty());
        let change = AccessChange {
            rotate: vec![PendingRotation {
                env_id: dev.id,
                min_key_version: 2,
            }],
        };
        assert_eq!(exposed(&v, &change).unwrap()[0].names, ["A", "B", "GONE"]);
    }

    #[test]
    fn a_floor_above_the_newest_key_means_rotation_pending() {
        assert!(!rotation_pending(0, 1));
        assert!(rotation_pending(3, 2));
        assert!(!rotation_pending(3, 3));
    }
}
