//! `secretscli check`: environments against `secretscli.schema.toml` (missing, extra,
//! ill-typed and wrong-kind keys) and against each other (`--all`: names not in every
//! environment, secrets stored with the same value in several). Exit 1 on any finding, so
//! CI can gate on it. Reports name keys and reasons, never values.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::error::{Exit, UserError};
use crate::inject::{Source, interpolate};
use crate::output;
use crate::schema::{self, EnvReport, Parity, Schema, SharedValue, Value};
use crate::vault::{Env, Kind, Unlocked, Vault};

const EXAMPLES: &str = "Examples:
  secretscli check --init            # write secretscli.schema.toml from the current env
  secretscli -e prod check           # prod against the schema
  secretscli check --all --json      # every env: schema, parity, shared secrets (CI)";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Check every environment of the project, and their parity (same names; secrets differ)
    #[arg(long)]
    all: bool,
    /// Write a schema describing the current environment (required keys, kinds, types)
    #[arg(long, conflicts_with = "all")]
    init: bool,
    /// With --init: replace an existing schema file
    #[arg(long, requires = "init")]
    force: bool,
    /// The schema file [default: secretscli.schema.toml here or in a parent directory]
    #[arg(long, value_name = "FILE")]
    schema: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// One environment's items with values expanded as inject would expand them.
pub struct Resolved {
    name: String,
    kind: schema::Kind,
    value: SecretBytes,
    from_env: String,
}

#[derive(serde::Serialize)]
struct EnvResult {
    env: String,
    #[serde(flatten)]
    report: EnvReport,
}

#[derive(serde::Serialize)]
struct Report {
    schema: Option<PathBuf>,
    envs: Vec<EnvResult>,
    parity: Vec<Parity>,
    shared: Vec<SharedValue>,
    ok: bool,
}

/// Runs the check; exit 1 when anything is reported.
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    if args.init {
        init(&vault, &mut unlocked, &env, &args)?;
        return Ok(ExitCode::SUCCESS);
    }
    let schema = load(&args)?;
    if schema.is_none() && !args.all {
        return Err(no_schema().into());
    }
    let envs = if args.all {
        // The CA and certificate records are no app's environment (docs/pki.md): comparing
        // them would report every name as missing, and decrypt CA keys for nothing.
        let mut envs = vault.envs(&project)?;
        envs.retain(|e| e.name != crate::pki::PKI_ENV);
        envs
    } else {
        vec![env]
    };
    let mut resolved = Vec::with_capacity(envs.len());
    for env in &envs {
        let items = resolve(&vault, &mut unlocked, env)?;
        // Values were decrypted (never shown): the audit log says so, as for inject.
        let names = items.iter().map(|r| r.name.clone()).collect();
        vault.record_reveal("check", &project.name, &env.name, names, "check")?;
        resolved.push((env.name.clone(), items));
    }
    let report = compare(schema.as_ref(), &resolved, args.all);
    if args.json {
        output::json(&report)?;
    } else {
        print(&project.name, &report)?;
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn compare(
    schema: Option<&(PathBuf, Schema)>,
    resolved: &[(String, Vec<Resolved>)],
    all: bool,
) -> Report {
    let views: Vec<(String, Vec<Value<'_>>)> = resolved
        .iter()
        .map(|(env, items)| (env.clone(), items.iter().map(Resolved::view).collect()))
        .collect();
    let envs: Vec<EnvResult> = match schema {
        Some((_, s)) => views
            .iter()
            .map(|(env, items)| EnvResult {
                env: env.clone(),
                report: schema::check_env(s, items),
            })
            .collect(),
        None => Vec::new(),
    };
    let (mut parity, shared) = if all {
        schema::parity(&views)
    } else {
        (Vec::new(), Vec::new())
    };
    if schema.is_some() {
        // With a schema, a name some envs lack is already reported per env.
        parity.clear();
    }
    let ok = envs.iter().all(|e| e.report.is_clean()) && parity.is_empty() && shared.is_empty();
    Report {
        schema: schema.map(|(p, _)| p.clone()),
        envs,
        parity,
        shared,
        ok,
    }
}

impl Resolved {
    /// The item as the schema checks see it.
    pub fn view(&self) -> Value<'_> {
        Value {
            name: &self.name,
            kind: self.kind,
            value: self.value.expose(),
            from_env: &self.from_env,
        }
    }
}

/// The environment's items (inherited ones included), expanded as `inject` would, with
/// references to variables looked up in this process's environment.
fn resolve(vault: &Vault, unlocked: &mut Unlocked, env: &Env) -> anyhow::Result<Vec<Resolved>> {
    let revealed = vault.reveal_all(unlocked, env)?;
    let items: Vec<interpolate::Item<'_>> = revealed
        .iter()
        .map(|r| interpolate::Item {
            name: &r.info.name,
            value: r.value.expose(),
            literal: r.info.literal,
        })
        .collect();
    let expanded = expand(&items)?;
    Ok(revealed
        .iter()
        .zip(expanded)
        .map(|(r, value)| Resolved {
            name: r.info.name.clone(),
            kind: kind_of(r.info.kind == Kind::Config),
            value,
            from_env: r.info.env.clone(),
        })
        .collect())
}

/// What `inject` is about to run with (the vault's items, a token's or an encrypted
/// file's), expanded the same way; all of it counts as stored in `env`.
pub fn resolve_sources(sources: &[Source], env: &str) -> anyhow::Result<Vec<Resolved>> {
    let expanded = expand(&Source::to_interpolate(sources))?;
    Ok(sources
        .iter()
        .zip(expanded)
        .map(|(s, value)| Resolved {
            name: s.name.clone(),
            kind: kind_of(s.is_config),
            value,
            from_env: env.to_string(),
        })
        .collect())
}

fn kind_of(is_config: bool) -> schema::Kind {
    if is_config {
        schema::Kind::Config
    } else {
        schema::Kind::Secret
    }
}

/// Every item's value with `${...}` references expanded (unknown ones become empty).
fn expand(items: &[interpolate::Item<'_>]) -> anyhow::Result<Vec<SecretBytes>> {
    let lookup = |name: &str| std::env::var_os(name).map(|v| v.into_encoded_bytes());
    let expanded = interpolate::expand(items, &lookup, false).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the item with `secretscli set`, or mark it --literal",
        )
    })?;
    Ok(items
        .iter()
        .zip(expanded.values)
        .map(|(i, exp)| exp.unwrap_or_else(|| SecretBytes::new(i.value.to_vec())))
        .collect())
}

