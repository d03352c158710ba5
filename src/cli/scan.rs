//! `secretscli scan`: leaked secrets in files, staged changes or git history, by provider
//! rules and by this vault's own values; exit 1 when anything is found.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use zeroize::Zeroizing;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::scan::source::{self, Outcome};
use crate::scan::values::{Known, ValueMatcher};
use crate::scan::{Finding, Scanner};
use crate::vault::{Kind, Vault};

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One finding per line, for people
    Text,
    /// `{"findings": [...]}`; also the baseline format
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
}

/// What `scan --help` adds below the options.
const WHAT_IS_FOUND: &str = "\
Provider rules: AWS, GitHub, GitLab, Slack, Stripe, Twilio, SendGrid, npm, PyPI, OpenAI,
Anthropic and Google keys, private keys, JWTs, passwords in database URLs, secretscli
tokens, high-entropy values assigned to secret-looking names. When the vault is unlocked,
also its own secret values of 8 bytes or more, plain or base64-, hex- or URL-encoded.
A line containing `secretscli:allow` is never reported. Exits 1 when something is found.
More: docs/scan.md";

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, after_help = WHAT_IS_FOUND)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
    /// Files or directories to scan [default: .]; .gitignore'd files are skipped
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Scan what `git commit` would add now (the index), not files
    #[arg(long, conflicts_with_all = ["paths", "git_history"])]
    staged: bool,
    /// Scan the lines added by commits in RANGE (default: every branch and tag)
    #[arg(long, value_name = "RANGE", num_args = 0..=1, default_missing_value = "--all", conflicts_with = "paths")]
    git_history: Option<String>,
    /// Report format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Accept the findings in FILE (an earlier `scan --format json` report)
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Also scan files .gitignore excludes
    #[arg(long)]
    no_ignore: bool,
    /// Do not search for the vault's values, even when it is unlocked
    #[arg(long)]
    no_vault: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Install a git pre-commit hook that runs `scan --staged` (keeps an existing hook)
    InstallHook,
}

/// Largest baseline file read.
const MAX_BASELINE_BYTES: u64 = 64 * 1024 * 1024;

pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    if let Some(Sub::InstallHook) = args.command {
        install_hook()?;
        return Ok(ExitCode::SUCCESS);
    }
    let (values, vault_note) = if args.no_vault {
        (None, "vault not used (--no-vault)".to_string())
    } else {
        vault_values(g)?
    };
    let scanner = Scanner::new(values);
    let cwd = Path::new(".");
    let mut outcome = if args.staged {
        source::staged(&scanner, cwd)?
    } else if let Some(range) = &args.git_history {
        source::history(&scanner, cwd, Some(range.as_str()))?
    } else {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        };
        source::files(&scanner, &paths, args.no_ignore).map_err(|e| match e {
            source::SourceError::Missing(_) => UserError::new(
                Exit::NotFound,
                e.to_string(),
                "check the path; `secretscli scan` with no path scans the current directory",
            )
            .into(),
            e => anyhow::Error::from(e),
        })?
    };
    let accepted = match &args.baseline {
        Some(path) => apply_baseline(&mut outcome, path)?,
        None => 0,
    };
    report(&args, &outcome)?;
    output::note(&summary(&outcome, accepted, &vault_note));
    if let Some(text) = not_scanned(&outcome) {
        output::note(&text);
    }
    // Findings are the answer, not a failure: exit 1 as gitleaks and detect-secrets do.
    Ok(if outcome.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The vault's secret values when the key is at hand without asking (cache or passphrase
/// variable/file), and a line saying whether they were used.
fn vault_values(g: &Global) -> anyhow::Result<(Option<ValueMatcher>, String)> {
    let Ok(vault) = session::open(g) else {
        return Ok((None, "vault not used (no vault)".into()));
    };
    let Some(mut unlocked) = session::unlock_without_asking(&vault, g)? else {
        let note = "vault not used: it is locked (`secretscli unlock` to also find its values)";
        return Ok((None, note.into()));
    };
    let known = known_values(&vault, &mut unlocked)?;
    let matcher = ValueMatcher::new(known);
    let count = matcher.as_ref().map_or(0, ValueMatcher::len);
    Ok((
        matcher,
        format!("{count} secret value(s) from the vault searched"),
    ))
}

/// Every secret value of every environment, each once (where it is defined, not where it
/// is inherited).
fn known_values(
    vault: &Vault,
    unlocked: &mut crate::vault::Unlocked,
) -> anyhow::Result<Vec<Known>> {
    let mut known = Vec::new();
    let mut seen = HashSet::new();
    for project in vault.projects()? {
        for env in vault.envs(&project)? {
            for item in vault.reveal_all(unlocked, &env)? {
                let place = format!("{}/{}", project.name, item.info.env);
                if item.info.kind != Kind::Secret
                    || !seen.insert((place.clone(), item.info.name.clone()))
                {
                    continue;
                }
                known.push(Known {
                    place,
                    name: item.info.name,
                    value: Zeroizing::new(item.value.expose().to_vec()),
                });
            }
        }
    }
    Ok(known)
}

/// Drops findings whose fingerprint the baseline holds; returns how many.
fn apply_baseline(outcome: &mut Outcome, path: &Path) -> anyhow::Result<usize> {
    let bad = |why: String| {
        UserError::new(
            Exit::InvalidInput,
            format!("{}: not a scan baseline: {why}", path.display()),
            "make one with `secretscli scan --format json > FILE` and review it first",
        )
    };
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.len() > MAX_BASELINE_BYTES {
        return Err(bad(format!("larger than {MAX_BASELINE_BYTES} bytes")).into());
    }
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let report: Report = serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
    let known: HashSet<String> = report.findings.into_iter().map(|f| f.fingerprint).collect();
    let before = outcome.findings.len();
    outcome.findings.retain(|f| !known.contains(&f.fingerprint));
    Ok(before - outcome.findings.len())
}

/// The JSON report (and baseline).
#[derive(serde::Serialize, serde::Deserialize)]
struct Report {
    findings: Vec<Finding>,
}

fn report(args: &Args, outcome: &Outcome) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => output::json(&Report {
            findings: outcome.findings.clone(),
        })?,
        Format::Sarif => output::json(&sarif(&outcome.findings))?,
        Format::Text => {
            for f in &outcome.findings {
                let at = match &f.commit {
                    Some(c) => format!("{}:{} ({})", f.file, f.line, &c[..c.len().min(12)]),
                    None => format!("{}:{}", f.file, f.line),
                };
                writeln!(
                    out,
                    "{}: {}: {}",
                    output::escape(&at),
                    f.rule,
                    output::escape(&f.description)
                )?;
                writeln!(out, "    {}", output::escape(&f.excerpt))?;
            }
        }
    }
    Ok(())
}

