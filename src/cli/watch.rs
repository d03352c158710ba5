//! `secretscli watch [KEY...] [--json] -- CMD`: follow the current environment's change
//! feed on its server, pull each change, and run CMD with the changed names in
//! `SECRETSCLI_CHANGED` (a reload hook: `-- sh -c 'kill -HUP $(cat app.pid)'`); `--json`
//! streams the events to stdout for scripts. The following itself is [`crate::feed`];
//! this file only prints and runs the hook. Values never reach CMD or stdout: names only.

use std::ffi::OsString;
use std::ops::ControlFlow;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::feed::{self, Event, FeedError};
use crate::output;

const EXAMPLES: &str = "Examples:
  secretscli watch -- sh -c 'kill -HUP $(cat app.pid)'
  secretscli watch DATABASE_URL -- ./reconnect.sh
  secretscli watch --json | jq .names";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Only react to changes of these items (stored names); default: every item
    #[arg(value_name = "KEY")]
    keys: Vec<String>,
    /// Print each event as one JSON line on stdout (`changed`, `away`, `back`, `pull_failed`,
    /// `poll_fallback`, `failed_over`)
    #[arg(long)]
    json: bool,
    /// How to follow the server: ws (WebSocket), poll (long-poll), or auto (WebSocket, and
    /// long-poll when the server refuses the upgrade)
    #[arg(long, value_enum, value_name = "HOW", default_value = "auto")]
    transport: FeedTransport,
    /// Run this on every change, with SECRETSCLI_CHANGED=NAME,NAME and SECRETSCLI_REVISION
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<OsString>,
}

/// `--transport` of `watch` and `inject --watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FeedTransport {
    /// WebSocket, falling back to long-poll when the server refuses the upgrade
    Auto,
    /// WebSocket only
    Ws,
    /// Long-poll only
    Poll,
}

impl From<FeedTransport> for feed::Transport {
    fn from(t: FeedTransport) -> Self {
        match t {
            FeedTransport::Auto => feed::Transport::Auto,
            FeedTransport::Ws => feed::Transport::Ws,
            FeedTransport::Poll => feed::Transport::Poll,
        }
    }
}

/// Follows until interrupted (or until the server refuses: token, role, unknown env).
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if args.command.is_empty() && !args.json {
        return Err(UserError::new(
            Exit::Usage,
            "watch needs a command to run on each change, or --json",
            "e.g. `secretscli watch -- ./reload.sh`, or `secretscli watch --json`",
        )
        .into());
    }
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let mut conn = crate::sync::connect(&mut vault, &unlocked, server.as_deref())?;
    output::note(&format!(
        "watching {} on {} ({}; Ctrl-C stops)",
        env.label(),
        conn.transport.shown_url(),
        match args.transport {
            FeedTransport::Auto => "WebSocket, else long-poll",
            FeedTransport::Ws => "WebSocket",
            FeedTransport::Poll => "long-poll",
        }
    ));
    let opts = feed::Options {
        keys: args.keys.clone(),
        transport: args.transport.into(),
        ..feed::Options::default()
    };
    let target = (project.name.as_str(), env.name.as_str());
    let mut on_event = |event: Event| {
        if args.json {
            let _ = output::json_line(&event);
        }
        tell(&event);
        if let Event::Changed { revision, names } = &event
            && !args.command.is_empty()
        {
            run_hook(&args.command, *revision, names);
        }
        ControlFlow::Continue(())
    };
    feed::follow(
        &mut vault,
        &mut unlocked,
        &mut conn,
        target,
        &opts,
        &mut on_event,
    )
    .map_err(feed_error)
}

/// Says on stderr what happened, by name only.
pub(super) fn tell(event: &Event) {
    match event {
        Event::Changed { revision, names } => output::note(&format!(
            "secretscli: revision {revision}: {} changed",
            names.join(", ")
        )),
        Event::Away { error } => output::warn(&format!(
            "the sync server is away ({error}); keeping the local copy and retrying"
        )),
        Event::Back => output::note("secretscli: the sync server is back; catching up"),
        Event::PullFailed { error } => output::warn(&format!(
            "a change arrived but the pull failed ({error}); will pull again on the next change"
        )),
        Event::FailedOver { server } => output::note(&format!(
            "secretscli: lost the feed's server node; now following on {server}"
        )),
        Event::PollFallback { error } => output::note(&format!(
            "secretscli: {error}; following by long-poll instead"
        )),
    }
}

/// Runs the hook once; its failure is reported, and watching goes on.
fn run_hook(command: &[OsString], revision: i64, names: &[String]) {
    let (program, rest) = command.split_first().expect("checked not empty");
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest)
        .env("SECRETSCLI_CHANGED", names.join(","))
        .env("SECRETSCLI_REVISION", revision.to_string());
    // The hook gets the user's umask, not ours (077), like inject's child. umask is per
    // process; this thread is the only one that spawns.
    let ours = rustix::process::umask(super::user_umask());
    let status = cmd.status();
    rustix::process::umask(ours);
    let shown = program.to_string_lossy();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => output::warn(&format!(
            "{shown} exited with {}; still watching",
            crate::inject::supervise::exit_code(s)
        )),
        Err(e) => output::warn(&format!("cannot run {shown:?}: {e}; still watching")),
    }
}

/// A feed error as the CLI reports it (sync errors keep their exit codes and hints).
pub(super) fn feed_error(e: FeedError) -> anyhow::Error {
    match e {
        FeedError::Sync(e) => e.into(),
        FeedError::Vault(e) => e.into(),
        e @ FeedError::NotSynced { .. } => {
            let hint = e.hint().unwrap_or_default();
            UserError::new(Exit::NotFound, e.to_string(), hint).into()
        }
    }
}
