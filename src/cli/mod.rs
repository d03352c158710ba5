//! Command-line definitions (clap derive, no logic) and the dispatcher. Each subcommand
//! lives in its own file with its arguments, help text and `run()`. This is the only layer
//! that prints, prompts or chooses an exit code.

mod agent;
mod audit;
mod check;
mod complete;
mod completions;
mod context;
mod diff;
mod doctor;
mod env;
mod export;
mod file;
mod flags;
mod get;
mod history;
mod identity;
mod import;
mod init;
mod inject;
mod invite;
#[cfg(feature = "server")]
mod lease;
mod list;
mod lock;
mod login;
mod logout;
mod man;
mod parse;
mod passwd;
mod pki;
mod progress;
mod project;
mod promote;
mod pull;
mod purge;
mod push;
mod recovery;
mod restore;
mod rm;
mod rollback;
mod rotate;
mod rotate_key;
mod scan;
#[cfg(feature = "server")]
mod serve;
#[cfg(feature = "server")]
mod server;
mod session;
mod set;
mod share;
mod stage;
mod status;
mod strength;
mod team;
mod token;
mod unlock;
mod watch;
mod words;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches, Parser, Subcommand};

use crate::error::{EXIT_CODES_HELP, Exit, classify};
use crate::output;

/// Keeps secrets and config in an encrypted local vault.
#[derive(Debug, Parser)]
#[command(name = "secretscli", version, about, after_help = EXIT_CODES_HELP, max_term_width = 100)]
pub struct Cli {
    /// Options every command accepts.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The heading global options get in every command's help, apart from its own options.
const GLOBAL: &str = "Global options";

/// Options every command accepts.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Vault file [default: $SECRETSCLI_VAULT, else $XDG_DATA_HOME/secretscli/vault.db]
    #[arg(long, global = true, value_name = "PATH", help_heading = GLOBAL)]
    pub vault: Option<PathBuf>,
    /// Project to use [default: from the context; see `context show`]
    #[arg(short, long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub project: Option<String>,
    /// Environment to use [default: from the context, else `dev`]; push and pull: only this one
    #[arg(short, long, global = true, value_name = "NAME", action = clap::ArgAction::Append, help_heading = GLOBAL)]
    pub env: Option<String>,
    /// Every --env given, in order (only `diff` accepts two); filled in by `run`
    #[arg(skip)]
    pub all_envs: Vec<String>,
    /// Sync server URL(s), comma-separated [default: from the context; see `context show`]
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub server: Option<String>,
    /// Read the passphrase from this file (first line) instead of prompting
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "SECRETSCLI_PASSPHRASE_FILE",
        hide_env_values = true,
        help_heading = GLOBAL
    )]
    pub passphrase_file: Option<PathBuf>,
    /// Never colour output (also: NO_COLOR=1)
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub no_color: bool,
    /// Explain errors in more detail: every cause, and what the exit code means
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,
}

// A family of subcommands (`token create`, `share open`...) as a deferred command of its
// own. clap builds a `#[command(subcommand)]` variant's whole family eagerly, ~120
// commands and ~240 KiB of heap on every run (heaptrack), where a variant holding `Args`
// is built only when named. Deferred attributes are applied last, so neither this struct
// nor a family's enum carries a doc comment: clap would show it in place of the family's
// description given on its variant.
#[derive(Debug, clap::Args)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct Family<C: Subcommand> {
    #[command(subcommand)]
    pub command: C,
}

