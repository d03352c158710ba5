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
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::error::{Exit, UserError};
use crate::feed::slots::{SlotEvent, Slots};
use crate::inject::supervise::{self, ChildSpec, Event, OnChange, Reload, Watch};
use crate::inject::{self, NameTransform, Options, Plan, Source};
use crate::output;
use crate::vault::{Alias, Env, Project, Unlocked, Vault};

const EXAMPLES: &str = "Examples:\n  secretscli inject -- npm start\n  secretscli -e prod inject --only DATABASE_URL -- ./migrate\n  secretscli inject --shell\n  secretscli inject --file .env.prod.enc -- ./deploy";

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
the values. With --restart-group NAME --max-restarting N, watchers of one group (on
any machine syncing the environment) take one of N slots on the server before restarting
and give it back once the new command has run --healthy-after; when the server does not
answer for 15 s they restart without a slot, saying so. With a service token
(SECRETSCLI_TOKEN) --watch follows the server's change feed with the token and fetches
its values again on each change (each fetch is a use); --restart-group needs a device.

With --mask or --watch secretscli stays as a supervisor that forwards
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
    /// Restart the command when an item it uses changes (here, or, for an environment
    /// that syncs, pushed by another device: followed on the server's change feed)
    #[arg(long)]
    watch: bool,
    /// With --watch, what a change does: restart (SIGTERM, --grace, SIGKILL, start
    /// again), signal:NAME (e.g. signal:HUP; the command keeps its old variables and
    /// reloads by itself), or none (only say so)
    #[arg(long, value_name = "HOW", default_value = "restart", value_parser = OnChange::parse, requires = "watch")]
    on_change: OnChange,
    /// With --watch on an environment that syncs: before each restart, take one of
    /// --max-restarting slots of this group on the server, so that the commands of one
    /// group restart a few at a time (letters, digits, '.', '_', '-')
    #[arg(long, value_name = "NAME", requires = "watch")]
    restart_group: Option<String>,
    /// With --restart-group: how many commands of the group may restart at once
    #[arg(long, value_name = "N", default_value_t = 1, requires = "restart_group",
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    max_restarting: u32,
    /// With --restart-group: how long a restarted command must run before its slot is
    /// given back (it is given back at once if the command exits)
    #[arg(long, value_name = "DURATION", default_value = "5s", requires = "restart_group",
          value_parser = humantime::parse_duration)]
    healthy_after: Duration,
    /// With --watch, how to follow the server: ws (WebSocket), poll (long-poll), or auto
    /// (WebSocket, and long-poll when the server refuses the upgrade)
    #[arg(
        long,
        value_enum,
        value_name = "HOW",
        default_value = "auto",
        requires = "watch"
    )]
    transport: super::watch::FeedTransport,
    /// Refresh the environment from its sync server before starting (a few seconds at
    /// most; when that fails the local copy is used, saying so)
    /// [default: `context set --pull on|off`, else off]
    #[arg(long, overrides_with = "no_pull")]
    pull: bool,
    /// Do not refresh from the server before starting, whatever the context says
    #[arg(long)]
    no_pull: bool,
    /// Refuse to start when a key secretscli.schema.toml requires is missing or ill-typed;
    /// missing keys with a default get it
    #[arg(long)]
    check: bool,
    /// The schema for --check [default: secretscli.schema.toml here or in a parent directory]
    #[arg(long, value_name = "FILE", requires = "check")]
    schema: Option<std::path::PathBuf>,
    /// On restart, how long to wait after SIGTERM before SIGKILL
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration)]
    grace: Duration,
    /// Inject the values of this encrypted env file (`file encrypt`) instead of the vault's
    /// environment; the file names its environment, whose key opens it
    #[arg(long, value_name = "FILE", conflicts_with = "watch")]
    file: Option<std::path::PathBuf>,
    /// Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)
    #[arg(long)]
    token_stdin: bool,
    /// Which version of each item: `next` takes an item's staged version (`stage`) where it
    /// has one and its current version elsewhere, to try a rotation before `promote`
    #[arg(long, value_enum, value_name = "ALIAS", default_value_t = AliasArg::Current, conflicts_with = "file")]
    alias: AliasArg,
    /// Also hand over the issued certificate NAME (`cert issue`) as TLS_CERT, TLS_KEY and
    /// TLS_CA (PEM)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["file", "token_stdin", "watch"])]
    cert: Option<String>,
    /// The command to run, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<OsString>,
}

