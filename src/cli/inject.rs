//! `secretscli inject -- cmd`: run a program with the environment's items as variables.
//!
//! The fast path resolves the environment with one query per environment in the chain and
//! then exec()s the child, so signals, job control, the TTY and the exit code are the
//! child's own. Plaintext never touches disk: no temp files, and this process marks itself
//! non-dumpable before it decrypts anything.

use std::ffi::OsString;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::inject::{self, NameTransform, Options, Plan, Source};
use crate::output;
use crate::vault::Kind;

/// Arguments of `inject`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  secretscli inject -- npm start\n  secretscli -e prod inject --only DATABASE_URL -- ./migrate\n  secretscli inject --shell"
)]
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
    #[arg(long, conflicts_with = "command")]
    shell: bool,
    /// The command to run, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<OsString>,
}

/// Resolves, reports what was left out, records the run, then replaces this process.
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    // Before any plaintext exists in this process: no core dumps, no ptrace by others.
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    let (program, argv) = command(&args)?;
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let sources: Vec<Source> = vault
        .reveal_all(&mut unlocked, &env)?
        .into_iter()
        .map(|r| Source {
            literal: r.info.literal,
            is_config: r.info.kind == Kind::Config,
            name: r.info.name,
            value: r.value,
        })
        .collect();
    let opts = Options {
        only: args.only.clone(),
        prefix: args.prefix.clone(),
        transform: args.name_transform,
        allow_dangerous: args.allow_dangerous.clone(),
        override_parent: args.override_parent,
        shell_names_only: args.shell,
        strict: args.strict,
    };
    let mut plan = inject::plan(&sources, std::env::vars_os().collect(), &opts).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the item with `secretscli set`, or mark it --literal",
        )
    })?;
    drop(sources);
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
    drop(vault);
    super::restore_umask();
    Err(exec_error(
        &argv0,
        Command::new(&program)
            .args(&argv)
            .env_clear()
            .envs(plan.env.iter().map(|(k, v)| (k, v)))
            .exec(),
    ))
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
fn report(plan: &Plan) {
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
