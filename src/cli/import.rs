//! `secretscli import FILE|-`: read a .env, JSON or YAML file into the environment, all or
//! nothing. Values are stored as written (no interpolation); single-quoted dotenv values are
//! marked literal so inject never expands them.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::dotenv;
use crate::error::{Exit, UserError};
use crate::output;
use crate::vault::{ChangeKind, Kind, NewValue, summary};

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// KEY=VALUE lines
    Dotenv,
    /// An object; nested keys become dotted names
    Json,
    /// A mapping; nested keys become dotted names
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// File to read, or `-` for stdin
    file: PathBuf,
    /// Input format [default: from the extension, else dotenv]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Mark every imported item as non-secret configuration
    #[arg(long)]
    config: bool,
    /// Show what would be created, updated or unchanged, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Print the outcome as JSON
    #[arg(long)]
    json: bool,
    /// Refuse input larger than this (bytes, or with KiB, MiB or GiB). Whatever the size,
    /// at most 1,000,000 items are read, and YAML aliases may repeat at most
    /// 100,000 items
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    max_size: u64,
}

/// Reads `4096`, `64KiB`, `16MiB` or `1GiB` (also `K`, `M`, `G`, case-insensitive).
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let digits_end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let (number, unit) = lower.split_at(digits_end);
    let shift = match unit.trim() {
        "" | "b" => 0,
        "k" | "kib" => 10,
        "m" | "mib" => 20,
        "g" | "gib" => 30,
        _ => return Err("expected a size such as 4096, 64KiB, 16MiB or 1GiB".into()),
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| "expected a size such as 4096, 64KiB, 16MiB or 1GiB".into())
}

/// Parses the whole input first; a malformed line stops everything before any write.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let (label, text) = read_input(&args.file, args.max_size, "nothing was imported", |size| {
        retry(g, &args, size)
    })?;
    let format = args.format.unwrap_or_else(|| detect(&args.file));
    let parsed = match format {
        Format::Dotenv => dotenv::parse_dotenv(&text),
        Format::Json => dotenv::parse_json(&text),
        Format::Yaml => dotenv::parse_yaml(&text),
    }
    .map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            format!("{label}:{}:{}: {}", e.line, e.column, e.message),
            "fix that line; nothing was imported",
        )
    })?;
    // The entries own their text now; freeing the input before the vault work keeps the
    // peak nearer twice the file than three times.
    drop(text);
    let kind = if args.config {
        Kind::Config
    } else {
        Kind::Secret
    };
    let values: Vec<NewValue> = parsed
        .into_iter()
        .map(|e| NewValue {
            name: e.key,
            value: SecretBytes::from(e.value),
            kind,
            literal: e.literal,
        })
        .collect();
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut bar = super::progress::Bar::default();
    let changes = vault.set_values_with_progress(
        &mut unlocked,
        &env,
        values,
        "import",
        args.dry_run,
        &mut |p| bar.vault(p),
    );
    drop(bar);
    let changes = changes?;
    if args.json {
        return Ok(output::json(&changes)?);
    }
    if args.dry_run {
        let rows: Vec<Vec<String>> = changes
            .iter()
            .map(|c| {
                let what = match c.change {
                    ChangeKind::Created => "create",
                    ChangeKind::Updated => "update",
                    ChangeKind::Unchanged => "unchanged",
                };
                vec![what.to_string(), c.name.clone()]
            })
            .collect();
        output::table(&["ACTION", "NAME"], &rows)?;
    }
    let prefix = if args.dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    output::note(&format!(
        "{prefix}{label} -> {}: {}",
        env.label(),
        summary(&changes)
    ));
    Ok(())
}