/// The versions `--alias` can pick for a whole environment (`previous` is per item: `get`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AliasArg {
    /// Every item's current version
    Current,
    /// An item's staged `next` version where it has one, else its current version
    Next,
}

impl AliasArg {
    fn alias(self) -> Alias {
        match self {
            AliasArg::Current => Alias::Current,
            AliasArg::Next => Alias::Next,
        }
    }
}

/// Resolves, reports what was left out, records the run, then replaces this process (or,
/// with masking or watching, supervises the child).
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    // Before any plaintext exists in this process: no core dumps, no ptrace by others.
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    if let Some(token) = super::token::from_env(args.token_stdin)? {
        return run_with_token(g, &args, token);
    }
    let (program, argv) = command(&args)?;
    let opts = options(&args);
    let mask = opts.collect_secrets;
    let (mut vault, project, env, mut plan, unlocked) = match &args.file {
        Some(path) => {
            let (vault, env, mut sources) = super::file::inject_sources(g, path)?;
            if let Some(schema) = schema_check(&args) {
                let defaults = check_schema(&sources, &env.name, schema.as_deref())?;
                sources.extend(defaults);
            }
            let plan = plan_sources(&sources, &opts)?;
            let project = vault.project(&env.project)?;
            (vault, project, env, plan, None)
        }
        None => {
            let mut vault = session::open(g)?;
            let ctx = session::context(g)?;
            // --pull, --no-pull, else the context's setting.
            let pull = args.pull || (!args.no_pull && ctx.pull);
            let (project, env) = session::target_in(&vault, ctx)?;
            let mut unlocked = session::unlock(&mut vault, g)?;
            let env = match pull {
                true => refresh(g, &mut vault, &mut unlocked, &project, env)?,
                false => env,
            };
            let extra = match &args.cert {
                Some(name) => cert_sources(&mut vault, &mut unlocked, &project, name)?,
                None => Vec::new(),
            };
            // --only names the certificate's variables too (a copy only with --cert).
            let with_cert;
            let plan_opts = match extra.is_empty() || opts.only.is_empty() {
                true => &opts,
                false => {
                    let mut o = opts.clone();
                    o.only.extend(extra.iter().map(|s| s.name.clone()));
                    with_cert = o;
                    &with_cert
                }
            };
            let plan = build_plan(
                &vault,
                (&mut unlocked, args.alias.alias()),
                &env,
                (plan_opts, extra),
                schema_check(&args).as_ref(),
            )?;
            (vault, project, env, plan, Some(unlocked))
        }
    };
    report(&plan);
    let label = format!("{}/{}", project.name, env.name);
    if args.shell {
        mark_shell(&mut plan, &label);
    }
    let argv0 = program.to_string_lossy().into_owned();
    let detail = match &args.file {
        Some(path) => format!("{argv0} (from {})", path.display()),
        None => argv0.clone(),
    };
    vault.record_reveal(
        "inject",
        &project.name,
        &env.name,
        plan.injected.clone(),
        &detail,
    )?;
    if !mask && !args.watch {
        vault.leave_for_exec();
        return Err(exec_child(&program, &argv, &plan, &argv0));
    }
    // --watch conflicts with --file, so the vault was unlocked whenever it is asked for.
    let watch = match (args.watch, unlocked) {
        (true, Some(unlocked)) => {
            let gate = restart_gate(g, &mut vault, &unlocked, &env, &args)?;
            let nudges = follow_server(g, &vault, &unlocked, (&project, &env), args.transport);
            let check = schema_check(&args);
            let mut watch = watcher(
                vault,
                (unlocked, args.alias.alias()),
                (project, env),
                opts,
                check,
                &plan,
                (argv0.clone(), args.on_change),
            );
            watch.nudges = nudges;
            watch.gate = gate;
            Some(watch)
        }
        _ => None,
    };
    supervise_child(
        Child {
            program,
            argv,
            argv0,
        },
        plan,
        mask,
        watch,
        args.grace,
    )
}

/// The command to run and its name for messages.
struct Child {
    program: OsString,
    argv: Vec<OsString>,
    argv0: String,
}