/// The schema named by `--schema`, or the nearest one; `None` when there is none.
pub fn load_schema(path: Option<&Path>) -> anyhow::Result<Option<(PathBuf, Schema)>> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => match schema::find(&std::env::current_dir()?) {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let schema = Schema::load(&path).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the schema file (types: string, int, bool, url, port, email, enum, regex)",
        )
    })?;
    Ok(Some((path, schema)))
}

fn load(args: &Args) -> anyhow::Result<Option<(PathBuf, Schema)>> {
    if let Some(p) = &args.schema
        && !p.exists()
    {
        return Err(UserError::new(
            Exit::NotFound,
            format!("{}: no such schema file", p.display()),
            "check the path, or write one with `secretscli check --init --schema FILE`",
        )
        .into());
    }
    load_schema(args.schema.as_deref())
}

fn no_schema() -> UserError {
    UserError::new(
        Exit::NotFound,
        format!("no {} in this directory or its parents", schema::FILE_NAME),
        "write one from this environment with `secretscli check --init`, pass --schema FILE, \
         or compare environments with `secretscli check --all`",
    )
}

fn init(vault: &Vault, unlocked: &mut Unlocked, env: &Env, args: &Args) -> anyhow::Result<()> {
    let path = args
        .schema
        .clone()
        .unwrap_or_else(|| PathBuf::from(schema::FILE_NAME));
    if path.exists() && !args.force {
        return Err(UserError::new(
            Exit::Conflict,
            format!("{} already exists", path.display()),
            "edit it, or replace it with `secretscli check --init --force`",
        )
        .into());
    }
    let resolved = resolve(vault, unlocked, env)?;
    let schema = Schema::infer(
        resolved
            .iter()
            .map(|r| (r.name.as_str(), r.kind, r.value.expose())),
    );
    std::fs::write(&path, schema.to_toml())
        .with_context(|| format!("could not write {}", path.display()))?;
    output::note(&format!(
        "wrote {} with {} key(s) from {}; review the types, then run `secretscli check --all` in CI",
        path.display(),
        schema.keys.len(),
        env.name
    ));
    Ok(())
}

fn print(project: &str, report: &Report) -> anyhow::Result<()> {
    let mut out = String::new();
    for e in &report.envs {
        let r = &e.report;
        let label = format!("{project}/{}", e.env);
        if r.is_clean() {
            out.push_str(&format!("{label}: ok\n"));
            continue;
        }
        out.push_str(&format!("{label}:\n"));
        for name in &r.missing {
            out.push_str(&format!("  missing  {name}\n"));
        }
        for i in &r.invalid {
            out.push_str(&format!(
                "  invalid  {}: {} ({})\n",
                i.name, i.why, i.type_name
            ));
        }
        for k in &r.kind {
            out.push_str(&format!(
                "  kind     {}: stored as {:?}, the schema says {:?}\n",
                k.name, k.actual, k.expected
            ));
        }
        for name in &r.extra {
            out.push_str(&format!("  extra    {name}: not in the schema\n"));
        }
    }
    for p in &report.parity {
        out.push_str(&format!(
            "parity   {}: missing in {}\n",
            p.name,
            p.missing_in.join(", ")
        ));
    }
    for s in &report.shared {
        out.push_str(&format!(
            "shared   {}: the same secret value in {} (each environment should have its own)\n",
            s.name,
            s.envs.join(", ")
        ));
    }
    if report.ok {
        out.push_str("all checks passed\n");
    }
    let mut stdout = std::io::stdout().lock();
    for line in out.lines() {
        writeln!(stdout, "{}", output::escape(line))?;
    }
    Ok(())
}
