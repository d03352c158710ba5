//! Using a service token: one request to the server (`POST /v1/use-token`), then the
//! token's identity from both shares, the env keys from their wraps, and every value
//! decrypted in memory. No vault, no config, nothing written to disk.
//!
//! The server's answer is untrusted input: names pass the same checks as a pull's
//! (`sync::untrusted`), and every value must open under the AAD of its place, so a server
//! cannot move a ciphertext to another name or environment. It must never log or return a
//! value in an error.
//!
//! An environment's ancestors (the server's parent links) are opened with their own keys
//! and AAD, and their items fill in names the environment lacks, nearest first: the same
//! set a vault's `inject` gives.

use std::collections::HashMap;

use super::{ServiceToken, TokenError};
use crate::crypto::{self, Aad, DeviceIdentity, SecretKey};
use crate::sync::transport::{Retry, Transport};
use crate::sync::{SyncError, untrusted};
use crate::vault::{ItemInfo, Kind, Revealed};
use crate::wire::token::{TokenEnvGrant, TokenGrant, TokenParentGrant, UseToken};
use crate::wire::{ItemKind, ItemVersion};

/// One environment's values, decrypted.
pub struct OpenedEnv {
    /// Project name.
    pub project: String,
    /// Environment name.
    pub env: String,
    /// Its items, by name.
    pub items: Vec<Revealed>,
    /// Its project's and its own id (what an encrypted env file binds).
    pub ids: (uuid::Uuid, uuid::Uuid),
    /// Its ancestors' ids, nearest first (whose items it inherits).
    pub parents: Vec<uuid::Uuid>,
    /// The env keys the token received, by version (to open an encrypted env file).
    pub keys: Vec<(u32, SecretKey)>,
}

/// What a token opened.
pub struct Opened {
    /// The token's name.
    pub name: String,
    /// Whether it may push.
    pub write: bool,
    /// Its environments.
    pub envs: Vec<OpenedEnv>,
}