/// The subcommands. Deferred: only the one on the command line gets its arguments built,
/// which keeps a short command's start-up (and `inject`'s) from paying for the whole tree.
/// Deferred building applies an `Args` struct's own attributes last, so those structs carry
/// no doc comment: clap would show it in place of the description given here.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Create a new vault with a first project and environment
    Init(init::Args),
    /// Unlock the vault for a while so commands need no passphrase
    Unlock(unlock::Args),
    /// Forget the cached key everywhere (keyring and agent)
    Lock(lock::Args),
    /// Change the vault passphrase
    Passwd(passwd::Args),
    /// Show the vault, lock state and context
    Status(status::Args),
    /// Create, list or remove projects
    Project(Family<project::Command>),
    /// Create, list, re-parent or remove environments
    Env(Family<env::Command>),
    /// Set one or more items (value from a hidden prompt, stdin, or KEY=VALUE)
    Set(set::Args),
    /// Print one item's value, raw, for `$(secretscli get KEY)`
    Get(get::Args),
    /// List items: names, kind, version, last change, where inherited ones come from
    List(list::Args),
    /// Delete an item (soft: `restore` brings it back)
    Rm(rm::Args),
    /// Bring back a deleted item
    Restore(restore::Args),
    /// Delete an item and all its versions, irreversibly
    Purge(purge::Args),
    /// Show an item's versions: who and when, never values
    History(history::Args),
    /// Write a new version with an earlier version's value
    Rollback(rollback::Args),
    /// Seal a new value as an item's `next` version beside the current one (prompt or stdin)
    Stage(stage::Args),
    /// Make an item's `next` version current; the current one becomes `previous`
    Promote(promote::Args),
    /// Rotate a credential in steps that survive a crash: `rotate postgres`, `rotate --resume`
    Rotate(rotate::Args),
    /// Run a command with a temporary PostgreSQL login, dropped when it exits: `lease postgres`,
    /// `lease list`, `renew`, `revoke`, `reap`
    #[cfg(feature = "server")]
    Lease(Family<lease::Command>),
    /// Run a command with the environment's items as variables
    Inject(inject::Args),
    /// Import a .env, JSON or YAML file (all or nothing)
    Import(import::Args),
    /// Export the environment as dotenv, JSON, YAML, shell or docker env-file
    Export(export::Args),
    /// Show, set or clear the default project and environment
    Context(Family<context::Command>),
    /// Show or verify the vault's audit log
    Audit(audit::Args),
    /// Start a new environment key version (rewrap old data keys with --now)
    RotateKey(rotate_key::Args),
    /// Check the vault, key cache and context, and say how to fix what is wrong
    Doctor(doctor::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::Args),
    /// Print the man page, or write one page per command into a directory
    Man(man::Args),
    /// Print the names that complete a word (called by the completion scripts)
    #[command(name = "__complete", hide = true)]
    Complete(complete::Args),
    /// Register this device with a sync server (bootstrap or invite token)
    Login(login::Args),
    /// Revoke this device's token on the server and forget the login
    Logout(logout::Args),
    /// Create a one-time token for another device of yours, or a new user with a role
    Invite(invite::Args),
    /// List the project's members, give or change roles, remove members (keys rotate)
    Member(Family<team::member::Command>),
    /// List, approve (by fingerprint) or revoke devices
    Device(Family<team::device::Command>),
    /// Send the project's new versions to the sync server (-e: one environment)
    Push(push::Args),
    /// Bring in the sync server's changes to the project (-e: one environment)
    Pull(pull::Args),
    /// Follow the environment's changes on the server; run a command on each (names only)
    Watch(watch::Args),
    /// Compare by name: here vs server, --env A --env B, or --file .env vs env (exit 1 if different)
    Diff(diff::Args),
    /// Find leaked secrets in files, staged changes or git history (exit 1 when found)
    Scan(scan::Args),
    /// Check environments against secretscli.schema.toml and each other (exit 1 on findings)
    Check(check::Args),
    /// Show, export or import this device's age identity
    Identity(Family<identity::Command>),
    /// Run the sync server (SQLite or PostgreSQL; the server never sees a value or a key)
    #[cfg(feature = "server")]
    #[command(long_about = server::LONG_ABOUT)]
    Server(server::Args),
    /// Serve the environment's values to programs on this host (unix socket or loopback HTTP)
    #[cfg(feature = "server")]
    Serve(serve::Args),
    /// Run the key agent (started by `unlock` where no keyring works)
    #[command(hide = true)]
    Agent(agent::Args),
    /// Encrypted env files for git: encrypt, decrypt, edit, check (CI), merge-driver
    File(Family<file::Command>),
    /// Service tokens for CI and services: create (printed once), list, revoke, credential
    Token(Family<token::Command>),
    /// Share links: one value, opened in a browser or `share open`, a few times, for a while
    Share(Family<share::Command>),
    /// Review proposals to protected environments: list, show (--reveal), approve, reject
    Changes(Family<team::changes::Command>),
    /// Recovery kit: split the root key into word shares, restore access from K of them
    Recovery(Family<recovery::Command>),
    /// Certificate authorities kept in the vault: create, show (PEM), crl
    Ca(Family<pki::ca::Command>),
    /// Short-lived TLS certificates from a vault CA: issue, list, revoke
    Cert(Family<pki::cert::Command>),
}

