//! `pull`: bring in the server's log since the last pull, byte for byte.
//!
//! An environment that is not here yet is created under the server's ids (replacing a
//! pristine local one of the same name: the empty `dev` that `init` made, say). Env keys
//! come wrapped to this device's recipient, are opened with the identity and stored
//! wrapped by the root key like any other. Items changed here and not yet pushed are
//! conflicts: refused with their names unless the caller chose `theirs` or `ours`.

use super::{
    Connection, Progress, Result, SyncError, check_fetched, fetch_log, import_keys, remote_env,
};
use crate::vault::{AppliedChange, Env, Resolve, Unlocked, Vault};
use crate::wire;

/// What to do.
#[derive(Debug, Clone, Copy)]
pub struct PullOptions {
    /// Report what would change; change nothing.
    pub dry_run: bool,
    /// How to treat conflicts.
    pub resolve: Resolve,
}

/// The outcome of a pull.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PullReport {
    /// `project/env`.
    pub env: String,
    /// The server revision now applied (or that would be).
    pub revision: i64,
    /// Nothing was changed.
    pub dry_run: bool,
    /// The environment was created here from the server's.
    pub created_env: bool,
    /// Per item.
    pub items: Vec<AppliedChange>,
    /// Conflicts (resolved as asked, or, on a dry run, that would refuse the pull).
    pub conflicts: Vec<String>,
}

/// Finds the server's environment for `project`/`env` (names): by id when the local one
/// ever synced or was pushed, else by name through the project listing.
pub(crate) fn locate(
    vault: &Vault,
    conn: &mut Connection,
    project: &str,
    env: &str,
) -> Result<(Option<Env>, wire::RemoteEnv, String)> {
    let local = vault
        .project(project)
        .ok()
        .and_then(|p| vault.env(&p, env).ok());
    let label = format!("{project}/{env}");
    if let Some(l) = &local
        && let Some(r) = remote_env(conn, &label, l.id)?
    {
        return Ok((local, r, project.to_string()));
    }
    let rp = remote_project(vault, conn, project)?;
    let envs = envs_of(conn, &rp)?;
    let Some(found) = envs.into_iter().find(|e| e.name == env) else {
        return Err(SyncError::Missing(format!("environment {project}/{env}")));
    };
    let remote = remote_env(conn, &label, found.id)?
        .ok_or_else(|| SyncError::Missing(format!("environment {project}/{env}")))?;
    // Matched by id, the server's name is what this vault will call the project.
    super::untrusted::check_project(&rp)
        .map_err(|r| SyncError::untrusted(&label, remote.revision, r))?;
    Ok((local, remote, rp.name))
}