impl Opened {
    /// The environment `asked` (by name), or the only one.
    pub fn pick(self, asked: Option<&str>) -> Result<OpenedEnv, TokenError> {
        let names = || {
            self.envs
                .iter()
                .map(|e| e.env.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match asked {
            Some(asked) => {
                let have = names();
                self.envs
                    .into_iter()
                    .find(|e| e.env == asked)
                    .ok_or_else(|| TokenError::NotInToken {
                        asked: asked.to_string(),
                        have,
                    })
            }
            None if self.envs.len() == 1 => Ok(self.envs.into_iter().next().expect("one")),
            None => Err(TokenError::WhichEnv(names())),
        }
    }
}

/// Asks the server for the token's grant and opens it.
pub fn open(token: &ServiceToken) -> Result<Opened, TokenError> {
    let grant = fetch(token)?;
    let share = SecretKey::from_slice(&grant.share).ok_or_else(|| {
        TokenError::Sync(SyncError::Protocol(
            "the server's share of the token is not 32 bytes".into(),
        ))
    })?;
    let identity = token.identity(&share);
    let envs = grant
        .envs
        .iter()
        .map(|env| open_env(&identity, env))
        .collect::<Result<_, _>>()?;
    Ok(Opened {
        name: grant.name,
        write: grant.write,
        envs,
    })
}

/// The one request, with the CI's OIDC ID token when there is one. Never retried once it
/// may have reached the server: a use counts against `--max-uses`.
pub(super) fn fetch(token: &ServiceToken) -> Result<TokenGrant, TokenError> {
    let id_token = super::oidc::id_token()?;
    let body = UseToken {
        oidc_token: id_token.as_ref().map(|t| t.to_string()),
    };
    let body = zeroize::Zeroizing::new(serde_json::to_vec(&body).expect("strings serialize"));
    let mut transport = Transport::new(&token.urls, false)?;
    transport.set_token(token.credential());
    match transport.post_raw("v1/use-token", body.to_vec(), Retry::Never) {
        Ok(grant) => Ok(grant),
        Err(SyncError::Unauthorized { message } | SyncError::Forbidden { message, .. }) => {
            Err(TokenError::Refused(message))
        }
        Err(e) => Err(e.into()),
    }
}

fn untrusted_err(env: &str, r: untrusted::Refusal) -> TokenError {
    TokenError::Sync(SyncError::Protocol(format!(
        "refusing the server's answer for {env}: the {} {} is not acceptable ({})",
        r.what, r.shown, r.why
    )))
}

fn open_env(identity: &DeviceIdentity, env: &TokenEnvGrant) -> Result<OpenedEnv, TokenError> {
    let label = format!(
        "{}/{}",
        untrusted::cut(&env.project, 64),
        untrusted::cut(&env.env, 64)
    );
    let remote = crate::wire::RemoteEnv {
        serve_config: false,
        id: env.env_id,
        project_id: env.project_id,
        name: env.env.clone(),
        parent_id: None,
        revision: env.revision,
        keys: Vec::new(),
        role: None,
        min_key_version: 0,
    };
    untrusted::check_env(&remote).map_err(|r| untrusted_err(&label, r))?;
    let project = crate::wire::RemoteProject {
        id: env.project_id,
        name: env.project.clone(),
    };
    untrusted::check_project(&project).map_err(|r| untrusted_err(&label, r))?;
    let keys = open_keys(identity, &env.keys, &label)?;
    let place = Place {
        project_id: env.project_id,
        env_id: env.env_id,
        env: &env.env,
    };
    let mut items = Vec::with_capacity(env.items.len());
    for v in &env.items {
        untrusted::check_version(v).map_err(|r| untrusted_err(&label, r))?;
        items.push(open_item(&place, &keys, v, &label)?);
    }
    if !env.parents.is_empty() {
        inherit(identity, env, &mut items)?;
    }
    Ok(OpenedEnv {
        project: env.project.clone(),
        env: env.env.clone(),
        items,
        ids: (env.project_id, env.env_id),
        parents: env.parents.iter().map(|p| p.env_id).collect(),
        keys: keys.into_iter().collect(),
    })
}

/// Where items are sealed (what their AAD binds) and the environment's name.
struct Place<'a> {
    project_id: uuid::Uuid,
    env_id: uuid::Uuid,
    env: &'a str,
}

pub(super) fn open_keys(
    identity: &DeviceIdentity,
    wraps: &[crate::wire::WrappedKey],
    label: &str,
) -> Result<HashMap<u32, SecretKey>, TokenError> {
    let mut keys = HashMap::new();
    for w in wraps {
        let key = identity
            .unwrap_key(&w.wrapped)
            .map_err(|_| TokenError::Undecryptable {
                env: label.to_string(),
                what: format!("key version {}", w.key_version),
            })?;
        keys.insert(w.key_version, key);
    }
    Ok(keys)
}

/// Adds the items of `env`'s ancestors that `items` (its own) lacks, nearest ancestor
/// first, and sorts the whole by name as a vault's `inject` lists it.
fn inherit(
    identity: &DeviceIdentity,
    env: &TokenEnvGrant,
    items: &mut Vec<Revealed>,
) -> Result<(), TokenError> {
    let mut seen: std::collections::HashSet<String> =
        items.iter().map(|i| i.info.name.clone()).collect();
    for parent in &env.parents {
        let label = parent_label(env, parent)?;
        let keys = open_keys(identity, &parent.keys, &label)?;
        let place = Place {
            project_id: env.project_id,
            env_id: parent.env_id,
            env: &parent.env,
        };
        for v in &parent.items {
            untrusted::check_version(v).map_err(|r| untrusted_err(&label, r))?;
            if seen.insert(v.name.clone()) {
                items.push(open_item(&place, &keys, v, &label)?);
            }
        }
    }
    items.sort_by(|a, b| a.info.name.cmp(&b.info.name));
    Ok(())
}

/// `project/parent` after checking the parent's name like any environment's.
fn parent_label(env: &TokenEnvGrant, parent: &TokenParentGrant) -> Result<String, TokenError> {
    let label = format!(
        "{}/{}",
        untrusted::cut(&env.project, 64),
        untrusted::cut(&parent.env, 64)
    );
    let remote = crate::wire::RemoteEnv {
        serve_config: false,
        id: parent.env_id,
        project_id: env.project_id,
        name: parent.env.clone(),
        parent_id: None,
        revision: 0,
        keys: Vec::new(),
        role: None,
        min_key_version: 0,
    };
    untrusted::check_env(&remote).map_err(|r| untrusted_err(&label, r))?;
    Ok(label)
}

fn open_item(
    env: &Place<'_>,
    keys: &HashMap<u32, SecretKey>,
    v: &ItemVersion,
    label: &str,
) -> Result<Revealed, TokenError> {
    let fail = |what: String| TokenError::Undecryptable {
        env: label.to_string(),
        what,
    };
    let env_key = keys
        .get(&v.key_version)
        .ok_or_else(|| TokenError::KeyVersionMissing {
            env: label.to_string(),
            name: v.name.clone(),
            key_version: v.key_version,
        })?;
    let key_aad = Aad::DataKey {
        project_id: env.project_id,
        env_id: env.env_id,
        name: &v.name,
        version: v.version,
        key_version: v.key_version,
    };
    let data_key = crypto::unwrap_key(env_key, &key_aad, &v.wrapped_data_key)
        .map_err(|_| fail(format!("{} version {}", v.name, v.version)))?;
    let is_config = v.kind == ItemKind::Config;
    let value_aad = Aad::Value {
        project_id: env.project_id,
        env_id: env.env_id,
        name: &v.name,
        version: v.version,
        is_config,
        literal: v.literal,
    };
    let value = crypto::open(&data_key, &value_aad, &v.ciphertext)
        .map_err(|_| fail(format!("{} version {}", v.name, v.version)))?;
    Ok(Revealed {
        info: ItemInfo {
            name: v.name.clone(),
            kind: if is_config {
                Kind::Config
            } else {
                Kind::Secret
            },
            literal: v.literal,
            version: v.version,
            updated_at: v.created_at,
            env: env.env.to_string(),
            deleted: false,
        },
        value,
    })
}
