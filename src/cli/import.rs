//! `secretscli import FILE|-`: read a .env, JSON or YAML file into the environment, all or
//! nothing. Values are stored as written (no interpolation); single-quoted dotenv values are
//! marked literal so inject never expands them.

use std::cell::Cell;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::strength::{Judge, breach_check_wanted};
use super::{Global, session};
use crate::crypto::SecretBytes;
use crate::dotenv;
use crate::error::{Exit, UserError};
use crate::output;
use crate::output::shell_word;
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
    /// Also ask Have I Been Pwned whether secret values are breached (only 5 hex characters
    /// of each SHA-1 leave the machine) [default: the context's check_breach setting]
    #[arg(long)]
    check_breach: bool,
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

/// Reads the input as it arrives and writes each item as it is read, all in one
/// transaction: a malformed line anywhere rolls everything back, so nothing is imported.
/// Memory stays near the largest item (plus the names, for repeated keys and the report),
/// whatever the size of the file.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let token = super::token::from_env(false)?;
    let input = Input::open(&args.file, args.max_size, "nothing was imported", |size| {
        retry(g, &args, size)
    })?;
    let format = args.format.unwrap_or_else(|| detect(&args.file));
    let kind = if args.config {
        Kind::Config
    } else {
        Kind::Secret
    };
    if let Some(token) = token {
        return import_with_token(g, &args, &token, input, format, kind);
    }
    let mut vault = session::open(g)?;
    let (_, env) = session::target(&vault, g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut batch = vault.batch(&env, "import", args.dry_run)?;
    let mut judge = Judge::new(breach_check_wanted(args.check_breach)?);
    let mut bar = super::progress::Bar::default();
    let (size, read) = (input.size, input.read.clone());
    let mut put = |entry: dotenv::Entry| {
        if let Some(size) = size {
            // Items are counted only at the end, so progress is the bytes read.
            bar.update("importing", "bytes", read.get().min(size), size);
        }
        judge.see(&entry.key, kind, entry.value.as_bytes());
        batch.put(
            &mut unlocked,
            NewValue {
                name: entry.key,
                value: SecretBytes::from(entry.value),
                kind,
                literal: entry.literal,
            },
        )
    };
    let label = input.label.clone();
    let result = match format {
        Format::Dotenv => dotenv::read_dotenv(input.reader, &mut put),
        Format::Json => dotenv::read_json(input.reader, &mut put),
        Format::Yaml => dotenv::read_yaml(input.reader, &mut put),
    };
    drop(bar);
    result.map_err(|e| {
        input_error(e, &label, args.max_size, "nothing was imported", |size| {
            retry(g, &args, size)
        })
    })?;
    let changes = batch.finish()?;
    judge.warn();
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

/// `import` with a `--write` service token: the whole input is read (a malformed line
/// anywhere sends nothing), then written in one push; nothing touches the disk.
fn import_with_token(
    g: &Global,
    args: &Args,
    token: &crate::token::ServiceToken,
    input: Input,
    format: Format,
    kind: Kind,
) -> anyhow::Result<()> {
    if args.dry_run {
        return Err(UserError::new(
            Exit::Usage,
            "--dry-run needs a vault to compare with, and this run uses a service token",
            "run it from a device, or import without --dry-run",
        )
        .into());
    }
    let mut values = Vec::new();
    let mut judge = Judge::new(breach_check_wanted(args.check_breach)?);
    let mut put = |entry: dotenv::Entry| -> Result<(), crate::vault::VaultError> {
        judge.see(&entry.key, kind, entry.value.as_bytes());
        values.push(NewValue {
            name: entry.key,
            value: SecretBytes::from(entry.value),
            kind,
            literal: entry.literal,
        });
        Ok(())
    };
    let label = input.label.clone();
    let result = match format {
        Format::Dotenv => dotenv::read_dotenv(input.reader, &mut put),
        Format::Json => dotenv::read_json(input.reader, &mut put),
        Format::Yaml => dotenv::read_yaml(input.reader, &mut put),
    };
    result.map_err(|e| {
        input_error(e, &label, args.max_size, "nothing was imported", |size| {
            retry(g, args, size)
        })
    })?;
    super::token::write(g, token, values)?;
    judge.warn();
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

/// An input being read: a file or stdin, bounded by `--max-size`.
pub(super) struct Input {
    /// How errors name it: the path as given, or `<stdin>`.
    pub(super) label: String,
    /// The bytes, failing with [`TooLarge`] past the limit.
    pub(super) reader: BufReader<Limited>,
    /// A regular file's size, for progress.
    pub(super) size: Option<u64>,
    /// Bytes read so far.
    pub(super) read: Rc<Cell<u64>>,
}

impl Input {
    /// Opens `path` (`-` for stdin). A regular file over `max_size` is refused before a
    /// byte is read; a pipe, when it passes the limit. `outcome` ends each hint (what did
    /// not happen), `retry` gives the command to run with a limit of the size it takes.
    pub(super) fn open(
        path: &Path,
        max_size: u64,
        outcome: &str,
        retry: impl FnOnce(u64) -> String,
    ) -> anyhow::Result<Input> {
        let (label, source, size): (String, Box<dyn Read>, _) = if path == Path::new("-") {
            ("<stdin>".to_string(), Box::new(std::io::stdin()), None)
        } else {
            let file = std::fs::File::open(path).map_err(|e| {
                UserError::new(
                    Exit::NotFound,
                    format!("cannot read {}: {e}", path.display()),
                    format!("check the path; {outcome}"),
                )
            })?;
            let size = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len());
            (path.display().to_string(), Box::new(file), size)
        };
        if let Some(size) = size.filter(|&size| size > max_size) {
            return Err(too_large(&label, max_size, size, outcome, retry));
        }
        let read = Rc::new(Cell::new(0));
        let reader = BufReader::with_capacity(
            64 << 10,
            Limited {
                source: source.take(max_size.saturating_add(1)),
                max_size,
                read: read.clone(),
            },
        );
        Ok(Input {
            label,
            reader,
            size,
            read,
        })
    }
}

/// A reader that fails with [`TooLarge`] once more than `max_size` bytes came through, so
/// a huge file or an endless pipe costs no more than the limit.
pub(super) struct Limited {
    source: std::io::Take<Box<dyn Read>>,
    max_size: u64,
    read: Rc<Cell<u64>>,
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let len = self.source.read(buf)?;
        let read = self.read.get() + len as u64;
        self.read.set(read);
        if read > self.max_size {
            return Err(std::io::Error::other(TooLarge));
        }
        Ok(len)
    }
}