fn summary(outcome: &Outcome, accepted: usize, vault_note: &str) -> String {
    let mut text = format!(
        "{} finding(s) in {} file(s) scanned",
        outcome.findings.len(),
        outcome.scanned
    );
    if outcome.skipped > 0 {
        text.push_str(&format!(
            ", {} binary or oversized skipped",
            outcome.skipped
        ));
    }
    if accepted > 0 {
        text.push_str(&format!(", {accepted} accepted by the baseline"));
    }
    format!("{text}; {vault_note}")
}

/// Names secret-looking files that ignore rules kept out of the scan, if any.
fn not_scanned(outcome: &Outcome) -> Option<String> {
    let ignored = &outcome.ignored_secret_files;
    if ignored.is_empty() {
        return None;
    }
    let shown: Vec<String> = ignored
        .iter()
        .take(3)
        .map(|p| {
            p.strip_prefix("./")
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let more = if ignored.len() > 3 { ", ..." } else { "" };
    Some(format!(
        "not scanned: {} file(s) that .gitignore excludes and whose names suggest secrets \
         ({}{more}); `secretscli scan --no-ignore` scans them too",
        ignored.len(),
        shown.join(", ")
    ))
}

/// A minimal SARIF 2.1.0 log: one run, one result per finding.
fn sarif(findings: &[Finding]) -> serde_json::Value {
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "ruleId": f.rule,
                "level": "error",
                "message": {"text": format!("{}: {}", f.description, f.excerpt)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.file},
                    "region": {"startLine": f.line},
                }}],
                "partialFingerprints": {"secretscli/v1": f.fingerprint},
            })
        })
        .collect();
    serde_json::json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "secretscli",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| serde_json::json!({"id": r})).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    })
}

/// The line our hook starts with, so a second install finds it.
const HOOK_MARK: &str = "# secretscli scan hook";

fn install_hook() -> anyhow::Result<()> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .context("cannot run git")?;
    if !out.status.success() {
        return Err(UserError::new(
            Exit::NotFound,
            "not inside a git repository",
            "run `secretscli scan install-hook` from the repository's working tree",
        )
        .into());
    }
    let hooks = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    std::fs::create_dir_all(&hooks)
        .with_context(|| format!("cannot create {}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    let existing = std::fs::read_to_string(&hook).ok();
    if existing.as_deref().is_some_and(|h| h.contains(HOOK_MARK)) {
        output::note(&format!(
            "{} already runs `secretscli scan --staged`",
            hook.display()
        ));
        return Ok(());
    }
    let chained = hooks.join("pre-commit.secretscli-chained");
    if existing.is_some() {
        std::fs::rename(&hook, &chained)
            .with_context(|| format!("cannot move the existing hook to {}", chained.display()))?;
    }
    let exe = std::env::current_exe().context("cannot find the secretscli executable")?;
    std::fs::write(&hook, hook_script(&exe))
        .with_context(|| format!("cannot write {}", hook.display()))?;
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))?;
    let kept = if existing.is_some() {
        format!("; the previous hook runs first, from {}", chained.display())
    } else {
        String::new()
    };
    output::note(&format!("installed {}{kept}", hook.display()));
    Ok(())
}

fn hook_script(exe: &Path) -> String {
    let exe = crate::output::shell_word(&exe.to_string_lossy());
    format!(
        "#!/bin/sh\n{HOOK_MARK} (installed by `secretscli scan install-hook`)\n\
         chained=\"$(dirname \"$0\")/pre-commit.secretscli-chained\"\n\
         if [ -x \"$chained\" ]; then \"$chained\" \"$@\" || exit $?; fi\n\
         bin={exe}\n\
         [ -x \"$bin\" ] || bin=secretscli\n\
         exec \"$bin\" scan --staged\n"
    )
}
