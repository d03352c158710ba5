//! `secretscli watch [KEY...] [--json] -- CMD`: follow the current environment's change
//! feed on its server, pull each change, and run CMD with the changed names in
//! `SECRETSCLI_CHANGED` (a reload hook: `-- sh -c 'kill -HUP $(cat app.pid)'`); `--json`
//! streams the events to stdout for scripts. The following itself is [`crate::feed`];
//! this file only prints and runs the hook. Values never reach CMD or stdout: names only.

use std::ffi::OsString;
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::feed::{self, Event, FeedError};
use crate::output;
use crate::vault::{Env, Unlocked, Vault};

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
    /// Run this on every change, with SECRETSCLI_CHANGED=NAME,NAME, SECRETSCLI_REVISION and
    /// SECRETSCLI_ENV (the environment whose revision it is: this one or an ancestor)
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
/// The environment's own feed is followed here; each ancestor it inherits from that syncs
/// is followed on a thread of its own, and its changes count for the names this
/// environment (or a nearer ancestor) does not override.
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
    let handler = Arc::new(Handler {
        json: args.json,
        command: args.command.clone(),
        one_at_a_time: Mutex::new(()),
    });
    follow_ancestors(g, (&vault, &unlocked), &env, &opts, &handler);
    let target = (project.name.as_str(), env.name.as_str());
    let mut on_event = |event: Event| {
        handler.handle(&event, &env.label());
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

/// What `watch` does with each event, from any follower: one event at a time, so hooks
/// never overlap (and the umask switch around their spawn stays this process's only one).
struct Handler {
    json: bool,
    command: Vec<OsString>,
    one_at_a_time: Mutex<()>,
}

/// An event as `--json` prints it: with the environment it happened in.
#[derive(serde::Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    event: &'a Event,
    env: &'a str,
}

impl Handler {
    fn handle(&self, event: &Event, env: &str) {
        let _one = self.one_at_a_time.lock().unwrap_or_else(|e| e.into_inner());
        if self.json {
            let _ = output::json_line(&Shown { event, env });
        }
        tell(event);
        if let Event::Changed { revision, names } = event
            && !self.command.is_empty()
        {
            run_hook(&self.command, (env, *revision), names);
        }
    }
}

/// Starts a follower thread for each ancestor of `env` that syncs. Its changes are cut to
/// the names no nearer environment of the chain overrides (read when the change arrives);
/// a follower that cannot start or stops says so once, and watching goes on.
fn follow_ancestors(
    g: &Global,
    (vault, unlocked): (&Vault, &Unlocked),
    env: &Env,
    opts: &feed::Options,
    handler: &Arc<Handler>,
) {
    let chain = vault.chain(env).unwrap_or_else(|_| vec![env.clone()]);
    for (depth, ancestor) in chain.iter().enumerate().skip(1) {
        if !matches!(vault.sync_state(ancestor), Ok(Some(_))) {
            continue;
        }
        let (nearer, handler, label) = (chain[..depth].to_vec(), handler.clone(), ancestor.label());
        let Ok(local) = Vault::open(vault.path()) else {
            continue;
        };
        let on_event = move |event: Event| {
            let event = match event {
                Event::Changed {
                    revision,
                    names: changed,
                } => {
                    let shadowed = |n: &String| {
                        nearer
                            .iter()
                            .any(|e| local.item_names(e, n, false).is_ok_and(|v| v.contains(n)))
                    };
                    let names: Vec<String> = changed.into_iter().filter(|n| !shadowed(n)).collect();
                    if names.is_empty() {
                        return ControlFlow::Continue(());
                    }
                    Event::Changed { revision, names }
                }
                other => other,
            };
            handler.handle(&event, &label);
            ControlFlow::Continue(())
        };
        let stopped = ancestor.label();
        let on_stop = move |err: FeedError| {
            output::warn(&format!(
                "stopped following {stopped} on the server ({err}); still watching the rest"
            ))
        };
        let target = (ancestor.project.as_str(), ancestor.name.as_str());
        if let Err(err) = follow_on_thread(
            g,
            (vault, unlocked),
            target,
            opts.clone(),
            on_event,
            on_stop,
        ) {
            output::warn(&format!(
                "cannot follow {} on the server ({err:#}); still watching the rest",
                ancestor.label()
            ));
        }
    }
}

/// Follows `(project, env)` on a thread of its own, with its own vault handle, key and
/// connection, giving each event to `on_event`; `on_stop` hears why it stopped.
pub(super) fn follow_on_thread(
    g: &Global,
    (vault, unlocked): (&Vault, &Unlocked),
    (project, env): (&str, &str),
    opts: feed::Options,
    mut on_event: impl FnMut(Event) -> ControlFlow<()> + Send + 'static,
    on_stop: impl FnOnce(FeedError) + Send + 'static,
) -> anyhow::Result<()> {
    let mut own = Vault::open(vault.path())?;
    let key = crate::crypto::SecretKey::from_slice(unlocked.root_key().expose())
        .expect("a root key is 32 bytes");
    let mut own_unlocked = own.unlock_with_key(key)?;
    let server = session::server(g)?;
    let mut conn = crate::sync::connect(&mut own, &own_unlocked, server.as_deref())?;
    let (project, env) = (project.to_string(), env.to_string());
    std::thread::Builder::new()
        .name("secretscli-feed".into())
        .spawn(move || {
            let target = (project.as_str(), env.as_str());
            let followed = feed::follow(
                &mut own,
                &mut own_unlocked,
                &mut conn,
                target,
                &opts,
                &mut on_event,
            );
            if let Err(err) = followed {
                on_stop(err);
            }
        })?;
    Ok(())
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
fn run_hook(command: &[OsString], (env, revision): (&str, i64), names: &[String]) {
    let (program, rest) = command.split_first().expect("checked not empty");
    let mut cmd = std::process::Command::new(program);
    cmd.args(rest)
        .env("SECRETSCLI_CHANGED", names.join(","))
        .env("SECRETSCLI_REVISION", revision.to_string())
        .env("SECRETSCLI_ENV", env);
    // The hook gets the user's umask, not ours (077), like inject's child. umask is per
    // process; hooks run one at a time (`Handler`), and nothing else here spawns.
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
