//! Unlocking, the passphrase and environment keys.
//!
//! The root key is checked against a sealed known message before use, so a stale cached
//! key for another vault fails clearly instead of producing decryption errors later.
//! Rotation creates a new env key version for new writes; old data keys stay wrapped by
//! their old version until `rotate-key --now` rewraps them (values are never re-encrypted).

use std::collections::HashMap;

use rusqlite::{OptionalExtension as _, params};
use uuid::Uuid;

use super::{
    Env, KEY_CHECK_KEYED, KEY_CHECK_MESSAGE, KEY_CHECK_SETS, Macs, Progress, Result, Vault,
    VaultError, audit, envset, now_ms, state,
};
use crate::crypto::{self, Aad, KdfParams, SecretKey};

/// An unlocked vault's key material: the root key and env keys unwrapped so far.
pub struct Unlocked {
    root: SecretKey,
    pub(super) env_keys: HashMap<(Uuid, u32), SecretKey>,
}

impl Unlocked {
    /// The root key, for caching it (keyring or agent).
    pub fn root_key(&self) -> &SecretKey {
        &self.root
    }
}

impl Vault {
    /// Runs Argon2id on `passphrase` and unwraps the root key.
    pub fn unlock_with_passphrase(&self, passphrase: &[u8]) -> Result<Unlocked> {
        let h = &self.header;
        // A wrapped key of the wrong size cannot be a wrong passphrase: say it is damage.
        // (A flipped bit in a well-sized one is indistinguishable from a wrong passphrase.)
        if h.wrapped_root_key.len() != crypto::aead::WRAPPED_KEY_LEN {
            return Err(header_damaged(format!(
                "its wrapped root key is {} bytes, not {}",
                h.wrapped_root_key.len(),
                crypto::aead::WRAPPED_KEY_LEN
            )));
        }
        let pass_key = h.kdf.derive(passphrase, &h.salt)?;
        let aad = Aad::RootKey {
            vault_id: h.vault_id,
        };
        let root = crypto::unwrap_key(&pass_key, &aad, &h.wrapped_root_key)
            .map_err(|_| VaultError::WrongPassphrase)?;
        // The passphrase opened the root key, so a key check that fails is damage to the
        // header, not a stale cached key (which is what WrongKey tells the user).
        self.unlock_with_key(root).map_err(|e| match e {
            VaultError::WrongKey => {
                header_damaged("its key check does not open with the root key".into())
            }
            other => other,
        })
    }

    /// Accepts a root key from a cache after checking it belongs to this vault. The first
    /// unlock of a vault from before schema 5 (or a new one) also finishes keying it.
    pub fn unlock_with_key(&self, root: SecretKey) -> Result<Unlocked> {
        let aad = Aad::KeyCheck {
            vault_id: self.header.vault_id,
        };
        let check =
            crypto::open(&root, &aad, &self.header.key_check).map_err(|_| VaultError::WrongKey)?;
        let macs = Macs::derive(&root);
        match check.expose() {
            KEY_CHECK_SETS => {}
            KEY_CHECK_MESSAGE | KEY_CHECK_KEYED => self.start_keyed(&root, &macs)?,
            _ => {
                return Err(header_damaged(
                    "its key check holds an unknown message".into(),
                ));
            }
        }
        let _ = self.macs.set(macs);
        Ok(Unlocked {
            root,
            env_keys: HashMap::new(),
        })
    }

