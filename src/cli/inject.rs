//! `secretscli inject -- cmd`: run a program with the environment's items as variables.
//!
//! The fast path resolves the environment with one query per environment in the chain and
//! then exec()s the child, so signals, job control, the TTY and the exit code are the
//! child's own. With `--mask` or `--watch` secretscli stays as the child's supervisor
//! (src/inject/supervise.rs). Plaintext never touches disk: no temp files, and this process
//! marks itself non-dumpable before it decrypts anything.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::os::unix::ffi::OsStrExt;
use std::process::ExitCode;
use std::time::Duration;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::error::{Exit, UserError};
use crate::inject::supervise::{self, ChildSpec, Event, Reload, Watch};
use crate::inject::{self, NameTransform, Options, Plan, Source};
use crate::output;
use crate::vault::{Env, Project, Unlocked, Vault};

const EXAMPLES: &str = "Examples:\n  secretscli inject -- npm start\n  secretscli -e prod inject --only DATABASE_URL -- ./migrate\n  secretscli inject --shell";

/// `inject --help` and `man secretscli-inject`: what the README says about references,
/// blocked variables, masking and watch, so an installed user needs no source file. The
/// blocked list is built from the list inject uses, so the two cannot drift apart.
fn long_help() -> String {
    let blocked: Vec<String> = inject::names::DANGEROUS_PREFIXES
        .iter()
        .map(|p| format!("{p}*"))
        .chain(inject::names::DANGEROUS.iter().map(|n| n.to_string()))
        .collect();
    format!(
        "\
References: ${{NAME}} and ${{NAME:-default}} expand, looking at the environment's items
first (inherited ones included), then the variables already set. A bare $ is literal
(pa$word survives); \\${{ writes a literal ${{. Items set with --literal, or imported
from single-quoted dotenv values, are never expanded. An unknown reference expands to
nothing with a warning (--strict: error, exit 8); a cycle is always an error.

Existing variables win over vault values unless --override; inject names the ones it
kept.

Blocked variables (they change how programs load code), injected only when named in
--allow-dangerous NAME: {}.

Masking: --mask passes the command's stdout and stderr through a filter that replaces
every injected secret value of 4 bytes or more (config items are left alone) with
<concealed by secretscli>, also when a value is split across writes. On by default when
$CI is set and stdout is not a terminal; --no-mask turns it off.

Watch: --watch restarts the command when a value it uses changes: SIGTERM, then SIGKILL
after --grace, then a fresh start with the new values; stderr names what changed, never
the values. With --mask or --watch secretscli stays as a supervisor that forwards
signals and exits with the command's code (128+N when signal N killed it).

Without them inject replaces itself with the command (exec). Nothing is written to disk;
each run writes one audit entry with the names injected, never values. A command that
is not found exits 127, one that cannot be run 126.

{EXAMPLES}",
        blocked.join(", ")
    )
}

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES, after_long_help = long_help())]
pub struct Args {
    /// Only these items (comma-separated stored names); references may still use others
    #[arg(long, value_delimiter = ',', value_name = "KEYS")]
    only: Vec<String>,
    /// Prefix every variable name, e.g. APP_
    #[arg(long, value_name = "PREFIX", default_value = "")]
    prefix: String,
    /// Turn stored names into variable names (database.host -> DATABASE_HOST with upper)
    #[arg(long, value_enum, value_name = "HOW", default_value_t = NameTransform::None)]
    name_transform: NameTransform,
    /// Vault values replace variables already set (by default the existing variable wins)
    #[arg(long = "override")]
    override_parent: bool,
    /// Inject this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    allow_dangerous: Vec<String>,
    /// Fail on a ${NAME} reference that matches no item and no variable (default: empty + warning)
    #[arg(long)]
    strict: bool,
    /// Start your $SHELL with the variables (names that are not shell identifiers are skipped)
    #[arg(long, conflicts_with_all = ["command", "watch"])]
    shell: bool,
    /// Replace secret values in the command's output with <concealed by secretscli>
    /// [default: on when $CI is set and stdout is not a terminal]
    #[arg(long, overrides_with = "no_mask")]
    mask: bool,
    /// Never mask output
    #[arg(long)]
    no_mask: bool,
    /// Restart the command when an item it uses changes
    #[arg(long)]
    watch: bool,
    /// On restart, how long to wait after SIGTERM before SIGKILL
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    grace: Duration,
    /// The command to run, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<OsString>,
}

/// Resolves, reports what was left out, records the run, then replaces this process (or,
/// with masking or watching, supervises the child).
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    // Before any plaintext exists in this process: no core dumps, no ptrace by others.
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    let (program, argv) = command(&args)?;
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let opts = options(&args);
    let mask = opts.collect_secrets;
    let mut plan = build_plan(&vault, &mut unlocked, &env, &opts)?;
    report(&plan);
    let label = format!("{}/{}", project.name, env.name);
    if args.shell {
        mark_shell(&mut plan, &label);
    }
    let argv0 = program.to_string_lossy().into_owned();
    vault.record_reveal(
        "inject",
        &project.name,
        &env.name,
        plan.injected.clone(),
        &argv0,
    )?;
    if !mask && !args.watch {
        drop(vault);
        rustix::process::umask(super::user_umask());
        let err = inject::exec::exec(&program, &argv, &plan.env);
        return Err(exec_error(&argv0, err));
    }
    let watch = args
        .watch
        .then(|| watcher(vault, unlocked, project, env, opts, &plan, argv0.clone()));
    let spec = ChildSpec {
        program,
        args: argv,
        env: std::mem::take(&mut plan.env),
    };
    let supervised = supervise::Options {
        mask: mask.then(|| plan.secrets.iter().map(|s| s.expose().to_vec()).collect()),
        watch,
        grace: args.grace,
        on_event: Box::new(tell),
        child_umask: Some(super::user_umask()),
        ..supervise::Options::default()
    };
    let code = supervise::supervise(spec, supervised).map_err(|e| exec_error(&argv0, e))?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

fn options(args: &Args) -> Options {
    Options {
        only: args.only.clone(),
        prefix: args.prefix.clone(),
        transform: args.name_transform,
        allow_dangerous: args.allow_dangerous.clone(),
        override_parent: args.override_parent,
        shell_names_only: args.shell,
        strict: args.strict,
        collect_secrets: mask_enabled(args),
    }
}

/// Decrypts `env` (one query per environment in its chain) and builds the child's environment.
fn build_plan(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    opts: &Options,
) -> anyhow::Result<Plan> {
    let sources: Vec<Source> = vault
        .reveal_all(unlocked, env)?
        .into_iter()
        .map(Source::from)
        .collect();
    let plan = inject::plan(&sources, std::env::vars_os().collect(), opts).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the item with `secretscli set`, or mark it --literal",
        )
    })?;
    Ok(plan)
}

