//! `env serve-config`: asks the server to serve an environment's config items over its
//! config API (docs/config-api.md), sending the current value of each config item (the
//! server keeps those whose version it has as the item's latest), or to stop (the server
//! forgets every value it kept).
//!
//! Only config items' values leave the device in clear, and only for an environment an
//! admin chose to serve; a secret's value never does.

use super::{Connection, Result, push};
use crate::vault::{Env, Kind, Unlocked, Vault};
use crate::wire::config::{ServeConfig, ServeConfigDone};

/// Turns serving of `env` (known to the server as `env_id`) on or off.
pub fn serve_config(
    vault: &Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    env_id: uuid::Uuid,
    serve: bool,
) -> Result<ServeConfigDone> {
    let mut values = Vec::new();
    if serve {
        for r in vault.reveal_own(unlocked, env)? {
            if r.info.kind == Kind::Config {
                values.extend(push::served_value(&r.info.name, r.info.version, &r.value));
            }
        }
    }
    conn.transport.put(
        &format!("v1/envs/{env_id}/serve-config"),
        &ServeConfig { serve, values },
    )
}
