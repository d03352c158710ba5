//! `secretscli push`: send the project's unpushed versions and delete/restore marks to
//! the sync server: every environment that syncs with it (all of them on a project's
//! first push), parents before children so inheritance reaches the server; `-e` narrows
//! it to one environment (and its ancestors not on a server yet). Conflicts are refused
//! with the item names (exit 7), never overwritten; `--force` keeps ours on top of theirs
//! and says what it changed.

use anyhow::Context as _;

use super::flags::InEnv;
use super::{Global, session};
use crate::context::Source;
use crate::output;
use crate::sync::{self, push::PushOptions, push::PushReport};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be sent; change nothing
    #[arg(long)]
    dry_run: bool,
    /// On conflict keep ours: the server's versions become history under ours
    #[arg(long)]
    force: bool,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Most item lines printed before the rest are summed up.
const SHOWN: usize = 50;

/// Pushes each environment and reports; stops at the first that fails (those before it
/// are pushed and reported).
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    super::token::refuse_write("push")?;
    let mut vault = session::open(g)?;
    let ctx = session::context(g)?;
    let narrowed = ctx
        .env
        .as_ref()
        .is_some_and(|e| matches!(e.source, Source::Flag | Source::EnvVar(_)));
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let targets = sync::push::push_targets(
        &vault,
        conn.remote.server_id,
        &project,
        narrowed.then_some(&env),
    )?;
    let opts = PushOptions {
        dry_run: args.dry_run,
        force: args.force,
    };
    let mut reports = Vec::with_capacity(targets.len());
    for env in &targets {
        let scope = || InEnv {
            label: env.label(),
            env: env.name.clone(),
        };
        if !args.dry_run {
            // Someone lost access since the last key version: new versions must go out
            // under a key they never had, so rotate before sending anything.
            let rotated = crate::team::rotate_if_pending(&mut vault, &mut unlocked, &mut conn, env)
                .with_context(scope)?;
            if let Some(outcome) = &rotated {
                super::team::print_rotation(g, outcome);
            }
        }
        let mut bar = super::progress::Bar::default();
        let report = sync::push::push(&mut vault, &mut unlocked, &mut conn, env, opts, &mut |p| {
            bar.sync(p)
        });
        drop(bar);
        let report = report.with_context(scope)?;
        if !args.json {
            print(g, &report, conn.transport.shown_url());
        }
        if !args.dry_run {
            let env = vault.env_with_id(env.id)?.unwrap_or_else(|| env.clone());
            let grants = crate::team::complete_grants(&mut vault, &mut unlocked, &mut conn, &env)
                .with_context(scope)?;
            super::team::print_grants(g, &grants);
        }
        reports.push(report);
    }
    if args.json {
        output::json(&reports)?;
    }
    Ok(())
}

fn print(g: &Global, r: &PushReport, url: &str) {
    let would = if r.dry_run { "would " } else { "" };

    for (i, p) in r.pulled.iter().enumerate() {
        if i == SHOWN {
            output::note(&format!("  ... and {} more", r.pulled.len() - SHOWN));
            break;
        }
        let what = serde_json::to_value(p.change)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        output::note(&format!("{would}pull {} ({what} here)", p.name));
    }
    for (i, item) in r.items.iter().enumerate() {
        if i == SHOWN {
            output::note(&format!("  ... and {} more", r.items.len() - SHOWN));
            break;
        }
        let verb = if r.proposals.is_empty() {
            "push"
        } else {
            "propose"
        };
        output::note(&format!("{would}{verb} {} ({})", item.name, item.change));
    }
    let s = &r.summary;
    let counts = format!(
        "{} created, {} updated, {} unchanged, {} deleted",
        s.created, s.updated, s.unchanged, s.deleted
    );
    if r.items.is_empty() {
        output::note(&format!(
            "{}: nothing to push ({counts}; server revision {})",
            r.env, r.revision
        ));
    } else if r.dry_run {
        output::note(&format!("{}: would push to {url}: {counts}", r.env));
    } else if !r.proposals.is_empty() {
        // A protected environment: nothing landed; the changes stay unpushed here.
        for made in &r.proposals {
            output::note(&format!(
                "{}: protected, so this push made proposal {} ({counts}); nothing lands until {} other than you {} `{}`",
                r.env,
                made.id,
                if made.approvals_needed == 1 {
                    "a writer or admin".to_string()
                } else {
                    format!("{} writers or admins", made.approvals_needed)
                },
                if made.approvals_needed == 1 {
                    "runs"
                } else {
                    "run"
                },
                super::flags::Flags::from_global(g)
                    .command(&format!("changes approve {}", made.id)),
            ));
        }
        if r.held_back > 0 {
            output::note(&format!(
                "{}: {} more item(s) did not fit in this proposal; push again after it is \
                 approved to propose them",
                r.env, r.held_back
            ));
        }
    } else {
        output::note(&format!(
            "{}: pushed to {url}: {counts} (server revision {})",
            r.env, r.revision
        ));
    }
}
