//! Grant completion (decision 9 of docs/teams.md): a device that holds an environment's
//! keys wraps the versions it holds to every trusted recipient that lacks them, so a grant
//! made while the new member was offline completes on the next sync of anyone who holds
//! the keys; nobody has to be online at the same moment.
//!
//! Service tokens (docs/tokens.md) get newer key versions the same way, from an admin's
//! device, and only when their recipient is pinned here: the device that made a token
//! pinned it, so a recipient the server adds to its list gets nothing.

use std::collections::BTreeMap;

use super::trust::{self, Seen, Trust};
use super::{Result, api};
use crate::sync::{Connection, untrusted};
use crate::vault::{Env, PinSource, Unlocked, Vault};
use crate::wire::WrappedKey;
use crate::wire::team::Recipient;
use crate::wire::token::TokenWrap;

/// Keys given to one device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Given {
    /// `project/env`.
    pub env: String,
    /// The user.
    pub user_name: String,
    /// Their device.
    pub device_name: String,
    /// Key versions wrapped to it now.
    pub key_versions: Vec<u32>,
}

/// What grant completion did for one environment.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GrantReport {
    /// Keys given.
    pub given: Vec<Given>,
    /// Recipients pinned on first use (their user was new here).
    pub first_use: Vec<Seen>,
    /// Recipients that lack keys but are not confirmed here: they got nothing.
    pub unconfirmed: Vec<Seen>,
    /// Entries of the server's list that no client could have made (a name that would
    /// act on a terminal, a recipient that is not an age key): they got nothing.
    pub refused: Vec<String>,
    /// Keys given to service tokens.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<TokenGiven>,
    /// Service tokens that lack a key version but were not made on this device (their
    /// recipient is not pinned here): they got nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unpinned_tokens: Vec<TokenGiven>,
}

/// Keys given (or not) to one service token.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenGiven {
    /// `project/env`.
    pub env: String,
    /// The token's name.
    pub token: String,
    /// Key versions wrapped to it now (or that it lacks).
    pub key_versions: Vec<u32>,
}

impl GrantReport {
    /// Adds another environment's report.
    pub fn extend(&mut self, other: GrantReport) {
        self.given.extend(other.given);
        for s in other.first_use {
            if !self.first_use.contains(&s) {
                self.first_use.push(s);
            }
        }
        for s in other.unconfirmed {
            if !self.unconfirmed.contains(&s) {
                self.unconfirmed.push(s);
            }
        }
        for s in other.refused {
            if !self.refused.contains(&s) {
                self.refused.push(s);
            }
        }
        self.tokens.extend(other.tokens);
        self.unpinned_tokens.extend(other.unpinned_tokens);
    }
}

/// For each recipient that may receive keys, the versions of `held` it lacks (by index
/// into `recipients`), in order.
pub fn plan(held: &[u32], recipients: &[Recipient], trust: &[Trust]) -> Vec<(usize, Vec<u32>)> {
    recipients
        .iter()
        .zip(trust)
        .enumerate()
        .filter(|(_, (_, t))| **t != Trust::Unconfirmed)
        .filter_map(|(i, (r, _))| {
            let missing: Vec<u32> = held
                .iter()
                .copied()
                .filter(|v| !r.key_versions.contains(v))
                .collect();
            (!missing.is_empty()).then_some((i, missing))
        })
        .collect()
}

/// Makes sure this device's own recipient is pinned for its user, so another device of
/// the same user is never taken on first use.
pub fn pin_self(vault: &mut Vault, conn: &Connection) -> Result<()> {
    let mine = conn.identity.recipient();
    if !vault
        .pins(conn.remote.server_id)?
        .iter()
        .any(|p| p.user_id == conn.remote.user_id && p.recipient == mine)
    {
        let device = vault.device().to_string();
        vault.add_pin(
            conn.remote.server_id,
            conn.remote.user_id,
            "",
            &device,
            &mine,
            PinSource::Own,
        )?;
    }
    Ok(())
}

