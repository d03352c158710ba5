//! `secretscli export`: the environment's resolved items as dotenv, JSON, YAML, shell or a
//! docker env-file, on stdout or into a 0600 file (with a warning: that is plaintext on disk).

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::PathBuf;

use anyhow::Context as _;

use super::{Global, session};
use crate::dotenv::{self, ExportItem};
use crate::error::{Exit, UserError};
use crate::output;

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
}

/// Decrypts the environment, renders it, and records the export.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (project, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let items = vault.reveal_all(&mut unlocked, &env)?;
    let mut export = Vec::with_capacity(items.len());
    for item in &items {
        let value = item.value.expose_str().ok_or_else(|| {
            UserError::new(
                Exit::InvalidInput,
                format!(
                    "{} holds {} bytes that are not UTF-8 text, which {:?} cannot carry",
                    item.info.name,
                    item.value.len(),
                    args.format
                ),
                format!(
                    "fetch it byte-exact with `secretscli get {} > FILE`",
                    item.info.name
                ),
            )
        })?;
        export.push(ExportItem {
            key: &item.info.name,
            value,
            literal: item.info.literal,
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
    vault.record_reveal(
        "export",
        &project.name,
        &env.name,
        names,
        &format!("{:?}", args.format).to_lowercase(),
    )?;
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