/// Runs the child under the supervisor (masking output and/or watching for changes) and
/// returns its exit code.
fn supervise_child(
    child: Child,
    mut plan: Plan,
    mask: bool,
    watch: Option<Watch>,
    grace: Duration,
) -> anyhow::Result<ExitCode> {
    let spec = ChildSpec {
        program: child.program,
        args: child.argv,
        env: std::mem::take(&mut plan.env),
    };
    let supervised = supervise::Options {
        mask: mask.then(|| plan.secrets.iter().map(|s| s.expose().to_vec()).collect()),
        watch,
        grace,
        on_event: Box::new(tell),
        child_umask: Some(super::user_umask()),
        ..supervise::Options::default()
    };
    let code = supervise::supervise(spec, supervised).map_err(|e| exec_error(&child.argv0, e))?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// Replaces this process with the child; returns only when that failed.
fn exec_child(program: &OsString, argv: &[OsString], plan: &Plan, argv0: &str) -> anyhow::Error {
    rustix::process::umask(super::user_umask());
    let err = inject::exec::exec(program, argv, &plan.env);
    exec_error(argv0, err)
}

/// `inject` with a service token: the values come from the server (no vault, nothing on
/// disk); the server audits the use. `--watch` follows the server's feed with the token.
fn run_with_token(
    g: &Global,
    args: &Args,
    token: crate::token::ServiceToken,
) -> anyhow::Result<ExitCode> {
    if args.restart_group.is_some() {
        return Err(UserError::new(
            Exit::Usage,
            "--restart-group needs a device login, and this run uses a service token",
            "run without --restart-group, or from a logged-in device (`secretscli login`)",
        )
        .into());
    }
    let (program, argv) = command(args)?;
    let (_, env) = super::token::open_env(g, &token)?;
    let followed: Vec<uuid::Uuid> = std::iter::once(env.ids.1)
        .chain(env.parents.iter().copied())
        .collect();
    let opts = options(args);
    let mask = opts.collect_secrets;
    let label = format!("{}/{}", env.project, env.env);
    let env_name = env.env.clone();
    let mut sources: Vec<Source> = match &args.file {
        Some(path) => super::file::token_sources(path, env)?,
        None => env.items.into_iter().map(Source::from).collect(),
    };
    if let Some(schema) = schema_check(args) {
        let defaults = check_schema(&sources, &env_name, schema.as_deref())?;
        sources.extend(defaults);
    }
    let mut plan = plan_sources(&sources, &opts)?;
    report(&plan);
    if args.shell {
        mark_shell(&mut plan, &label);
    }
    let argv0 = program.to_string_lossy().into_owned();
    if !mask && !args.watch {
        return Err(exec_child(&program, &argv, &plan, &argv0));
    }
    let watch = match args.watch {
        true => Some(token_watcher(
            g,
            token,
            &followed,
            (opts, schema_check(args)),
            &plan,
            args.on_change,
        )?),
        false => None,
    };
    supervise_child(
        Child {
            program,
            argv,
            argv0,
        },
        plan,
        mask,
        watch,
        args.grace,
    )
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
    (unlocked, alias): (&mut Unlocked, Alias),
    env: &Env,
    (opts, extra): (&Options, Vec<Source>),
    check: Option<&Option<PathBuf>>,
) -> anyhow::Result<Plan> {
    let mut sources: Vec<Source> = vault
        .reveal_all_at(unlocked, env, alias)?
        .into_iter()
        .map(Source::from)
        .collect();
    // A certificate's variables replace items of the same name: `--cert` asked for them.
    sources.retain(|s| !extra.iter().any(|e| e.name == s.name));
    sources.extend(extra);
    if let Some(schema) = check {
        let defaults = check_schema(&sources, &env.name, schema.as_deref())?;
        sources.extend(defaults);
    }
    plan_sources(&sources, opts)
}

/// `--cert NAME`: the certificate, its key and its CA's certificate, as literal sources.
fn cert_sources(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    project: &crate::vault::Project,
    name: &str,
) -> anyhow::Result<Vec<Source>> {
    let cert = crate::pki::Pki::open(vault, unlocked, project, false)
        .and_then(|mut p| p.cert(name))
        .map_err(super::pki::user_error)?;
    let source = |name: &str, pem: &str| Source {
        name: name.to_string(),
        value: crate::crypto::SecretBytes::new(pem.as_bytes().to_vec()),
        literal: true,
        is_config: false,
    };
    Ok(vec![
        source(crate::pki::TLS_CERT_VAR, &cert.cert_pem),
        source(crate::pki::TLS_KEY_VAR, cert.expose_key_pem()),
        source(crate::pki::TLS_CA_VAR, &cert.ca_pem),
    ])
}

/// The child's environment from decrypted sources (the vault's or an encrypted file's).
fn plan_sources(sources: &[Source], opts: &Options) -> anyhow::Result<Plan> {
    let plan = inject::plan(sources, std::env::vars_os().collect(), opts).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the item with `secretscli set`, or mark it --literal",
        )
    })?;
    Ok(plan)
}