/// Parses `args`, runs the command and turns the outcome into an exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // Everything this process creates (vault, WAL, exports, sockets) is private.
    let user_umask = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let _ = USER_UMASK.set(user_umask.bits());
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // Known before parsing, so that clap's own help and usage errors obey it too.
    let no_color = args.iter().skip(1).any(|a| a == "--no-color") || !output::color_allowed();
    output::set_no_color(no_color);
    let mut command = parse::parser(&args);
    if no_color {
        command = command.color(clap::ColorChoice::Never);
    }
    // `inject npm start` (no `--`) is a clap usage error; say what to type instead.
    let inject_without_dashes =
        args.iter().skip(1).any(|a| a == "inject") && !args.iter().any(|a| a == "--");
    let parsed = command.try_get_matches_from(args).and_then(|mut m| {
        let all_envs = all_values(&m, "env");
        // `_mut` takes the values out instead of cloning every level of the matches first.
        let mut cli = Cli::from_arg_matches_mut(&mut m)?;
        cli.global.all_envs = all_envs;
        Ok(cli)
    });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if inject_without_dashes && e.kind() == clap::error::ErrorKind::UnknownArgument {
                let hint = "put the command after `--`: `secretscli inject -- npm start`";
                // The banner's hint line alone: clap has printed the error itself.
                let banner = output::error_banner("", Some(hint), output::color(no_color));
                eprint!("{}", banner.split_once('\n').map_or("", |(_, h)| h));
            }
            return if e.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Ok.into()
            };
        }
    };
    let color = output::color(cli.global.no_color);
    let verbose = cli
        .global
        .verbose
        .then(|| session::describe_target(&cli.global));
    let flags = flags::Flags::from_global(&cli.global);
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) => {
            let (exit, hint) = classify(&err);
            let hint = hint.map(|h| flags.for_error(&err).apply(&h));
            if exit != Exit::Ok {
                match verbose {
                    // One cause per line instead of the chain joined on one.
                    Some(target) => eprint!(
                        "{}{}",
                        output::error_banner(&err.to_string(), hint.as_deref(), color),
                        output::error_detail(&err, exit as u8, &target, color)
                    ),
                    None => eprint!(
                        "{}",
                        output::error_banner(&format!("{err:#}"), hint.as_deref(), color)
                    ),
                }
            }
            exit.into()
        }
    }
}

/// Every value of a global option, wherever on the command line it was given.
fn all_values(m: &clap::ArgMatches, id: &str) -> Vec<String> {
    let mut values: Vec<String> = m
        .get_many::<String>(id)
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    if let Some((_, sub)) = m.subcommand() {
        let deeper = all_values(sub, id);
        if deeper.len() > values.len() {
            values = deeper;
        }
    }
    values
}

/// The umask the user started us with, given back to children.
static USER_UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();

/// The user's own umask, which child processes get back instead of ours.
pub(crate) fn user_umask() -> rustix::fs::Mode {
    rustix::fs::Mode::from_raw_mode(USER_UMASK.get().copied().unwrap_or(0o022))
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    // `diff` compares two environments; `token create` makes one token for several.
    if g.all_envs.len() > 1
        && !matches!(
            cli.command,
            Command::Diff(_)
                | Command::Token(Family {
                    command: token::Command::Create { .. },
                })
        )
    {
        return Err(crate::error::UserError::new(
            Exit::Usage,
            "--env was given more than once",
            "only `diff --env A --env B` compares two environments",
        )
        .into());
    }
    if g.all_envs.len() > 2 {
        return Err(crate::error::UserError::new(
            Exit::Usage,
            "diff compares two environments, not more",
            "pass --env A --env B",
        )
        .into());
    }
    if let Command::Inject(a) = cli.command {
        return inject::run(g, a);
    }
    #[cfg(feature = "server")]
    if let Command::Lease(Family { command: c }) = cli.command {
        return lease::run(g, c);
    }
    if let Command::Diff(a) = cli.command {
        return diff::run(g, a);
    }
    if let Command::Scan(a) = cli.command {
        return scan::run(g, a);
    }
    if let Command::Check(a) = cli.command {
        return check::run(g, a);
    }
    if let Command::File(Family { command: c }) = cli.command {
        return file::run(g, c);
    }
    run_command(g, cli.command).map(|()| Exit::Ok.into())
}