/// Pulls `project`/`env` (names) from the connected server, reporting the fetched entries
/// as they are applied (`progress` must not block: it runs inside the write transaction).
pub fn pull(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    conn: &mut Connection,
    project: &str,
    env_name: &str,
    opts: PullOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<PullReport> {
    let (local, remote, project_name) = locate(vault, conn, project, env_name)?;
    let mut report = PullReport {
        env: format!("{project_name}/{env_name}"),
        revision: remote.revision,
        dry_run: opts.dry_run,
        created_env: false,
        items: Vec::new(),
        conflicts: Vec::new(),
    };
    let env = match local.filter(|l| l.id == remote.id) {
        Some(env) => env,
        None => {
            report.created_env = true;
            if opts.dry_run {
                let (entries, _) = fetch_log(conn, &report.env, remote.id, 0)?;
                let mut names: Vec<String> = entries
                    .iter()
                    .map(|e| e.change.name().to_string())
                    .collect();
                names.sort();
                names.dedup();
                report.items = names
                    .into_iter()
                    .map(|name| AppliedChange {
                        name,
                        change: crate::vault::Applied::Created,
                    })
                    .collect();
                return Ok(report);
            }
            adopt(vault, conn, &remote, &project_name)?
        }
    };
    if let Some(state) = vault.sync_state(&env)?
        && state.server_id != conn.remote.server_id
    {
        return Err(SyncError::OtherServer {
            env: env.label(),
            urls: state.server_id.to_string(),
        });
    }
    let since = vault.sync_state(&env)?.map_or(0, |s| s.pulled_revision);
    if !opts.dry_run {
        vault.bind_env(&env, conn.remote.server_id)?;
        link_parent(vault, &env, &remote)?;
    }
    import_keys(vault, unlocked, conn, &env, &remote)?;
    let (entries, to) = fetch_log(conn, &report.env, env.id, since)?;
    check_fetched(vault, &env, &entries)?;
    let total = entries.len() as u64;
    let applied = vault.apply_incoming_with_progress(
        unlocked,
        &env,
        &entries,
        to,
        opts.resolve,
        opts.dry_run,
        &mut |done| progress(Progress::Applying { done, total }),
    )?;
    progress(Progress::Applying { done: total, total });
    report.revision = to;
    report.conflicts = applied.conflicts;
    if !report.conflicts.is_empty() && opts.resolve == Resolve::Refuse && !opts.dry_run {
        return Err(SyncError::Conflict {
            names: report.conflicts,
            revision: Some(to),
        });
    }
    report.items = applied.changes;
    Ok(report)
}

/// Takes the server's inheritance when this copy has none and the parent is here: an
/// environment pulled before its parent arrived gets its link on the next pull, once
/// [`pull_targets`] has brought the parent in. A local link is never replaced.
fn link_parent(vault: &mut Vault, env: &Env, remote: &wire::RemoteEnv) -> Result<()> {
    let (Some(parent_id), None) = (remote.parent_id, env.parent_id) else {
        return Ok(());
    };
    let Some(parent) = vault.env_with_id(parent_id)? else {
        return Ok(());
    };
    let project = vault.project(&env.project)?;
    vault.set_parent(&project, &env.name, Some(&parent.name))?;
    Ok(())
}

/// The names of the server's environments of `project` to pull, each parent before its
/// children (so a child arrives with its parent in place). With `only`, that environment
/// plus its ancestors that are not here yet; without, every environment of the project
/// the server lets this device see.
pub fn pull_targets(
    vault: &Vault,
    conn: &mut Connection,
    project: &str,
    only: Option<&str>,
) -> Result<Vec<String>> {
    let envs = project_envs(vault, conn, project)?;
    let by_id = |id: Option<uuid::Uuid>| id.and_then(|id| envs.iter().find(|e| e.id == id));
    let ancestors = |e: &wire::RemoteEnv| {
        let mut chain = Vec::new();
        let mut at = by_id(e.parent_id);
        // The server refuses cycles; the bound guards against a server that does not.
        while let Some(p) = at.filter(|_| chain.len() < envs.len()) {
            chain.push(p);
            at = by_id(p.parent_id);
        }
        chain
    };
    let mut chosen: Vec<&wire::RemoteEnv> = match only {
        None => envs.iter().collect(),
        Some(name) => {
            let Some(env) = envs.iter().find(|e| e.name == name) else {
                return Err(SyncError::Missing(format!("environment {project}/{name}")));
            };
            let mut chosen = vec![env];
            for a in ancestors(env) {
                if vault.env_with_id(a.id)?.is_none() {
                    chosen.push(a);
                }
            }
            chosen
        }
    };
    chosen.sort_by_key(|e| (ancestors(e).len(), e.name.clone()));
    Ok(chosen.into_iter().map(|e| e.name.clone()).collect())
}

/// The server's project for `project`: the one with the local project's id when it ever
/// synced, else the one of that name.
fn remote_project(
    vault: &Vault,
    conn: &mut Connection,
    project: &str,
) -> Result<wire::RemoteProject> {
    let projects: Vec<wire::RemoteProject> = conn.transport.get("v1/projects")?;
    let local_project_id = vault.project(project).ok().map(|p| p.id);
    let found = projects
        .iter()
        .position(|p| Some(p.id) == local_project_id)
        .or_else(|| projects.iter().position(|p| p.name == project));
    match found {
        Some(at) => Ok(projects.into_iter().nth(at).expect("found above")),
        None => Err(missing_project(project, &projects)),
    }
}

/// `project` is not on the server: name the projects that are (the first few), so a second
/// machine, whose own `init` made `default`, learns what to pull.
fn missing_project(project: &str, on_server: &[wire::RemoteProject]) -> SyncError {
    const SHOWN: usize = 5;
    // Only names a pull would accept are shown: the list comes from the server.
    let named: Vec<&str> = on_server
        .iter()
        .filter(|p| super::untrusted::check_project(p).is_ok())
        .map(|p| p.name.as_str())
        .collect();
    let Some(first) = named.first() else {
        return SyncError::Missing(format!("project {project:?}"));
    };
    let mut others: Vec<String> = named.iter().take(SHOWN).map(|n| format!("{n:?}")).collect();
    if named.len() > SHOWN {
        others.push(format!("{} more", named.len() - SHOWN));
    }
    SyncError::ProjectElsewhere {
        project: project.to_string(),
        others: others.join(", "),
        example: first.to_string(),
    }
}

/// The server's environments of `project`: the one with this project's id, else the one
/// of that name.
fn project_envs(
    vault: &Vault,
    conn: &mut Connection,
    project: &str,
) -> Result<Vec<wire::RemoteEnv>> {
    let rp = remote_project(vault, conn, project)?;
    envs_of(conn, &rp)
}

/// The server's environments of `rp` (none when the project has gone meanwhile).
fn envs_of(conn: &mut Connection, rp: &wire::RemoteProject) -> Result<Vec<wire::RemoteEnv>> {
    match conn.transport.get(&format!("v1/projects/{}/envs", rp.id)) {
        Ok(envs) => Ok(envs),
        Err(SyncError::NotFound { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Creates the server's environment here.
fn adopt(
    vault: &mut Vault,
    conn: &Connection,
    remote: &wire::RemoteEnv,
    project_name: &str,
) -> Result<Env> {
    let mine = conn.identity.recipient();
    let Some(key_version) = remote
        .keys
        .iter()
        .filter(|k| k.recipient == mine)
        .map(|k| k.key_version)
        .max()
    else {
        return Err(SyncError::NoKey {
            env: format!("{project_name}/{}", remote.name),
            key_version: 1,
        });
    };
    Ok(vault.adopt_env(
        (remote.project_id, project_name),
        (remote.id, &remote.name),
        remote.parent_id,
        key_version,
    )?)
}
