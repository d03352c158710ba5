//! `secretscli share list`: the links this user created on the server, with their views
//! and state (never a key: the server has none, and this device kept none).

use super::super::{Global, session};
use crate::output;
use crate::wire::share::ShareInfo;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON
    #[arg(long)]
    json: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::super::team::connect(g, &mut vault, &unlocked)?;
    let shares = crate::share::list(&mut conn).map_err(super::share_err)?;
    if args.json {
        return Ok(output::json(&shares)?);
    }
    let envs = env_names(&vault);
    let rows: Vec<Vec<String>> = shares.iter().map(|s| row(s, &envs)).collect();
    Ok(output::table(
        &["ID", "ITEM", "ENV", "VIEWS", "EXPIRES", "PASSWORD", "STATE"],
        &rows,
    )?)
}

/// `project/env` by environment id, for the environments this vault has.
fn env_names(vault: &crate::vault::Vault) -> std::collections::HashMap<uuid::Uuid, String> {
    let mut out = std::collections::HashMap::new();
    for p in vault.projects().unwrap_or_default() {
        for e in vault.envs(&p).unwrap_or_default() {
            out.insert(e.id, format!("{}/{}", p.name, e.name));
        }
    }
    out
}

fn row(s: &ShareInfo, envs: &std::collections::HashMap<uuid::Uuid, String>) -> Vec<String> {
    vec![
        output::escape(&s.id).into_owned(),
        output::escape(&s.name).into_owned(),
        envs.get(&s.env_id)
            .cloned()
            .unwrap_or_else(|| s.env_id.to_string()),
        format!("{}/{}", s.views, s.max_views),
        output::time(s.expires_at),
        if s.password { "yes" } else { "no" }.into(),
        s.state.as_str().into(),
    ]
}