/// `Some(--schema)` when `--check` was given.
fn schema_check(args: &Args) -> Option<Option<PathBuf>> {
    args.check.then(|| args.schema.clone())
}

/// `--check`: the schema's verdict on `env` before anything starts. Refuses (exit 8) on a
/// missing or ill-typed key, naming each; returns the defaults of the keys it lacks.
fn check_schema(
    sources: &[Source],
    env: &str,
    schema: Option<&std::path::Path>,
) -> anyhow::Result<Vec<Source>> {
    let Some((path, schema)) = super::check::load_schema(schema)? else {
        return Err(UserError::new(
            Exit::NotFound,
            format!(
                "--check: no {} in this directory or its parents",
                crate::schema::FILE_NAME
            ),
            "write one with `secretscli check --init`, or pass --schema FILE",
        )
        .into());
    };
    let resolved = super::check::resolve_sources(sources, env)?;
    let views: Vec<_> = resolved.iter().map(super::check::Resolved::view).collect();
    let report = crate::schema::check_env(&schema, &views);
    let mut problems: Vec<String> = report
        .missing
        .iter()
        .map(|n| format!("{n} is missing"))
        .collect();
    problems.extend(
        report
            .invalid
            .iter()
            .map(|i| format!("{} is {}", i.name, i.why)),
    );
    if !problems.is_empty() {
        return Err(UserError::new(
            Exit::InvalidInput,
            format!(
                "{} does not satisfy {}: {}",
                env,
                path.display(),
                problems.join("; ")
            ),
            format!(
                "set the keys with `secretscli -e {env} set KEY`, then run `secretscli -e {env} check`"
            ),
        )
        .into());
    }
    Ok(report
        .defaulted
        .iter()
        .filter_map(|name| {
            let default = schema.keys[name].spec.default.as_ref()?;
            Some(Source {
                name: name.clone(),
                value: SecretBytes::new(default.as_bytes().to_vec()),
                literal: true,
                is_config: true,
            })
        })
        .collect())
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
        Event::Signalled { changed, signal } => output::note(&format!(
            "secretscli: {} changed; sent signal {signal} to the command",
            changed.join(", ")
        )),
        Event::Unchanged { changed } => output::note(&format!(
            "secretscli: {} changed; the command keeps running with the old values (--on-change none)",
            changed.join(", ")
        )),
        Event::SignalIgnored { signal } => output::warn(&format!(
            "--on-change sends signal {signal}, which this process ignores (started under nohup?); the command inherits that and will likely not see it: choose another signal (signal:USR1) or start secretscli without ignoring it"
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
    (mut unlocked, alias): (Unlocked, Alias),
    (project, env): (Project, Env),
    opts: Options,
    check: Option<Option<std::path::PathBuf>>,
    plan: &Plan,
    (argv0, on_change): (String, OnChange),
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
        // A change that breaks the schema fails the reload: the command keeps running,
        // and the next write tries again (the revisions are taken only on success).
        let plan = build_plan(
            &vault,
            (&mut unlocked, alias),
            &env,
            (&opts, Vec::new()),
            check.as_ref(),
        )?;
        let values = injected_values(&plan);
        let changed = changed_names(&last_values, &values);
        if changed.is_empty() {
            last_revisions = now;
            return Ok(None);
        }
        vault.record_reveal(
            "inject",
            &project.name,
            &env.name,
            plan.injected.clone(),
            &format!("{argv0} (restart)"),
        )?;
        last_revisions = now;
        last_values = values;
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
        on_change,
        nudges: None,
        gate: None,
    }
}

/// The injected names whose value changed, appeared or went away, sorted.
fn changed_names(
    before: &HashMap<String, SecretBytes>,
    now: &HashMap<String, SecretBytes>,
) -> Vec<String> {
    let mut changed: Vec<String> = now
        .iter()
        .filter(|(k, v)| before.get(*k).is_none_or(|old| old.expose() != v.expose()))
        .map(|(k, _)| k.clone())
        .chain(before.keys().filter(|k| !now.contains_key(*k)).cloned())
        .collect();
    changed.sort();
    changed
}

/// `--watch` with a service token: the token follows the change feed of its environment
/// and ancestors (`token::watch`, long-poll; not a use), and each change it reports is one
/// more fetch of the token's values (a use, audited by the server), compared with what the
/// child has. Nothing touches the disk.
fn token_watcher(
    g: &Global,
    token: crate::token::ServiceToken,
    followed: &[uuid::Uuid],
    (opts, check): (Options, Option<Option<PathBuf>>),
    plan: &Plan,
    on_change: OnChange,
) -> anyhow::Result<Watch> {
    let (tx, nudges) = std::sync::mpsc::channel();
    crate::token::watch::watch(&token, followed, tx).map_err(super::token::token_err)?;
    let asked = g.env.clone();
    let mut last_values = injected_values(plan);
    let reload = move || -> anyhow::Result<Option<Reload>> {
        let env = crate::token::open(&token)
            .and_then(|o| o.pick(asked.as_deref()))
            .map_err(super::token::token_err)?;
        let env_name = env.env.clone();
        let mut sources: Vec<Source> = env.items.into_iter().map(Source::from).collect();
        if let Some(schema) = &check {
            let defaults = check_schema(&sources, &env_name, schema.as_deref())?;
            sources.extend(defaults);
        }
        let plan = plan_sources(&sources, &opts)?;
        let values = injected_values(&plan);
        let changed = changed_names(&last_values, &values);
        if changed.is_empty() {
            return Ok(None);
        }
        last_values = values;
        let secrets = plan.secrets.iter().map(|s| s.expose().to_vec()).collect();
        Ok(Some(Reload {
            env: plan.env,
            changed,
            secrets,
        }))
    };
    Ok(Watch {
        paths: Vec::new(),
        reload: Box::new(reload),
        on_change,
        nudges: Some(nudges),
        gate: None,
    })
}

/// How long `inject --pull` gives the server (`SECRETSCLI_PULL_TIMEOUT`, seconds).
const PULL_TIMEOUT_VAR: &str = "SECRETSCLI_PULL_TIMEOUT";

/// `--pull`: brings `env` up to date from its server within a short timeout; on any
/// failure says why and goes on with the local copy (a laptop offline still starts).
fn refresh(
    g: &Global,
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    project: &Project,
    env: Env,
) -> anyhow::Result<Env> {
    let label = env.label();
    if vault.sync_state(&env)?.is_none() {
        output::note(&format!(
            "--pull: {label} does not sync with a server; using the local copy"
        ));
        return Ok(env);
    }
    let timeout = std::env::var(PULL_TIMEOUT_VAR)
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| *v > 0.0)
        .map_or(Duration::from_secs(3), Duration::from_secs_f64);
    let pulled = (|| -> anyhow::Result<()> {
        let server = session::server(g)?;
        let mut conn = crate::sync::connect(vault, unlocked, server.as_deref())?;
        let mut quick = crate::sync::transport::Transport::quick(
            &conn.remote.urls,
            conn.remote.insecure,
            timeout,
        )?;
        quick.set_token(vault.remote_token(unlocked, &conn.remote)?);
        conn.transport = quick;
        let opts = crate::sync::pull::PullOptions {
            dry_run: false,
            resolve: crate::vault::Resolve::Refuse,
        };
        crate::sync::pull::pull(
            vault,
            unlocked,
            &mut conn,
            &project.name,
            &env.name,
            opts,
            &mut |_| {},
        )?;
        Ok(())
    })();
    if let Err(e) = pulled {
        output::warn(&format!(
            "--pull: could not refresh {label} from the server ({e:#}); using the local copy"
        ));
    }
    Ok(vault.env(project, &env.name)?)
}