    /// Brings the keying up to date in one transaction: before schema 4, seals the audit
    /// chain and tags every item as they stand; before schema 5, tags every environment's
    /// item set (items whose own tags do not fit stay damage); then switches the key check
    /// to its newest message, so a missing tag is damage from then on. Another process may
    /// have done it while this one waited for the lock: then nothing is left to do.
    fn start_keyed(&self, root: &SecretKey, macs: &Macs) -> Result<()> {
        let aad = Aad::KeyCheck {
            vault_id: self.header.vault_id,
        };
        let tx = self.write_tx()?;
        let check: Vec<u8> =
            tx.query_row("SELECT key_check FROM vault WHERE id = 1", [], |r| r.get(0))?;
        let check = crypto::open(root, &aad, &check).map_err(|_| VaultError::WrongKey)?;
        match check.expose() {
            KEY_CHECK_SETS => return Ok(()),
            KEY_CHECK_MESSAGE => {
                audit::start_keyed(&tx, &macs.audit)?;
                state::tag_all(&tx, &macs.state)?;
            }
            KEY_CHECK_KEYED => {}
            _ => {
                return Err(header_damaged(
                    "its key check holds an unknown message".into(),
                ));
            }
        }
        envset::seal_all(&tx, &macs.state, &macs.env_items)?;
        tx.execute(
            "UPDATE vault SET key_check = ?1 WHERE id = 1",
            [crypto::seal(root, &aad, KEY_CHECK_SETS)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a successful unlock in the audit chain.
    pub fn record_unlock(&mut self, how: &str) -> Result<()> {
        let mut event = audit::Event::new("unlock", "", "");
        event.detail = how.to_string();
        self.record(&event)
    }

    /// Changes the passphrase by rewrapping the root key; nothing else is touched.
    pub fn change_passphrase(
        &mut self,
        unlocked: &Unlocked,
        new: &[u8],
        kdf: KdfParams,
    ) -> Result<()> {
        let mut salt = vec![0u8; crypto::kdf::SALT_LEN];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let pass_key = kdf.derive(new, &salt)?;
        let aad = Aad::RootKey {
            vault_id: self.header.vault_id,
        };
        let wrapped = crypto::wrap_key(&pass_key, &aad, &unlocked.root);
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE vault SET kdf_memory_kib = ?1, kdf_iterations = ?2, kdf_parallelism = ?3,
                 kdf_salt = ?4, wrapped_root_key = ?5 WHERE id = 1",
            params![
                kdf.memory_kib,
                kdf.iterations,
                kdf.parallelism,
                salt,
                wrapped
            ],
        )?;
        self.audit(&tx, &audit::Event::new("passwd", "", ""))?;
        tx.commit()?;
        self.header.kdf = kdf;
        self.header.salt = salt;
        self.header.wrapped_root_key = wrapped;
        Ok(())
    }

    /// Makes a new random env key version, wrapped by the root key, inside `tx`.
    pub(super) fn insert_env_key(
        tx: &rusqlite::Transaction<'_>,
        unlocked: &mut Unlocked,
        project_id: Uuid,
        env_id: Uuid,
        key_version: u32,
    ) -> Result<()> {
        let key = SecretKey::random();
        let aad = Aad::EnvKey {
            project_id,
            env_id,
            key_version,
        };
        let wrapped = crypto::wrap_key(&unlocked.root, &aad, &key);
        tx.execute(
            "INSERT INTO env_keys (env_id, key_version, wrapped_key, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![env_id.to_string(), key_version, wrapped, now_ms()],
        )?;
        unlocked.env_keys.insert((env_id, key_version), key);
        Ok(())
    }

    /// Env key `version` of `env`, unwrapped once and then remembered.
    pub(super) fn env_key<'u>(
        &self,
        unlocked: &'u mut Unlocked,
        env: &Env,
        version: u32,
    ) -> Result<&'u SecretKey> {
        if !unlocked.env_keys.contains_key(&(env.id, version)) {
            let wrapped: Vec<u8> = self
                .conn
                .query_row(
                    "SELECT wrapped_key FROM env_keys WHERE env_id = ?1 AND key_version = ?2",
                    params![env.id.to_string(), version],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| VaultError::Damaged {
                    what: env.label(),
                    why: format!("its key version {version} is missing"),
                })?;
            let aad = Aad::EnvKey {
                project_id: env.project_id,
                env_id: env.id,
                key_version: version,
            };
            let key = crypto::unwrap_key(&unlocked.root, &aad, &wrapped).map_err(|_| {
                VaultError::Corrupt {
                    what: format!("key version {version} of {}", env.label()),
                }
            })?;
            unlocked.env_keys.insert((env.id, version), key);
        }
        Ok(&unlocked.env_keys[&(env.id, version)])
    }

    /// Copies of `env`'s key versions `versions`, for sealing outside the vault (encrypted
    /// env files in git, src/envfile). A version this vault does not hold is an error
    /// naming it (a teammate's newer key arrives with `pull`).
    pub fn env_keys_for_file(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        versions: &[u32],
    ) -> Result<Vec<(u32, SecretKey)>> {
        let mut keys = Vec::with_capacity(versions.len());
        for &version in versions {
            let key = self.env_key(unlocked, env, version)?;
            let copy = SecretKey::from_slice(key.expose()).expect("env keys are 32 bytes");
            keys.push((version, copy));
        }
        Ok(keys)
    }

