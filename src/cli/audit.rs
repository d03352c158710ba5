//! `secretscli audit [--verify]`: the vault's hash-chained log of reveals and writes.

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::AuditVerdict;

/// Arguments of `audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Check the hash chain; exits 6 when an entry was edited or removed
    #[arg(long)]
    verify: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Shows the log, or verifies it.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let vault = session::open(g)?;
    if args.verify {
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