/// `--restart-group`: the supervisor's gate, taking a slot of the group on the
/// environment's server before each restart. Refused (usage) when the environment does
/// not sync: there is no server to share slots through.
fn restart_gate(
    g: &Global,
    vault: &mut Vault,
    unlocked: &Unlocked,
    env: &Env,
    args: &Args,
) -> anyhow::Result<Option<supervise::Gate>> {
    let Some(group) = &args.restart_group else {
        return Ok(None);
    };
    if vault.sync_state(env)?.is_none() {
        return Err(UserError::new(
            Exit::Usage,
            format!(
                "--restart-group needs an environment that syncs with a server, and {} does not",
                env.label()
            ),
            "push it once (`secretscli push`), or run without --restart-group",
        )
        .into());
    }
    let server = session::server(g)?;
    let conn = crate::sync::connect(vault, unlocked, server.as_deref())?;
    let mut transport = crate::sync::transport::Transport::quick(
        &conn.remote.urls,
        conn.remote.insecure,
        SLOT_TIMEOUT,
    )?;
    transport.set_token(vault.remote_token(unlocked, &conn.remote)?);
    let restart = args.grace.saturating_add(args.healthy_after);
    let mut slots = Slots::new(transport, env.id, group, args.max_restarting, restart)
        .map_err(|e| UserError::new(Exit::Usage, e.to_string(), "e.g. --restart-group web"))?;
    let (group, max, away) = (group.clone(), args.max_restarting, slots.away_limit());
    let acquire = move || -> supervise::Permit {
        Box::new(slots.acquire(&mut |event| tell_slot(&group, max, away, event)))
    };
    Ok(Some(supervise::Gate {
        acquire: Box::new(acquire),
        healthy_after: args.healthy_after,
    }))
}

