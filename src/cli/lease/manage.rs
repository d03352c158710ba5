//! `lease list`, `lease renew`, `lease revoke`, `lease reap`: what happens to leases
//! after `lease postgres` made them.

use std::time::Duration;

use super::{Global, open_and_reap, report_revoked, user_error};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RenewArgs {
    /// The lease's id (from `lease list`)
    id: String,
    /// The new end, from now
    #[arg(long, default_value = "1h", value_name = "DURATION", value_parser = humantime::parse_duration)]
    ttl: Duration,
}

#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// The leases' ids (from `lease list`)
    #[arg(required = true)]
    ids: Vec<String>,
}

#[derive(serde::Serialize)]
struct Row {
    id: String,
    login: String,
    role: String,
    admin_item: String,
    env: String,
    created: String,
    expires: String,
    max_expires: String,
    state: &'static str,
}

/// Prints the recorded leases.
pub fn list(g: &Global, args: ListArgs) -> anyhow::Result<()> {
    let (vault, _) = open_and_reap(g)?;
    let mut rows = Vec::new();
    for l in vault.leases()? {
        rows.push(Row {
            env: vault.env_by_id(l.env_id)?.label(),
            id: l.id,
            login: l.login,
            role: l.role,
            admin_item: l.admin_item,
            created: output::time(l.created_at),
            expires: output::time(l.expires_at),
            max_expires: output::time(l.max_expires_at),
            state: l.state.as_str(),
        });
    }
    if args.json {
        return Ok(output::json(&rows)?);
    }
    let table: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.id,
                r.login,
                r.role,
                format!("{} ({})", r.admin_item, r.env),
                r.created,
                r.expires,
                r.state.to_string(),
            ]
        })
        .collect();
    Ok(output::table(
        &[
            "ID", "LOGIN", "ROLE", "ADMIN", "CREATED", "EXPIRES", "STATE",
        ],
        &table,
    )?)
}

/// Moves a lease's end.
pub fn renew(g: &Global, args: RenewArgs) -> anyhow::Result<()> {
    let (mut vault, mut unlocked) = open_and_reap(g)?;
    let lease =
        crate::lease::renew(&mut vault, &mut unlocked, &args.id, args.ttl).map_err(user_error)?;
    output::note(&format!(
        "lease {} now ends at {}",
        lease.id,
        output::time(lease.expires_at)
    ));
    Ok(())
}

/// Ends leases now.
pub fn revoke(g: &Global, args: RevokeArgs) -> anyhow::Result<()> {
    let (mut vault, mut unlocked) = open_and_reap(g)?;
    let done = crate::lease::revoke(&mut vault, &mut unlocked, &args.ids).map_err(user_error)?;
    report_revoked(&done);
    Ok(())
}

/// Revokes what expired or lost its holder (done by [`open_and_reap`] already; an error
/// there is this command's error).
pub fn reap(g: &Global) -> anyhow::Result<()> {
    let mut vault = super::session::open(g)?;
    let mut unlocked = super::session::unlock(&mut vault, g)?;
    let done = crate::lease::reap(&mut vault, &mut unlocked).map_err(user_error)?;
    if done.is_empty() {
        output::note("no lease expired: nothing to reap");
    }
    report_revoked(&done);
    Ok(())
}