/// Masking is for logs: on with `--mask`, or by default in CI when output is not a terminal.
fn mask_enabled(args: &Args) -> bool {
    if args.mask || args.no_mask {
        return args.mask;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    ci && !std::io::stdout().is_terminal()
}

/// Says what the supervisor is doing, by name only.
fn tell(event: Event) {
    match event {
        Event::Restarting { changed } => output::note(&format!(
            "secretscli: {} changed; restarting the command",
            changed.join(", ")
        )),
        Event::Stopping { signal } => output::note(&format!(
            "secretscli: got signal {signal}; waiting for the command to exit"
        )),
        Event::Killed { after } => output::note(&format!(
            "secretscli: the command ignored SIGTERM for {}; killed it",
            humantime::format_duration(after)
        )),
        Event::ReloadFailed { error } => output::warn(&format!(
            "could not reload the environment ({error}); the command keeps running"
        )),
    }
}

/// The variables injected from the vault, by name, to tell what a change touched.
fn injected_values(plan: &Plan) -> HashMap<String, SecretBytes> {
    plan.env
        .iter()
        .filter_map(|(k, v)| {
            let k = k.to_str()?;
            plan.injected
                .iter()
                .any(|n| n == k)
                .then(|| (k.to_string(), SecretBytes::new(v.as_bytes().to_vec())))
        })
        .collect()
}

/// Watches the vault's directory; a cheap revision check filters unrelated writes, and a
/// restart happens only when an injected value actually changed.
fn watcher(
    mut vault: Vault,
    mut unlocked: Unlocked,
    project: Project,
    env: Env,
    opts: Options,
    plan: &Plan,
    argv0: String,
) -> Watch {
    let paths = vec![vault.path().parent().unwrap_or(vault.path()).to_path_buf()];
    let revisions = |vault: &Vault, env: &Env| -> anyhow::Result<Vec<(uuid::Uuid, i64)>> {
        Ok(vault
            .chain(env)?
            .iter()
            .map(|e| (e.id, e.revision))
            .collect())
    };
    let mut last_revisions = revisions(&vault, &env).unwrap_or_default();
    let mut last_values = injected_values(plan);
    let reload = move || -> anyhow::Result<Option<Reload>> {
        let env = vault.env(&project, &env.name)?;
        let now = revisions(&vault, &env)?;
        if now == last_revisions {
            return Ok(None);
        }
        last_revisions = now;
        let plan = build_plan(&vault, &mut unlocked, &env, &opts)?;
        let values = injected_values(&plan);
        let mut changed: Vec<String> = values
            .iter()
            .filter(|(k, v)| {
                last_values
                    .get(*k)
                    .is_none_or(|old| old.expose() != v.expose())
            })
            .map(|(k, _)| k.clone())
            .chain(
                last_values
                    .keys()
                    .filter(|k| !values.contains_key(*k))
                    .cloned(),
            )
            .collect();
        if changed.is_empty() {
            return Ok(None);
        }
        changed.sort();
        last_values = values;
        vault.record_reveal(
            "inject",
            &project.name,
            &env.name,
            plan.injected.clone(),
            &format!("{argv0} (restart)"),
        )?;
        let secrets = plan.secrets.iter().map(|s| s.expose().to_vec()).collect();
        Ok(Some(Reload {
            env: plan.env,
            changed,
            secrets,
        }))
    };
    Watch {
        paths,
        reload: Box::new(reload),
    }
}

fn command(args: &Args) -> anyhow::Result<(OsString, Vec<OsString>)> {
    if args.shell {
        let shell = std::env::var_os("SHELL")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "/bin/sh".into());
        return Ok((shell, Vec::new()));
    }
    match args.command.split_first() {
        Some((program, rest)) => Ok((program.clone(), rest.to_vec())),
        None => Err(UserError::new(
            Exit::Usage,
            "no command to run",
            "put it after `--`, e.g. `secretscli inject -- npm start`, or use --shell",
        )
        .into()),
    }
}