/// Wraps every env key version of `env` held here to every trusted recipient the server
/// lists without it, pinning users seen for the first time. Nothing is asked of a
/// server where this user may not list recipients (a viewer) or one that predates teams.
pub fn complete_grants(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
) -> Result<GrantReport> {
    let mut report = GrantReport::default();
    let held = vault.env_key_versions(env)?;
    if held.is_empty() {
        return Ok(report);
    }
    let Some(listed) = api::recipients(conn, env.id)? else {
        return Ok(report);
    };
    let mut recipients = Vec::with_capacity(listed.len());
    for r in listed {
        match untrusted::check_recipient(&r) {
            Ok(()) => recipients.push(r),
            Err(why) => report.refused.push(format!(
                "the {} {} listed for {} ({})",
                why.what,
                why.shown,
                env.label(),
                why.why
            )),
        }
    }
    pin_self(vault, conn)?;
    let server = conn.remote.server_id;
    let verdicts = trust::classify(
        &recipients,
        &vault.pins(server)?,
        conn.remote.user_id,
        &conn.identity.recipient(),
    );
    for (r, t) in recipients.iter().zip(&verdicts) {
        let lacks = held.iter().any(|v| !r.key_versions.contains(v));
        match t {
            Trust::FirstUse => {
                vault.add_pin(
                    server,
                    r.user_id,
                    &r.user_name,
                    &r.device_name,
                    &r.recipient,
                    PinSource::FirstUse,
                )?;
                report.first_use.push(trust::seen(r, *t));
            }
            Trust::Unconfirmed if lacks => report.unconfirmed.push(trust::seen(r, *t)),
            _ => {}
        }
    }
    let planned = plan(&held, &recipients, &verdicts);
    let mut by_version: BTreeMap<u32, Vec<WrappedKey>> = BTreeMap::new();
    for (i, versions) in &planned {
        let r = &recipients[*i];
        for v in versions {
            let wrapped = vault.wrap_env_key_to(unlocked, env, *v, &r.recipient)?;
            by_version.entry(*v).or_default().push(WrappedKey {
                key_version: *v,
                recipient: r.recipient.clone(),
                wrapped,
            });
        }
    }
    for (version, wraps) in by_version {
        api::put_wraps(conn, env.id, version, wraps)?;
    }
    complete_token_grants(vault, unlocked, conn, env, &held, &mut report)?;
    let mine = conn.identity.recipient();
    for (i, versions) in planned {
        let r = &recipients[i];
        if r.recipient == mine {
            continue;
        }
        report.given.push(Given {
            env: env.label(),
            user_name: r.user_name.clone(),
            device_name: r.device_name.clone(),
            key_versions: versions,
        });
    }
    Ok(report)
}

/// The key versions of `held` newer than every version the token holds: a token gets the
/// versions started after it was made, never older ones it was not given.
pub fn token_plan(held: &[u32], has: &[u32]) -> Vec<u32> {
    let newest = has.iter().copied().max().unwrap_or(0);
    held.iter().copied().filter(|v| *v > newest).collect()
}

/// Wraps newer key versions of `env` to the live service tokens holding its keys whose
/// recipient is pinned here (made on this device). Asks nothing where this user is not an
/// admin of `env` (the server answers 403) or of a server without tokens.
fn complete_token_grants(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    env: &Env,
    held: &[u32],
    report: &mut GrantReport,
) -> Result<()> {
    let Some(listed) = api::token_recipients(conn, env.id)? else {
        return Ok(());
    };
    let pins = vault.pins(conn.remote.server_id)?;
    let mut wraps = Vec::new();
    for t in listed {
        let versions = token_plan(held, &t.key_versions);
        if versions.is_empty() {
            continue;
        }
        let given = TokenGiven {
            env: env.label(),
            token: untrusted::cut(&t.name, 64),
            key_versions: versions.clone(),
        };
        let pinned = uuid::Uuid::parse_str(&t.token_id).is_ok_and(|id| {
            pins.iter()
                .any(|p| p.user_id == id && p.recipient == t.recipient)
        });
        if !pinned {
            report.unpinned_tokens.push(given);
            continue;
        }
        for v in versions {
            wraps.push(TokenWrap {
                token_id: t.token_id.clone(),
                wrap: WrappedKey {
                    key_version: v,
                    recipient: t.recipient.clone(),
                    wrapped: vault.wrap_env_key_to(unlocked, env, v, &t.recipient)?,
                },
            });
        }
        report.tokens.push(given);
    }
    if !wraps.is_empty() {
        api::put_token_wraps(conn, env.id, wraps)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn r(versions: &[u32]) -> Recipient {
        Recipient {
            user_id: Uuid::from_u128(2),
            user_name: "bob".into(),
            device_id: Uuid::from_u128(3),
            device_name: "bob@laptop".into(),
            recipient: "age1bob".into(),
            key_versions: versions.to_vec(),
        }
    }

    #[test]
    fn each_trusted_recipient_gets_the_held_versions_it_lacks() {
        let rs = [r(&[1]), r(&[]), r(&[1, 2, 3])];
        let trust = [Trust::Pinned, Trust::FirstUse, Trust::Pinned];
        assert_eq!(
            plan(&[1, 2], &rs, &trust),
            vec![(0, vec![2]), (1, vec![1, 2])]
        );
    }

    #[test]
    fn a_token_gets_only_the_versions_started_after_its_newest() {
        assert_eq!(token_plan(&[1, 2, 3], &[2]), vec![3]);
        assert_eq!(token_plan(&[1, 2], &[2]), Vec::<u32>::new());
        assert_eq!(token_plan(&[1, 2, 3], &[1, 3]), Vec::<u32>::new());
    }

    #[test]
    fn unconfirmed_recipients_get_nothing() {
        let rs = [r(&[])];
        assert!(plan(&[1, 2], &rs, &[Trust::Unconfirmed]).is_empty());
    }
}