/// The input passed `--max-size`.
#[derive(Debug)]
pub(super) struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the input is larger than --max-size")
    }
}

impl std::error::Error for TooLarge {}

fn too_large(
    label: &str,
    max_size: u64,
    size: u64,
    outcome: &str,
    retry: impl FnOnce(u64) -> String,
) -> anyhow::Error {
    UserError::new(
        Exit::InvalidInput,
        format!("{label} is larger than --max-size ({max_size} bytes)"),
        format!(
            "if it really is one environment, raise the limit: `{}`; {outcome}",
            retry(size)
        ),
    )
    .into()
}

/// Why reading `label` stopped, for the user: file:line:column for a malformed line, the
/// retry command for a pipe over the limit, the consumer's own error as it is.
pub(super) fn input_error<E: Into<anyhow::Error>>(
    error: dotenv::StreamError<E>,
    label: &str,
    max_size: u64,
    outcome: &str,
    retry: impl FnOnce(u64) -> String,
) -> anyhow::Error {
    match error {
        dotenv::StreamError::Parse(e) => UserError::new(
            Exit::InvalidInput,
            format!("{label}:{}:{}: {}", e.line, e.column, e.message),
            format!("fix that line; {outcome}"),
        )
        .into(),
        dotenv::StreamError::NotUtf8 { offset } => UserError::new(
            Exit::InvalidInput,
            format!("{label} is not UTF-8 text (first bad byte at offset {offset})"),
            "convert it to UTF-8, or store binary values with `secretscli set KEY < file`",
        )
        .into(),
        dotenv::StreamError::Io(e) if e.get_ref().is_some_and(|e| e.is::<TooLarge>()) => {
            // A pipe's size is not known: suggest four times the limit.
            too_large(label, max_size, max_size.saturating_mul(4), outcome, retry)
        }
        dotenv::StreamError::Io(e) => anyhow::Error::new(e).context(format!("cannot read {label}")),
        dotenv::StreamError::Sink(e) => e.into(),
    }
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