fn run_command(g: &Global, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Init(a) => init::run(g, a),
        Command::Unlock(a) => unlock::run(g, a),
        Command::Lock(a) => lock::run(g, a),
        Command::Passwd(a) => passwd::run(g, a),
        Command::Status(a) => status::run(g, a),
        Command::Project(Family { command: c }) => project::run(g, c),
        Command::Env(Family { command: c }) => env::run(g, c),
        Command::Set(a) => set::run(g, a),
        Command::Get(a) => get::run(g, a),
        Command::List(a) => list::run(g, a),
        Command::Rm(a) => rm::run(g, a),
        Command::Restore(a) => restore::run(g, a),
        Command::Purge(a) => purge::run(g, a),
        Command::History(a) => history::run(g, a),
        Command::Rollback(a) => rollback::run(g, a),
        Command::Stage(a) => stage::run(g, a),
        Command::Promote(a) => promote::run(g, a),
        Command::Rotate(a) => rotate::run(g, a),
        #[cfg(feature = "server")]
        Command::Lease(Family { command: c }) => lease::run(g, c).map(drop),
        Command::Import(a) => import::run(g, a),
        Command::Export(a) => export::run(g, a),
        Command::Context(Family { command: c }) => context::run(g, c),
        Command::Audit(a) => audit::run(g, a),
        Command::RotateKey(a) => rotate_key::run(g, a),
        Command::Doctor(a) => doctor::run(g, a),
        Command::Completions(a) => completions::run(a),
        Command::Man(a) => man::run(a),
        Command::Complete(a) => complete::run(a),
        Command::Login(a) => login::run(g, a),
        Command::Logout(a) => logout::run(g, a),
        Command::Invite(a) => invite::run(g, a),
        Command::Member(Family { command: c }) => team::member::run(g, c),
        Command::Device(Family { command: c }) => team::device::run(g, c),
        Command::Push(a) => push::run(g, a),
        Command::Pull(a) => pull::run(g, a),
        Command::Watch(a) => watch::run(g, a),
        Command::Identity(Family { command: c }) => identity::run(g, c),
        #[cfg(feature = "server")]
        Command::Server(a) => server::run(g, a),
        #[cfg(feature = "server")]
        Command::Serve(a) => serve::run(g, a),
        Command::Agent(a) => agent::run(a),
        Command::Changes(Family { command: c }) => team::changes::run(g, c),
        Command::Token(Family { command: c }) => token::run(g, c),
        Command::Share(Family { command: c }) => share::run(g, c),
        Command::Recovery(Family { command: c }) => recovery::run(g, c),
        Command::Ca(Family { command: c }) => pki::ca::run(g, c),
        Command::Cert(Family { command: c }) => pki::cert::run(g, c),
        Command::Inject(_)
        | Command::Diff(_)
        | Command::Scan(_)
        | Command::Check(_)
        | Command::File(_) => {
            unreachable!("dispatched before")
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Every run builds the top-level tree; a family's commands (`token create`...) are
    /// built only when it is named, so a short command does not pay for all of them.
    #[test]
    fn the_tree_every_run_builds_holds_no_family_commands() {
        let eager: Vec<_> = Cli::command()
            .get_subcommands()
            .filter(|c| c.has_subcommands())
            .map(|c| c.get_name().to_string())
            .collect();
        assert!(eager.is_empty(), "built before being named: {eager:?}");
        let mut built = Cli::command();
        built.build();
        let token = built.find_subcommand("token").expect("token is a family");
        assert!(token.find_subcommand("create").is_some());
    }

    /// Deferred building runs an `Args` struct's own attributes after the variant's, so a
    /// doc comment on the struct would replace the description `--help` shows.
    #[test]
    fn deferred_subcommands_keep_the_description_the_listing_shows() {
        let text = |s: Option<&clap::builder::StyledStr>| s.map(|a| a.to_string());
        let listed: Vec<_> = Cli::command()
            .get_subcommands()
            .map(|c| {
                (
                    c.get_name().to_string(),
                    text(c.get_about()),
                    text(c.get_long_about()),
                )
            })
            .collect();
        let mut built = Cli::command();
        built.build();
        for (name, about, long_about) in listed {
            let sub = built
                .find_subcommand(&name)
                .expect("the subcommand is still there");
            assert_eq!(
                text(sub.get_about()),
                about,
                "`{name} --help` describes the command differently"
            );
            assert_eq!(
                text(sub.get_long_about()),
                long_about,
                "`{name} --help` has another long description"
            );
        }
    }
}
