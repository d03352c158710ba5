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

#[derive(serde::Serialize)]
struct Status {
    vault: String,
    initialized: bool,
    unlocked: bool,
    key_held_by: Option<String>,
    unlocked_until: Option<String>,
    project: Option<String>,
    env: Option<String>,
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
    Ok(output::pairs(&[
        ("vault", status.vault.clone()),
        ("state", state),
        ("project", dash(&status.project)),
        ("env", dash(&status.env)),
    ])?)
}
