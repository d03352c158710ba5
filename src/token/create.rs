//! Making a service token on an admin's device that holds the environments' keys: two
//! random shares, the token's identity from both, every env key version the environment's
//! current items need (and the newest) wrapped to that identity's recipient, and one upload
//! of the server's share, the auth verifier, the scope and the wraps.
//!
//! Environments the named ones inherit from (their parents, as `inject` follows them) get
//! their keys wrapped too, so the token opens what a vault's `inject` would use.
//!
//! The device keeps nothing of the token but a pin of its recipient (so its own later key
//! versions reach the token: `team::grants`); the caller shows the text once. It must
//! never send the token's own share or the auth secret to the server.

use std::collections::BTreeSet;

use super::{ServiceToken, TokenError};
use crate::crypto::SecretBytes;
use crate::sync::{Connection, Retry, SyncError};
use crate::vault::{Env, PinSource, Unlocked, Vault};
use crate::wire::token::{CreateServiceToken, ServiceTokenInfo, TokenEnvKeys, TokenScope};
use crate::wire::{Snapshot, WrappedKey};

/// What to make.
pub struct Request {
    /// The token's name.
    pub name: String,
    /// Its environments (each already pushed).
    pub envs: Vec<Env>,
    /// Its scope.
    pub scope: TokenScope,
}

/// A token made: its text (to show once) and what the server stored.
pub struct Created {
    /// The token string.
    pub token: SecretBytes,
    /// The server's record.
    pub info: ServiceTokenInfo,
}

/// Makes the token and stores the server's part.
pub fn create(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    req: Request,
) -> Result<Created, TokenError> {
    let names: Vec<&str> = req.envs.iter().map(|e| e.name.as_str()).collect();
    let new = ServiceToken::generate(&names, &conn.remote.urls);
    let recipient = new.token.identity(&new.server_share).recipient();
    let mut envs = Vec::with_capacity(req.envs.len());
    for env in &req.envs {
        envs.push(env_keys(vault, unlocked, conn, env, &recipient)?);
    }
    let mut inherited: Vec<TokenEnvKeys> = Vec::new();
    for ancestor in ancestors(vault, &req.envs)? {
        inherited.push(env_keys(vault, unlocked, conn, &ancestor, &recipient)?);
    }
    // Pinned before the upload: a token the server stored is always one this device
    // will give its next key versions to.
    let token_uuid = uuid::Uuid::parse_str(&new.token.id).expect("16 random bytes in hex");
    vault.add_pin(
        conn.remote.server_id,
        token_uuid,
        &format!("token:{}", req.name),
        "service token",
        &recipient,
        PinSource::Own,
    )?;
    let body = CreateServiceToken {
        id: new.token.id.clone(),
        name: req.name,
        recipient,
        share: new.server_share.expose().to_vec(),
        verifier: new.token.verifier().to_vec(),
        scope: req.scope,
        envs,
        inherited,
    };
    let info = conn
        .transport
        .post("v1/service-tokens", &body, Retry::Never)?;
    Ok(Created {
        token: new.token.expose_text(),
        info,
    })
}

/// The environments `envs` inherit from that are not among them, each once.
fn ancestors(vault: &Vault, envs: &[Env]) -> Result<Vec<Env>, TokenError> {
    let mut out: Vec<Env> = Vec::new();
    for env in envs {
        for a in vault.chain(env)?.into_iter().skip(1) {
            if !envs.iter().chain(&out).any(|e| e.id == a.id) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// The key versions of `env` a token needs, each wrapped to `recipient`.
fn env_keys(
    vault: &Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    recipient: &str,
) -> Result<TokenEnvKeys, TokenError> {
    let wraps = needed_versions(vault, conn, env)?
        .into_iter()
        .map(|v| {
            Ok(WrappedKey {
                key_version: v,
                recipient: recipient.to_string(),
                wrapped: vault.wrap_env_key_to(unlocked, env, v, recipient)?,
            })
        })
        .collect::<Result<_, TokenError>>()?;
    Ok(TokenEnvKeys {
        env_id: env.id,
        wraps,
    })
}

/// The key versions the server's current items of `env` are sealed under, and the newest
/// one held here (so values pushed next still open); each must be held here.
fn needed_versions(
    vault: &Vault,
    conn: &mut Connection,
    env: &Env,
) -> Result<BTreeSet<u32>, TokenError> {
    let snapshot: Snapshot = match conn.transport.get(&format!("v1/envs/{}/snapshot", env.id)) {
        Ok(s) => s,
        Err(SyncError::NotFound { .. }) => return Err(TokenError::NotPushed(env.label())),
        Err(e) => return Err(e.into()),
    };
    let held = vault.env_key_versions(env)?;
    let mut needed: BTreeSet<u32> = snapshot.items.iter().map(|i| i.key_version).collect();
    needed.extend(held.last().copied());
    if let Some(missing) = needed.iter().find(|v| !held.contains(v)) {
        return Err(TokenError::Sync(SyncError::NoKey {
            env: env.label(),
            key_version: *missing,
        }));
    }
    Ok(needed)
}
