//! `secretscli pull`: bring in the server's changes to the project since the last pull:
//! every environment of the project on the server, parents before children so each
//! arrives with its inheritance; `-e` narrows it to one (and its ancestors not here yet).
//! Items also changed here and not yet pushed are refused (exit 7) unless `--theirs`
//! (drop ours) or `--ours` (keep ours, push next) says which side wins.

use anyhow::Context as _;

use super::flags::InEnv;
use super::{Global, session};
use crate::context::Source;
use crate::output;
use crate::sync::{self, pull::PullOptions, pull::PullReport};
use crate::vault::{Applied, Resolve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would change; change nothing
    #[arg(long)]
    dry_run: bool,
    /// On conflict keep the server's version (local unpushed changes are dropped)
    #[arg(long, conflicts_with = "ours")]
    theirs: bool,
    /// On conflict keep ours (the server's become history; push afterwards)
    #[arg(long)]
    ours: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

const SHOWN: usize = 50;

/// Pulls each environment and reports; stops at the first that fails (those before it
/// are pulled and reported).
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (project, env) = session::complete_context(&vault, session::context(g)?)?;
    let narrowed = matches!(env.source, Source::Flag | Source::EnvVar(_));
    let mut unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let resolve = if args.theirs {
        Resolve::Theirs
    } else if args.ours {
        Resolve::Ours
    } else {
        Resolve::Refuse
    };
    let targets = sync::pull::pull_targets(
        &vault,
        &mut conn,
        &project.value,
        narrowed.then_some(env.value.as_str()),
    )?;
    let opts = PullOptions {
        dry_run: args.dry_run,
        resolve,
    };
    let mut reports = Vec::with_capacity(targets.len());
    for name in &targets {
        let mut bar = super::progress::Bar::default();
        let report = sync::pull::pull(
            &mut vault,
            &mut unlocked,
            &mut conn,
            &project.value,
            name,
            opts,
            &mut |p| bar.sync(p),
        );
        drop(bar);
        let report = report.with_context(|| InEnv {
            label: format!("{}/{name}", project.value),
            env: name.clone(),
        })?;
        if !args.json {
            print(&report);
        }
        if !args.dry_run
            && let Ok(project) = vault.project(&project.value)
            && let Ok(env) = vault.env(&project, name)
        {
            let grants = crate::team::complete_grants(&mut vault, &mut unlocked, &mut conn, &env)
                .with_context(|| InEnv {
                label: env.label(),
                env: name.clone(),
            })?;
            super::team::print_grants(g, &grants);
        }
        reports.push(report);
    }
    if args.json {
        output::json(&reports)?;
    }
    Ok(())
}

fn word(a: Applied) -> &'static str {
    match a {
        Applied::Created => "created",
        Applied::Updated => "updated",
        Applied::Deleted => "deleted",
        Applied::Restored => "restored",
        Applied::Unchanged => "unchanged",
        Applied::Discarded => "local changes discarded (theirs)",
        Applied::Kept => "local changes kept (ours; push them)",
    }
}

fn print(r: &PullReport) {
    let would = if r.dry_run { "would " } else { "" };
    if r.created_env {
        output::note(&format!("{would}create {} from the server", r.env));
    }
    let changed: Vec<_> = r
        .items
        .iter()
        .filter(|c| c.change != Applied::Unchanged)
        .collect();
    for (i, c) in changed.iter().enumerate() {
        if i == SHOWN {
            output::note(&format!("  ... and {} more", changed.len() - SHOWN));
            break;
        }
        output::note(&format!("{would}pull {}: {}", c.name, word(c.change)));
    }
    if r.dry_run && !r.conflicts.is_empty() {
        output::warn(&format!(
            "conflicts (changed here and there): {}; pull would refuse without --theirs or --ours",
            r.conflicts.join(", ")
        ));
    }
    let count = |a: Applied| r.items.iter().filter(|c| c.change == a).count();
    output::note(&format!(
        "{}: {would}pull to server revision {}: {} created, {} updated, {} unchanged, {} deleted",
        r.env,
        r.revision,
        count(Applied::Created),
        count(Applied::Updated) + count(Applied::Restored),
        count(Applied::Unchanged),
        count(Applied::Deleted)
    ));
}