/// The command the user ran with a `--max-size` that fits `size`, keeping every flag they
/// gave so the retry acts on the same vault, project and environment.
fn retry(g: &Global, args: &Args, size: u64) -> String {
    let mut words = vec!["secretscli".to_owned()];
    if let Some(vault) = &g.vault {
        words.push(format!(
            "--vault {}",
            shell_word(&vault.display().to_string())
        ));
    }
    if let Some(project) = &g.project {
        words.push(format!("-p {}", shell_word(project)));
    }
    if let Some(env) = &g.env {
        words.push(format!("-e {}", shell_word(env)));
    }
    words.push("import".to_owned());
    words.push(shell_word(&args.file.display().to_string()));
    if let Some(name) = args
        .format
        .and_then(|f| clap::ValueEnum::to_possible_value(&f))
    {
        words.push(format!("--format {}", name.get_name()));
    }
    for (given, flag) in [
        (args.config, "--config"),
        (args.dry_run, "--dry-run"),
        (args.json, "--json"),
    ] {
        if given {
            words.push(flag.to_owned());
        }
    }
    let mib = size.div_ceil(1 << 20).max(1);
    words.push(format!("--max-size {mib}MiB"));
    words.join(" ")
}

/// `text` as one shell word: bare when it holds only characters no shell treats specially.
pub(super) fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn detect(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("json") => Format::Json,
        Some("yaml" | "yml") => Format::Yaml,
        _ => Format::Dotenv,
    }
}

/// Reads at most `max_size` bytes (one more to tell "exactly at" from "over"), so a huge
/// file or an endless pipe costs no more than the limit. `outcome` ends each hint (what
/// did not happen), `retry` gives the command to run with a limit of the size it takes.
pub(super) fn read_input(
    path: &Path,
    max_size: u64,
    outcome: &str,
    retry: impl FnOnce(u64) -> String,
) -> anyhow::Result<(String, String)> {
    let mut bytes = Vec::new();
    let label = if path == Path::new("-") {
        std::io::stdin()
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .context("cannot read stdin")?;
        "<stdin>".to_string()
    } else {
        std::fs::File::open(path)
            .and_then(|file| {
                file.take(max_size.saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(|e| {
                UserError::new(
                    Exit::NotFound,
                    format!("cannot read {}: {e}", path.display()),
                    format!("check the path; {outcome}"),
                )
            })?;
        path.display().to_string()
    };
    if bytes.len() as u64 > max_size {
        // A file's real size is known; a pipe's is not, so suggest four times the limit.
        let size = std::fs::metadata(path)
            .ok()
            .filter(|meta| meta.is_file())
            .map_or(max_size.saturating_mul(4), |meta| meta.len());
        return Err(UserError::new(
            Exit::InvalidInput,
            format!("{label} is larger than --max-size ({max_size} bytes)"),
            format!(
                "if it really is one environment, raise the limit: `{}`; {outcome}",
                retry(size)
            ),
        )
        .into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        UserError::new(
            Exit::InvalidInput,
            format!(
                "{label} is not UTF-8 text (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "convert it to UTF-8, or store binary values with `secretscli set KEY < file`",
        )
    })?;
    Ok((label, text))
}

#[cfg(test)]
mod tests {
    use super::{parse_size, shell_word};

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_word("/tmp/a.env"), "/tmp/a.env");
        assert_eq!(shell_word("my file's.env"), r"'my file'\''s.env'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn help_and_readme_state_the_limits_the_parsers_enforce() {
        use clap::Args as _;
        let command = super::Args::augment_args(clap::Command::new("import"));
        let help = command
            .get_arguments()
            .find(|arg| arg.get_id() == "max_size")
            .and_then(|arg| arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let readme = include_str!("../../README.md");
        for limit in [crate::dotenv::MAX_ITEMS, crate::dotenv::MAX_ALIAS_ITEMS] {
            let digits = limit.to_string();
            let grouped = digits
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(",");
            assert!(
                help.contains(&grouped),
                "--max-size help lacks {grouped}: {help}"
            );
            assert!(readme.contains(&grouped), "README lacks {grouped}");
        }
    }

    #[test]
    fn sizes_read_with_binary_units() {
        for (text, bytes) in [
            ("4096", 4096),
            ("64KiB", 64 << 10),
            ("16MiB", 16 << 20),
            ("16m", 16 << 20),
            ("1 GiB", 1 << 30),
            ("0", 0),
        ] {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "MiB", "12XB", "-1", "99999999999999999999GiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