/// Says on stderr, by name only, what was not injected and why.
pub(super) fn report(plan: &Plan) {
    if !plan.skipped_dangerous.is_empty() {
        output::warn(&format!(
            "not injected (can change how programs load code): {}; pass --allow-dangerous NAME to inject one",
            plan.skipped_dangerous.join(", ")
        ));
    }
    if !plan.skipped_not_identifier.is_empty() {
        output::warn(&format!(
            "not injected (not shell identifiers): {}",
            plan.skipped_not_identifier.join(", ")
        ));
    }
    if !plan.kept_parent.is_empty() {
        output::warn(&format!(
            "kept the values already set in your environment for: {} (--override to replace them)",
            plan.kept_parent.join(", ")
        ));
    }
    for (item, reference) in &plan.unknown_refs {
        output::warn(&format!(
            "{item}: ${{{reference}}} is not an item or a variable; it expanded to nothing (--strict makes this an error)"
        ));
    }
}

/// Tells the shell (and the user, via its prompt) which environment it carries.
fn mark_shell(plan: &mut Plan, label: &str) {
    let ps1 = plan
        .env
        .iter()
        .find(|(k, _)| k == "PS1")
        .map(|(_, v)| v.to_string_lossy().into_owned())
        .unwrap_or_else(|| "\\$ ".into());
    plan.env
        .retain(|(k, _)| k != "PS1" && k != "SECRETSCLI_SHELL");
    plan.env.push(("SECRETSCLI_SHELL".into(), label.into()));
    plan.env
        .push(("PS1".into(), format!("(secretscli {label}) {ps1}").into()));
    output::note(&format!(
        "starting a shell with {} variables from {label}; exit it to drop them",
        plan.injected.len()
    ));
}

/// exec() only returns on failure; map it like shells do (127 not found, 126 not runnable).
fn exec_error(program: &str, err: std::io::Error) -> anyhow::Error {
    let (exit, hint) = match err.kind() {
        std::io::ErrorKind::NotFound => (
            Exit::CommandNotFound,
            "check the spelling, or give the full path",
        ),
        std::io::ErrorKind::PermissionDenied => (
            Exit::CannotExecute,
            "make it executable (chmod +x), or run it through its interpreter",
        ),
        _ => (
            Exit::CannotExecute,
            "check that the command can run without secretscli",
        ),
    };
    UserError::new(exit, format!("cannot run {program:?}: {err}"), hint).into()
}
