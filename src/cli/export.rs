//! `secretscli export`: the environment's resolved items as dotenv, JSON, YAML, shell or a
//! docker env-file, on stdout or into a 0600 file (with a warning: that is plaintext on disk).
//!
//! "Resolved" means what `inject` would set: inherited items, `${...}` expanded (against
//! the other items, then this process's environment), literal items as stored, dangerous
//! names left out unless allowed. So `eval "$(secretscli export --format shell)"` gives a
//! shell what `inject` gives a child. `--raw` exports the stored text instead.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt;

use anyhow::Context as _;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::dotenv::{self, ExportItem};
use crate::error::{Exit, UserError};
use crate::inject::{self, Options, Source};
use crate::output;
use crate::vault::Revealed;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// KEY=VALUE lines that round-trip through `import`
    Dotenv,
    /// A flat JSON object
    Json,
    /// A flat YAML mapping
    Yaml,
    /// `export KEY='value'` lines for `eval`
    Shell,
    /// `docker run --env-file` format
    Docker,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Dotenv)]
    format: Format,
    /// Write to this file (mode 0600) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Export the stored text: no ${...} expansion, dangerous names included
    #[arg(long, conflicts_with = "allow_dangerous")]
    raw: bool,
    /// Export this dangerous variable anyway (LD_PRELOAD, PATH, NODE_OPTIONS, ...); repeatable
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    allow_dangerous: Vec<String>,
    /// Read a service token from stdin instead of a vault (also: SECRETSCLI_TOKEN, SECRETSCLI_TOKEN_FILE)
    #[arg(long)]
    token_stdin: bool,
}

/// One exported item: its name, final text, and whether dotenv must write it literally.
struct Resolved {
    name: String,
    value: SecretBytes,
    literal: bool,
}

/// The stored items (`--raw`), or what inject would set, in name order.
fn resolved(items: Vec<Revealed>, args: &Args) -> anyhow::Result<Vec<Resolved>> {
    if args.raw {
        return Ok(items
            .into_iter()
            .map(|r| Resolved {
                name: r.info.name,
                literal: r.info.literal,
                value: r.value,
            })
            .collect());
    }
    let sources: Vec<Source> = items.into_iter().map(Source::from).collect();
    let opts = Options {
        allow_dangerous: args.allow_dangerous.clone(),
        // What the vault sets, whatever this shell has: eval replaces them too.
        override_parent: true,
        ..Options::default()
    };
    let plan = inject::plan(&sources, std::env::vars_os().collect(), &opts).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            e.to_string(),
            "fix the item with `secretscli set`, or mark it --literal; --raw exports the stored text",
        )
    })?;
    super::inject::report(&plan);
    let values: HashMap<&[u8], &[u8]> = plan
        .env
        .iter()
        .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
        .collect();
    Ok(sources
        .iter()
        .filter(|s| plan.injected.contains(&s.name))
        .filter_map(|s| {
            let value = values.get(s.name.as_bytes())?;
            Some(Resolved {
                name: s.name.clone(),
                // A ${ that survived (from a literal) must survive a re-import too.
                literal: s.literal || value.windows(2).any(|w| w == b"${"),
                value: SecretBytes::new(value.to_vec()),
            })
        })
        .collect())
}

/// Decrypts the environment, renders it, and records the export.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    if let Some(token) = super::token::from_env(args.token_stdin)? {
        // The server audited the use; there is no vault to record it in.
        let (_, env) = super::token::open_env(g, &token)?;
        let items = resolved(env.items, &args)?;
        let (text, _) = rendered(&items, &args)?;
        return emit(&args, &text);
    }
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let items = resolved(vault.reveal_all(&mut unlocked, &env)?, &args)?;
    let (text, names) = rendered(&items, &args)?;
    vault.record_reveal(
        "export",
        &project.name,
        &env.name,
        names,
        &format!("{:?}", args.format).to_lowercase(),
    )?;
    emit(&args, &text)
}

/// The items in the chosen format, and the names exported (the skipped ones warned about).
fn rendered(items: &[Resolved], args: &Args) -> anyhow::Result<(String, Vec<String>)> {
    let mut export = Vec::with_capacity(items.len());
    for item in items {
        let value = item.value.expose_str().ok_or_else(|| {
            UserError::new(
                Exit::InvalidInput,
                format!(
                    "{} holds {} bytes that are not UTF-8 text, which {:?} cannot carry",
                    item.name,
                    item.value.len(),
                    args.format
                ),
                format!(
                    "fetch it byte-exact with `secretscli get {} > FILE`",
                    item.name
                ),
            )
        })?;
        export.push(ExportItem {
            key: &item.name,
            value,
            literal: item.literal,
        });
    }
    let (text, skipped) = render(args.format, &export)?;
    for s in &skipped {
        output::warn(&format!("skipped {}: {}", s.key, s.reason));
    }
    let names = export
        .iter()
        .map(|e| e.key.to_string())
        .filter(|k| !skipped.iter().any(|s| &s.key == k))
        .collect();
    Ok((text, names))
}

/// Writes the text to stdout, or to `--output` (0600, with a warning).
fn emit(args: &Args, text: &str) -> anyhow::Result<()> {
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            write_private(path, text.as_bytes())?;
            output::warn(&format!(
                "{} now holds plaintext secrets; delete it when done",
                path.display()
            ));
        }
    }
    Ok(())
}

fn render(
    format: Format,
    items: &[ExportItem<'_>],
) -> anyhow::Result<(String, Vec<dotenv::Skipped>)> {
    Ok(match format {
        Format::Dotenv => {
            let text = dotenv::write_dotenv(items).map_err(|e| {
                UserError::new(
                    Exit::InvalidInput,
                    e.to_string(),
                    "fetch that value with `secretscli get KEY`",
                )
            })?;
            (text, Vec::new())
        }
        Format::Json => (dotenv::write_json(items), Vec::new()),
        Format::Yaml => (dotenv::write_yaml(items), Vec::new()),
        Format::Shell => dotenv::write_shell(items),
        Format::Docker => dotenv::write_docker(items),
    })
}

/// Writes with mode 0600, also when replacing an existing file.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}
