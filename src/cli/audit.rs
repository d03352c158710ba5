//! `secretscli audit [--remote] [--verify]`: the vault's hash-chained log of reveals and
//! writes, or (`--remote`) the sync server's log of every read and write of an environment.

use std::collections::HashMap;

use uuid::Uuid;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::{AuditVerdict, Vault};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check the hash chain; exits 6 when an entry was edited or removed
    #[arg(long)]
    verify: bool,
    /// The sync server's audit log instead of this vault's (admin)
    #[arg(long)]
    remote: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Shows the log, or verifies it.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if args.remote {
        return remote(g, &args);
    }
    let mut vault = session::open(g)?;
    if args.verify {
        // The chain is keyed: only the root key can check it.
        session::unlock(&mut vault, g)?;
        let verdict = vault.verify_audit()?;
        if args.json {
            output::json(&verdict)?;
        }
        return match verdict {
            AuditVerdict::Intact { entries } => {
                if !args.json {
                    output::note(&format!("audit log intact: {entries} entries"));
                }
                Ok(())
            }
            AuditVerdict::Broken { seq, problem } => Err(UserError::new(
                Exit::Damaged,
                format!("audit log broken at entry {seq}: it {problem}"),
                "the vault file was edited outside secretscli; compare it with a backup",
            )
            .into()),
        };
    }
    let entries = vault.audit_log()?;
    if args.json {
        return Ok(output::json(&entries)?);
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let place = match (e.project.as_str(), e.env.as_str()) {
                ("", _) => "-".to_string(),
                (p, "") => p.to_string(),
                (p, env) => format!("{p}/{env}"),
            };
            vec![
                e.seq.to_string(),
                output::time(e.at),
                e.actor.clone(),
                e.action.clone(),
                place,
                e.names.join(","),
                e.detail.clone(),
            ]
        })
        .collect();
    Ok(output::table(
        &["SEQ", "TIME", "ACTOR", "ACTION", "WHERE", "NAMES", "DETAIL"],
        &rows,
    )?)
}

fn remote(g: &Global, args: &Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let mut conn = crate::sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let entries = crate::sync::fetch_audit(&mut conn)?;
    if args.verify {
        return match crate::sync::verify_audit(&entries) {
            Ok(()) => {
                if args.json {
                    output::json(&AuditVerdict::Intact {
                        entries: entries.len() as i64,
                    })?;
                } else {
                    output::note(&format!(
                        "server audit log intact: {} entries",
                        entries.len()
                    ));
                }
                Ok(())
            }
            Err((seq, problem)) => Err(UserError::new(
                Exit::Damaged,
                format!("server audit log broken at entry {seq}: it {problem}"),
                "the server's store was edited outside the server; tell its operator",
            )
            .into()),
        };
    }
    if args.json {
        return Ok(output::json(&entries)?);
    }
    let labels = place_labels(&vault)?;
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                output::time(e.at),
                e.actor.clone(),
                e.device.clone().unwrap_or_else(|| "-".into()),
                e.action.clone(),
                match e.env.or(e.project) {
                    Some(id) => labels.get(&id).cloned().unwrap_or_else(|| id.to_string()),
                    None => "-".into(),
                },
                e.names.join(","),
                if e.allowed { "allow" } else { "deny" }.into(),
                e.client.clone(),
            ]
        })
        .collect();
    Ok(output::table(
        &[
            "SEQ", "TIME", "ACTOR", "DEVICE", "ACTION", "WHERE", "NAMES", "RESULT", "CLIENT",
        ],
        &rows,
    )?)
}

/// `project/env` for every environment this vault holds and the name of every project, by
/// id: the server logs ids only (it never learns names it does not need), and ids mean
/// nothing to a reader.
fn place_labels(vault: &Vault) -> anyhow::Result<HashMap<Uuid, String>> {
    let mut labels = HashMap::new();
    for project in vault.projects()? {
        labels.insert(project.id, project.name.clone());
        for env in vault.envs(&project)? {
            labels.insert(env.id, env.label());
        }
    }
    Ok(labels)
}