/// Each request about a restart slot gets this long, connecting included.
const SLOT_TIMEOUT: Duration = Duration::from_secs(5);

/// Says what taking a restart slot is doing.
fn tell_slot(group: &str, max: u32, away_limit: Duration, event: SlotEvent) {
    match event {
        SlotEvent::Waiting => output::note(&format!(
            "secretscli: waiting for a restart slot of group {group} (at most {max} restart at once)"
        )),
        SlotEvent::Granted => {
            output::note(&format!("secretscli: got a restart slot of group {group}"))
        }
        SlotEvent::Away { error } => output::warn(&format!(
            "cannot reach the server for a restart slot of group {group} ({error}); retrying for up to {} ({})",
            humantime::format_duration(away_limit),
            crate::feed::slots::AWAY_LIMIT_VAR
        )),
        SlotEvent::GoingAhead { why } => output::warn(&format!(
            "restarting without a slot of group {group}: {why}"
        )),
    }
}

/// `--watch` on an environment that syncs: a thread per environment of its chain that
/// syncs (itself and the ancestors it inherits from) follows that environment's change
/// feed and pulls each change into the vault, then nudges the supervisor (returned
/// receiver) to reload; the command restarts only if a value it uses changed, so a change
/// to a parent's item that this environment overrides restarts nothing. Anything that keeps
/// a thread from starting is said once; local changes still restart the command.
pub(super) fn follow_server(
    g: &Global,
    vault: &Vault,
    unlocked: &Unlocked,
    (project, env): (&Project, &Env),
    transport: super::watch::FeedTransport,
) -> Option<std::sync::mpsc::Receiver<()>> {
    // A chain the vault cannot walk is reported by the read itself; follow the env alone.
    let chain = vault.chain(env).unwrap_or_else(|_| vec![env.clone()]);
    let (nudge, nudges) = std::sync::mpsc::channel();
    let mut following = false;
    for e in chain
        .iter()
        .filter(|e| matches!(vault.sync_state(e), Ok(Some(_))))
    {
        let nudge = nudge.clone();
        let on_event = move |event: crate::feed::Event| {
            // A change shows as the restart (or nothing, if the command does not use it).
            if matches!(event, crate::feed::Event::Changed { .. }) {
                let _ = nudge.send(());
            } else {
                super::watch::tell(&event);
            }
            std::ops::ControlFlow::Continue(())
        };
        let label = e.label();
        let on_stop = move |err: crate::feed::FeedError| {
            output::warn(&format!(
                "stopped following {label} on the server ({err}); changes made here still restart the command"
            ))
        };
        let opts = crate::feed::Options {
            transport: transport.into(),
            ..crate::feed::Options::default()
        };
        let target = (project.name.as_str(), e.name.as_str());
        match super::watch::follow_on_thread(g, (vault, unlocked), target, opts, on_event, on_stop)
        {
            Ok(()) => following = true,
            Err(err) => output::warn(&format!(
                "cannot follow {} on the server ({err:#}); changes made here still restart the command",
                e.label()
            )),
        }
    }
    following.then_some(nudges)
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
pub(super) fn exec_error(program: &str, err: std::io::Error) -> anyhow::Error {
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