    /// Starts env key version n+1 for new writes; with `now`, rewraps every data key to it.
    /// Returns the new version and how many data keys were rewrapped.
    pub fn rotate_key(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        now: bool,
    ) -> Result<(u32, usize)> {
        self.rotate_key_with_progress(unlocked, env, now, &mut |_| {})
    }

    /// [`Vault::rotate_key`], reporting each data key unwrapped and rewrapped so a caller
    /// can show progress. `progress` must not fail or block: it runs inside the write
    /// transaction.
    pub fn rotate_key_with_progress(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        now: bool,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(u32, usize)> {
        let new_version = env.key_version + 1;
        let rewrapped = if now {
            self.rewrap_plan(unlocked, env, new_version, progress)?
        } else {
            Vec::new()
        };
        let tx = self.write_tx()?;
        Self::insert_env_key(&tx, unlocked, env.project_id, env.id, new_version)?;
        tx.execute(
            "UPDATE envs SET key_version = ?1, revision = revision + 1 WHERE id = ?2",
            params![new_version, env.id.to_string()],
        )?;
        let new_key = &unlocked.env_keys[&(env.id, new_version)];
        let total = rewrapped.len() as u64;
        for (done, r) in rewrapped.iter().enumerate() {
            progress(Progress::Rewrapping {
                done: done as u64,
                total,
            });
            let aad = Aad::DataKey {
                project_id: env.project_id,
                env_id: env.id,
                name: &r.name,
                version: r.version,
                key_version: new_version,
            };
            let wrapped = crypto::wrap_key(new_key, &aad, &r.data_key);
            tx.execute(
                "UPDATE versions SET key_version = ?1, wrapped_data_key = ?2
                 WHERE item_id = ?3 AND version = ?4",
                params![new_version, wrapped, r.item_id, r.version],
            )?;
        }
        progress(Progress::Rewrapping { done: total, total });
        let mut event = audit::Event::new("rotate-key", &env.project, &env.name);
        event.detail = format!("key version {new_version}, rewrapped {}", rewrapped.len());
        self.audit(&tx, &event)?;
        tx.commit()?;
        Ok((new_version, rewrapped.len()))
    }

    /// Unwraps every data key of `env` not yet under `target` (done before the write
    /// transaction so a damaged key aborts the rotation with nothing changed).
    fn rewrap_plan(
        &self,
        unlocked: &mut Unlocked,
        env: &Env,
        target: u32,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<Rewrap>> {
        let mut stmt = self.conn.prepare(
            "SELECT v.item_id, i.name, v.version, v.key_version, v.wrapped_data_key
             FROM versions v JOIN items i ON i.id = v.item_id
             WHERE i.env_id = ?1 AND v.key_version <> ?2",
        )?;
        let rows = stmt
            .query_map(params![env.id.to_string(), target], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u64>(2)?,
                    r.get::<_, u32>(3)?,
                    r.get::<_, Vec<u8>>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut plan = Vec::with_capacity(rows.len());
        let total = rows.len() as u64;
        for (done, (item_id, name, version, key_version, wrapped)) in rows.into_iter().enumerate() {
            progress(Progress::Unwrapping {
                done: done as u64,
                total,
            });
            let env_key = self.env_key(unlocked, env, key_version)?;
            let aad = Aad::DataKey {
                project_id: env.project_id,
                env_id: env.id,
                name: &name,
                version,
                key_version,
            };
            let data_key =
                crypto::unwrap_key(env_key, &aad, &wrapped).map_err(|_| VaultError::Corrupt {
                    what: format!("item {name} version {version} in {}", env.label()),
                })?;
            plan.push(Rewrap {
                item_id,
                name,
                version,
                data_key,
            });
        }
        Ok(plan)
    }
}

fn header_damaged(why: String) -> VaultError {
    VaultError::Damaged {
        what: "the vault header".into(),
        why,
    }
}

struct Rewrap {
    item_id: i64,
    name: String,
    version: u64,
    data_key: SecretKey,
}
