//! `member` and `device`: the team commands (issue 11, docs/teams.md). What they print
//! about keys (given, pinned, unconfirmed, exposed, rotated) is shared here, so every
//! command that completes grants or removes access says it the same way.

pub mod changes;
pub mod device;
pub mod member;

use super::flags::Flags;
use super::{Global, words};
use crate::output;
use crate::sync::{self, Connection};
use crate::team::{self, Exposed, GrantReport, RotationOutcome};
use crate::vault::{Env, Unlocked, Vault};
use crate::wire::team::AccessChange;

/// A role from the command line (clap's value parser for `--role` and `member role`).
pub fn parse_role(s: &str) -> Result<crate::wire::team::Role, String> {
    crate::wire::team::Role::parse(s)
        .ok_or_else(|| "expected viewer, reader, writer or admin".to_string())
}

/// Says which keys were given, who was pinned on first use and who got nothing.
pub fn print_grants(g: &Global, report: &GrantReport) {
    for s in &report.first_use {
        output::note(&format!(
            "pinned {}'s device {} on first use: fingerprint {} (compare it with theirs)",
            output::escape(&s.user_name),
            output::escape(&s.device_name),
            s.fingerprint
        ));
    }
    for given in &report.given {
        output::note(&format!(
            "gave the keys of {} to {} ({}): key {}",
            given.env,
            output::escape(&given.user_name),
            output::escape(&given.device_name),
            words::list_versions(&given.key_versions)
        ));
    }
    for t in &report.tokens {
        output::note(&format!(
            "gave service token {} the keys of {}: key {}",
            output::escape(&t.token),
            t.env,
            words::list_versions(&t.key_versions)
        ));
    }
    for t in &report.unpinned_tokens {
        output::warn(&format!(
            "service token {} lacks key {} of {}: it was not made on this device, so it got nothing here; the device that made it gives it on its next push or pull",
            output::escape(&t.token),
            words::list_versions(&t.key_versions),
            t.env
        ));
    }
    for refused in &report.refused {
        output::warn(&format!(
            "{}: the server lists it as a recipient, and it got no keys",
            output::escape(refused)
        ));
    }
    for s in &report.unconfirmed {
        output::warn(&format!(
            "{} has an unconfirmed device key {} ({}): it got no keys; run `{}` if {} added it",
            output::escape(&s.user_name),
            s.fingerprint,
            output::escape(&s.device_name),
            Flags::from_global(g).command(&format!(
                "device approve {} --user {} --fingerprint {}",
                output::escape(&s.device_name),
                output::escape(&s.user_name),
                s.fingerprint
            )),
            output::escape(&s.user_name),
        ));
    }
}

/// Completes grants in every environment of this vault that syncs with `conn`'s server.
pub fn complete_all(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
) -> anyhow::Result<GrantReport> {
    let mut report = GrantReport::default();
    for env in bound_envs(vault, conn, None)? {
        report.extend(team::complete_grants(vault, unlocked, conn, &env)?);
    }
    Ok(report)
}

/// The environments here (of `project`, or all) that sync with `conn`'s server.
pub fn bound_envs(
    vault: &Vault,
    conn: &Connection,
    project: Option<&crate::vault::Project>,
) -> anyhow::Result<Vec<Env>> {
    let projects = match project {
        Some(p) => vec![p.clone()],
        None => vault.projects()?,
    };
    let mut out = Vec::new();
    for p in &projects {
        for env in vault.envs(p)? {
            if vault
                .sync_state(&env)?
                .is_some_and(|s| s.server_id == conn.remote.server_id)
            {
                out.push(env);
            }
        }
    }
    Ok(out)
}

/// What a removal printed with `--json`.
#[derive(serde::Serialize)]
struct RemovalReport {
    exposed: Vec<Exposed>,
    rotations: Vec<RotationOutcome>,
}

