//! `secretscli status`: where the vault is, whether it is unlocked, and the context.

use super::{Global, session};
use crate::output;
use crate::paths;
use crate::vault::Vault;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// A pending proposal to an environment of this vault, as `status` and `doctor` show it.
#[derive(Debug, serde::Serialize)]
pub struct Pending {
    /// Proposal id.
    pub id: uuid::Uuid,
    /// `project/env`.
    pub env: String,
    /// Its author.
    pub author: String,
    /// The names it changes.
    pub names: Vec<String>,
    /// Approvals so far.
    pub approvals: usize,
    /// Approvals needed.
    pub approvals_needed: u32,
}

/// The pending proposals to the environments of this vault that sync with `remote`.
pub fn pending_on(
    vault: &Vault,
    remote: &crate::vault::Remote,
    token: crate::crypto::SecretBytes,
) -> Result<Vec<Pending>, crate::sync::SyncError> {
    let mut envs = Vec::new();
    let mut projects = Vec::new();
    for project in vault.projects()? {
        for env in vault.envs(&project)? {
            if vault
                .sync_state(&env)?
                .is_some_and(|s| s.server_id == remote.server_id)
            {
                if !projects.contains(&project.id) {
                    projects.push(project.id);
                }
                envs.push(env);
            }
        }
    }
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let found = crate::sync::health::pending_proposals(remote, token, &projects)?;
    Ok(found
        .into_iter()
        .filter_map(|p| {
            let env = envs.iter().find(|e| e.id == p.env_id)?;
            Some(Pending {
                id: p.id,
                env: env.label(),
                author: p.author,
                names: p.names,
                approvals: p.approvals.len(),
                approvals_needed: p.approvals_needed,
            })
        })
        .collect())
}

/// Pending proposals for `status`: only with a key `unlock` cached (status never asks for
/// the passphrase) and a server that answers; else nothing is shown.
fn pending(vault: &Vault) -> Option<Vec<Pending>> {
    let (key, _, _) = session::key_cache().ok()?.load(&vault.id())?;
    let unlocked = vault.unlock_with_key(key).ok()?;
    let mut out = Vec::new();
    for remote in vault.remotes().ok()? {
        let token = vault.remote_token(&unlocked, &remote).ok()?;
        out.extend(pending_on(vault, &remote, token).ok()?);
    }
    Some(out)
}

#[derive(serde::Serialize)]
struct Status {
    vault: String,
    initialized: bool,
    unlocked: bool,
    key_held_by: Option<String>,
    unlocked_until: Option<String>,
    project: Option<String>,
    env: Option<String>,
    /// Pending proposals to this vault's protected environments (when unlocked and the
    /// server answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pending_proposals: Option<Vec<Pending>>,
}

/// Reports without needing the passphrase.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let path = paths::vault(g.vault.as_deref())?;
    let mut status = Status {
        vault: path.display().to_string(),
        initialized: path.exists(),
        unlocked: false,
        key_held_by: None,
        unlocked_until: None,
        project: None,
        env: None,
        pending_proposals: None,
    };
    if status.initialized {
        let vault = Vault::open(&path)?;
        if let Some((_, backend, until)) = session::key_cache()?.load(&vault.id()) {
            status.unlocked = true;
            status.key_held_by = Some(backend.to_string());
            let ms = until
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            status.unlocked_until = Some(output::time(ms));
        }
        if let Ok((p, e)) = session::complete_context(&vault, session::context(g)?) {
            status.project = Some(p.value);
            status.env = Some(e.value);
        }
        if status.unlocked {
            status.pending_proposals = pending(&vault).filter(|p| !p.is_empty());
        }
    }
    if args.json {
        return Ok(output::json(&status)?);
    }
    let state = match (status.initialized, status.unlocked) {
        (false, _) => "not initialized (run `secretscli init`)".to_string(),
        (true, false) => "locked".to_string(),
        (true, true) => format!(
            "unlocked until {} (key held by the {})",
            status.unlocked_until.clone().unwrap_or_default(),
            status.key_held_by.clone().unwrap_or_default()
        ),
    };
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut rows = vec![
        ("vault", status.vault.clone()),
        ("state", state),
        ("project", dash(&status.project)),
        ("env", dash(&status.env)),
    ];
    for p in status.pending_proposals.iter().flatten() {
        rows.push((
            "proposal",
            format!(
                "{} to {} by {}, {} of {} approvals: {} (pending; `secretscli changes show {}`)",
                p.id,
                p.env,
                p.author,
                p.approvals,
                p.approvals_needed,
                p.names.join(", "),
                p.id
            ),
        ));
    }
    Ok(output::pairs(&rows)?)
}
