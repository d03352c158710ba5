//! Writing with a `--write` service token (`set`, `import` with `SECRETSCLI_TOKEN`): the
//! token's use opens the env keys as a read does, each value is sealed here under the
//! newest env key version the token holds (the same data key wrapping and AAD as a
//! device's push), and one push goes to `POST /v1/envs/{id}/token-push`, authenticated by
//! the token's own credential. The server checks the token again (and `--write`, the
//! environment and the `--names` globs) and appends as its creator would.
//!
//! Nothing is written to disk, and no value leaves this process unsealed: it must never
//! put a value in an error, a log or the request in clear.

use std::collections::HashMap;

use super::{ServiceToken, TokenError};
use crate::crypto::{self, Aad, SecretKey};
use crate::sync::SyncError;
use crate::sync::transport::{Retry, Transport};
use crate::vault::{Kind, NewValue};
use crate::wire::token::TokenEnvGrant;
use crate::wire::{Change, ItemVersion, PushRequest, PushResponse};

/// One item written.
pub struct WrittenItem {
    /// Its name.
    pub name: String,
    /// The version written.
    pub version: u64,
    /// Whether it is new (no live version was visible to the token).
    pub created: bool,
}

/// What a write did.
pub struct Written {
    /// The token's name.
    pub token: String,
    /// `project/env`.
    pub env: String,
    /// The items, in the order given.
    pub items: Vec<WrittenItem>,
    /// The server's revision after the push.
    pub revision: i64,
}

/// Writes `values` to the token's environment (`asked`, or its only one).
pub fn write(
    token: &ServiceToken,
    asked: Option<&str>,
    values: Vec<NewValue>,
) -> Result<Written, TokenError> {
    let grant = super::open::fetch(token)?;
    if !grant.write {
        return Err(TokenError::ReadOnly(grant.name));
    }
    let share = SecretKey::from_slice(&grant.share).ok_or_else(|| {
        TokenError::Sync(SyncError::Protocol(
            "the server's share of the token is not 32 bytes".into(),
        ))
    })?;
    let identity = token.identity(&share);
    let env = pick(&grant.envs, asked)?;
    let label = format!("{}/{}", env.project, env.env);
    let keys = super::open::open_keys(&identity, &env.keys, &label)?;
    let Some((&key_version, env_key)) = keys.iter().max_by_key(|(v, _)| **v) else {
        return Err(TokenError::Undecryptable {
            env: label,
            what: "no env key was wrapped to the token".into(),
        });
    };
    let current: HashMap<&str, u64> = env
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.version))
        .collect();
    let author = format!("token:{}", grant.name);
    // A name given twice (an import's repeated key) is written once, with its last value.
    let values: Vec<NewValue> = {
        let mut last: HashMap<String, NewValue> = HashMap::new();
        let mut order = Vec::new();
        for v in values {
            if !last.contains_key(&v.name) {
                order.push(v.name.clone());
            }
            last.insert(v.name.clone(), v);
        }
        order.into_iter().filter_map(|n| last.remove(&n)).collect()
    };
    let mut items = Vec::with_capacity(values.len());
    let mut changes = Vec::with_capacity(values.len());
    for value in &values {
        crate::vault::check_key_name(&value.name)?;
        let now = current.get(value.name.as_str()).copied();
        let version = now.map_or(1, |v| v + 1);
        changes.push(Change::Version(seal(
            env,
            env_key,
            key_version,
            version,
            value,
            &author,
        )));
        items.push(WrittenItem {
            name: value.name.clone(),
            version,
            created: now.is_none(),
        });
    }
    let req = PushRequest {
        served: served_values(env, &values, &items),
        base_revision: env.revision,
        idempotency_key: uuid::Uuid::new_v4(),
        force: false,
        changes,
    };
    let response = push(token, env.env_id, &req)?;
    Ok(Written {
        token: grant.name,
        env: label,
        items,
        revision: response.revision,
    })
}

/// For an environment whose config the server serves, the clear value of each config
/// item written (as a device's push sends them; never a secret's), so the config API
/// serves what the token wrote instead of dropping the key until a device pushes it.
fn served_values(
    env: &TokenEnvGrant,
    values: &[NewValue],
    written: &[WrittenItem],
) -> Vec<crate::wire::config::ServedValue> {
    if !env.serve_config {
        return Vec::new();
    }
    values
        .iter()
        .zip(written)
        .filter(|(v, _)| v.kind == Kind::Config)
        .filter_map(|(v, w)| crate::sync::push::served_value(&v.name, w.version, &v.value))
        .collect()
}

fn pick<'a>(
    envs: &'a [TokenEnvGrant],
    asked: Option<&str>,
) -> Result<&'a TokenEnvGrant, TokenError> {
    let have = || {
        envs.iter()
            .map(|e| e.env.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match asked {
        Some(asked) => envs
            .iter()
            .find(|e| e.env == asked)
            .ok_or_else(|| TokenError::NotInToken {
                asked: asked.to_string(),
                have: have(),
            }),
        None if envs.len() == 1 => Ok(&envs[0]),
        None => Err(TokenError::WhichEnv(have())),
    }
}

/// A new version of `value`, sealed as a device's `set` seals it (`vault::items`).
fn seal(
    env: &TokenEnvGrant,
    env_key: &SecretKey,
    key_version: u32,
    version: u64,
    value: &NewValue,
    author: &str,
) -> ItemVersion {
    let data_key = SecretKey::random();
    let is_config = value.kind == Kind::Config;
    let value_aad = Aad::Value {
        project_id: env.project_id,
        env_id: env.env_id,
        name: &value.name,
        version,
        is_config,
        literal: value.literal,
    };
    let key_aad = Aad::DataKey {
        project_id: env.project_id,
        env_id: env.env_id,
        name: &value.name,
        version,
        key_version,
    };
    ItemVersion {
        name: value.name.clone(),
        version,
        kind: if is_config {
            crate::wire::ItemKind::Config
        } else {
            crate::wire::ItemKind::Secret
        },
        literal: value.literal,
        key_version,
        wrapped_data_key: crypto::wrap_key(env_key, &key_aad, &data_key),
        ciphertext: crypto::seal(&data_key, &value_aad, value.value.expose()),
        created_at: crate::vault::now_ms(),
        author: author.to_string(),
        previous: None,
    }
}

/// The push, with the token's credential. Retried like a device's push (it carries an
/// idempotency key, so a resend lands once).
fn push(
    token: &ServiceToken,
    env: uuid::Uuid,
    req: &PushRequest,
) -> Result<PushResponse, TokenError> {
    let mut transport = Transport::new(&token.urls, false)?;
    transport.set_token(token.credential());
    if let Some(id_token) = super::oidc::id_token()? {
        let value = crate::crypto::SecretBytes::new(id_token.as_bytes().to_vec());
        transport.set_secret_header(crate::wire::token::OIDC_HEADER, value);
    }
    let body = serde_json::to_vec(req).map_err(|e| SyncError::Protocol(e.to_string()))?;
    match transport.post_raw(&format!("v1/envs/{env}/token-push"), body, Retry::Safe) {
        Ok(r) => Ok(r),
        Err(SyncError::Unauthorized { message } | SyncError::Forbidden { message, .. }) => {
            Err(TokenError::Refused(message))
        }
        Err(e) => Err(e.into()),
    }
}
