//! `secretscli audit [--remote] [--verify]`: the vault's hash-chained log of reveals and
//! writes, or (`--remote`) the sync server's log of every read and write of an environment.

use std::collections::HashMap;

use uuid::Uuid;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::{AuditVerdict, Vault};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  secretscli audit --since 2d\n  secretscli audit --limit 20\n  secretscli audit --json --since 2026-01-31"
)]
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
    /// Show only the newest N entries
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Show only entries since a duration ago (90m, 2d) or a date (2026-01-31, RFC 3339)
    #[arg(long, value_name = "WHEN", value_parser = parse_since)]
    since: Option<i64>,
}

/// Widest a table row may be: audit rows held every name touched and reached 356 columns.
const WIDTH: usize = 100;

/// `--since`: a duration back from now, or a date/time (UTC), as ms since the epoch.
fn parse_since(text: &str) -> Result<i64, String> {
    if let Ok(d) = humantime::parse_duration(text) {
        let ms = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        return Ok(crate::vault::now_ms().saturating_sub(ms));
    }
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_string()
    };
    humantime::parse_rfc3339_weak(&full)
        .map_err(|_| {
            format!("{text:?} is neither a duration (90m, 2d) nor a date (2026-01-31, 2026-01-31T12:00:00Z)")
        })
        .map(|t| {
            let ms = t
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis());
            i64::try_from(ms).unwrap_or(i64::MAX)
        })
}

/// Entries at or after `since`, then the newest `limit` of them (oldest first).
fn window<T>(entries: Vec<T>, at: impl Fn(&T) -> i64, args: &Args) -> Vec<T> {
    let mut entries: Vec<T> = match args.since {
        Some(since) => entries.into_iter().filter(|e| at(e) >= since).collect(),
        None => entries,
    };
    if let Some(limit) = args.limit {
        let skip = entries.len().saturating_sub(limit);
        entries.drain(..skip);
    }
    entries
}

/// Narrows the `shrinkable` columns (widest first) until a row fits [`WIDTH`], cutting
/// cells with `…`: a table is for reading, `--json` has every name in full.
fn fit(headers: &[&str], rows: &mut [Vec<String>], shrinkable: &[usize]) {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows.iter() {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    while total(&widths) > WIDTH {
        let Some(&col) = shrinkable
            .iter()
            .filter(|&&c| widths[c] > headers[c].len().max(6))
            .max_by_key(|&&c| widths[c])
        else {
            break;
        };
        widths[col] -= 1;
    }
    for row in rows.iter_mut() {
        for &col in shrinkable {
            let cell = &mut row[col];
            if cell.chars().count() > widths[col] {
                let kept: String = cell.chars().take(widths[col] - 1).collect();
                *cell = format!("{kept}…");
            }
        }
    }
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
                    output::note(&format!(
                        "audit log intact: {}",
                        super::words::count(entries.unsigned_abs(), "entry")
                    ));
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
    let entries = window(vault.audit_log()?, |e| e.at, &args);
    if args.json {
        return Ok(output::json(&entries)?);
    }
    let mut rows: Vec<Vec<String>> = entries
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
    let headers = ["SEQ", "TIME", "ACTOR", "ACTION", "WHERE", "NAMES", "DETAIL"];
    fit(&headers, &mut rows, &[2, 4, 5, 6]);
    Ok(output::table(&headers, &rows)?)
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
                        "server audit log intact: {}",
                        super::words::count(entries.len() as u64, "entry")
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
    let entries = window(entries, |e| e.at, args);
    if args.json {
        return Ok(output::json(&entries)?);
    }
    let labels = place_labels(&vault)?;
    let mut rows: Vec<Vec<String>> = entries
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
    let headers = [
        "SEQ", "TIME", "ACTOR", "DEVICE", "ACTION", "WHERE", "NAMES", "RESULT", "CLIENT",
    ];
    fit(&headers, &mut rows, &[2, 3, 5, 6, 8]);
    Ok(output::table(&headers, &rows)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_cells_are_cut_so_a_row_fits_100_columns() {
        let headers = ["SEQ", "TIME", "NAMES", "DETAIL"];
        let names: Vec<String> = (0..60).map(|i| format!("KEY_{i}")).collect();
        let mut rows = vec![vec![
            "1".into(),
            "2026-01-01T00:00:00Z".into(),
            names.join(","),
            "x".repeat(80),
        ]];
        fit(&headers, &mut rows, &[2, 3]);
        let width: usize = rows[0].iter().map(|c| c.chars().count()).sum::<usize>() + 2 * 3;
        assert!(width <= WIDTH, "{width}: {rows:?}");
        assert!(rows[0][2].starts_with("KEY_0,KEY_1") && rows[0][2].ends_with('…'));
    }

    #[test]
    fn since_takes_a_duration_or_a_date() {
        assert_eq!(parse_since("2026-01-31").unwrap(), 1_769_817_600_000);
        assert_eq!(
            parse_since("2026-01-31T12:00:00Z").unwrap(),
            1_769_817_600_000 + 12 * 3_600_000
        );
        let hour_ago = parse_since("1h").unwrap();
        assert!((crate::vault::now_ms() - hour_ago - 3_600_000).abs() < 60_000);
        assert!(parse_since("yesterday").unwrap_err().contains("neither"));
    }
}