/// After the server removed access: prints what was exposed, then rotates each
/// environment this device can (`now`: rewrap every data key) and says what is pending.
pub fn after_removal(
    g: &Global,
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    change: &AccessChange,
    now: bool,
    json: bool,
) -> anyhow::Result<()> {
    let exposed = team::exposed(vault, change)?;
    if !json {
        print_exposed(&exposed);
    }
    let mut rotations = Vec::with_capacity(change.rotate.len());
    for pending in &change.rotate {
        let outcome = team::rotate_after_removal(
            vault,
            unlocked,
            conn,
            pending.env_id,
            pending.min_key_version,
            now,
        )?;
        if !json {
            print_rotation(g, &outcome);
        }
        rotations.push(outcome);
    }
    if json {
        output::json(&RemovalReport { exposed, rotations })?;
    }
    Ok(())
}

fn print_exposed(exposed: &[Exposed]) {
    if exposed.is_empty() {
        output::note("nothing was exposed: they held no env key");
        return;
    }
    output::warn("exposed: rotate these values (they could decrypt them)");
    for e in exposed {
        if !e.here {
            output::note(&format!(
                "  environment {} (not in this vault: pull it to see its names)",
                e.env
            ));
            continue;
        }
        for name in &e.names {
            output::note(&format!("  {}: {}", e.env, output::escape(name)));
        }
        if e.names.is_empty() {
            output::note(&format!("  {}: (no items)", e.env));
        }
    }
}

/// Says what happened to one environment's key.
pub fn print_rotation(g: &Global, outcome: &RotationOutcome) {
    match outcome {
        RotationOutcome::Rotated {
            env,
            key_version,
            rewrapped,
            grants,
        } => {
            output::note(&format!(
                "{env} now uses key version {key_version} (rewrapped {}); later versions are closed to them",
                words::count(*rewrapped as u64, "data key")
            ));
            print_grants(g, grants);
        }
        RotationOutcome::AlreadyRotated { env, key_version } => {
            output::note(&format!("{env} already uses key version {key_version}"));
        }
        RotationOutcome::Pending { env, why } => output::warn(&format!(
            "rotation pending for {env}: {why}; the next writer or admin device that pushes it rotates first"
        )),
    }
}

/// The project (and environment) a team command acts on, as the server knows them.
pub struct Scope {
    /// The server's project id.
    pub project_id: uuid::Uuid,
    /// The environment `-e` named, if any (only the flag: a context default must not
    /// narrow a grant).
    pub env_id: Option<uuid::Uuid>,
    /// `project` or `project/env`, for messages.
    pub label: String,
}

/// Resolves the context's project on the server: the local project's id when the server
/// has it, else the server's project of that name (an admin who never pulled it has a
/// local project of the same name with another id), and `-e` among its environments.
pub fn scope(g: &Global, vault: &Vault, conn: &mut Connection) -> anyhow::Result<Scope> {
    let (name, _) = super::session::complete_context(vault, super::session::context(g)?)?;
    let name = name.value;
    let local = vault.project(&name).ok();
    let projects: Vec<crate::wire::RemoteProject> = conn.transport.get("v1/projects")?;
    let found = local
        .as_ref()
        .and_then(|l| projects.iter().find(|p| p.id == l.id))
        .or_else(|| projects.iter().find(|p| p.name == name))
        .ok_or_else(|| team::TeamError::ProjectNotOnServer(name.clone()))?;
    let project_id = found.id;
    let Some(env) = g.env.as_deref() else {
        return Ok(Scope {
            project_id,
            label: name,
            env_id: None,
        });
    };
    let envs: Vec<crate::wire::RemoteEnv> = conn
        .transport
        .get(&format!("v1/projects/{project_id}/envs"))?;
    let label = format!("{name}/{env}");
    let env_id = envs
        .iter()
        .find(|e| e.name == env)
        .map(|e| e.id)
        .ok_or_else(|| crate::sync::SyncError::Missing(label.clone()))?;
    Ok(Scope {
        project_id,
        env_id: Some(env_id),
        label,
    })
}

/// Connects to the selected server.
pub fn connect(g: &Global, vault: &mut Vault, unlocked: &Unlocked) -> anyhow::Result<Connection> {
    let server = super::session::server(g)?;
    Ok(sync::connect(vault, unlocked, server.as_deref())?)
}
