//! What `scan` reads: files under paths (respecting .gitignore unless told not to), the
//! lines a commit would add (`git diff --cached`), or every line added in a range of
//! history (`git log -p`). Each source yields texts with the line numbers to report.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Finding, LineMap, Scanner};

/// Files larger than this are skipped (and counted), like binaries.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Why a scan could not run.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A path given does not exist.
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    /// Walking or reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// git failed or is missing.
    #[error("git {args} failed: {message}")]
    Git {
        /// What ran.
        args: String,
        /// Its error output, or why it could not start.
        message: String,
    },
}

/// What a scan read and found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings, in the order scanned.
    pub findings: Vec<Finding>,
    /// Files (or file versions in a diff) scanned.
    pub scanned: u64,
    /// Files skipped as binary or larger than [`MAX_FILE_BYTES`].
    pub skipped: u64,
    /// Files whose names say they hold secrets (`.env*`, keys, credentials) that ignore
    /// rules kept out of the scan: a new user's `.env` is usually one of them, and "0
    /// findings" must not read as "your secrets file is clean".
    pub ignored_secret_files: Vec<PathBuf>,
}

/// Scans files under `paths`; `.gitignore`d files are skipped unless `no_ignore`.
pub fn files(
    scanner: &Scanner,
    paths: &[PathBuf],
    no_ignore: bool,
) -> Result<Outcome, SourceError> {
    let mut out = Outcome::default();
    let mut seen = HashSet::new();
    for root in paths {
        if !root.exists() {
            return Err(SourceError::Missing(root.clone()));
        }
        let walk = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(!no_ignore)
            .git_exclude(!no_ignore)
            .ignore(!no_ignore)
            .parents(!no_ignore)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walk {
            let entry = entry.map_err(|e| SourceError::Io {
                path: root.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            if entry.file_type().is_some_and(|t| t.is_file()) {
                scan_file(scanner, entry.path(), &mut out)?;
                if looks_like_secret_file(entry.path()) {
                    seen.insert(entry.path().to_path_buf());
                }
            }
        }
        if !no_ignore {
            out.ignored_secret_files
                .extend(ignored_secret_files(root, &seen));
        }
    }
    Ok(out)
}

/// Directories too large and too common to walk only to name what was ignored.
const PRUNED_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "vendor",
    ".venv",
    "venv",
    "__pycache__",
];

/// Secret-looking files under `root` that the ignore-aware walk did not visit. Never reads
/// them; skips the usual heavy directories so the extra walk stays cheap.
fn ignored_secret_files(root: &Path, seen: &HashSet<PathBuf>) -> Vec<PathBuf> {
    let walk = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .filter_entry(|e| !PRUNED_DIRS.iter().any(|d| e.file_name() == *d))
        .build();
    let mut found: Vec<PathBuf> = walk
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(ignore::DirEntry::into_path)
        .filter(|p| looks_like_secret_file(p) && !seen.contains(p))
        .collect();
    found.sort();
    found
}

/// `.env`, `.env.local`, `*.pem`, `id_rsa`, `credentials.json`: names people keep secrets
/// under. Encrypted env files (`*.enc`) are meant to be committed and are not counted.
fn looks_like_secret_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    if name.ends_with(".enc") || name.ends_with(".example") || name.ends_with(".sample") {
        return false;
    }
    name == ".env"
        || name.starts_with(".env.")
        || name.ends_with(".env")
        || name.starts_with("id_rsa")
        || name.starts_with("id_ed25519")
        || name.starts_with("credentials")
        || name.starts_with("secrets.")
        || [".pem", ".key", ".p12", ".pfx"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn scan_file(scanner: &Scanner, path: &Path, out: &mut Outcome) -> Result<(), SourceError> {
    let io = |source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut text = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(io)?;
    if text.len() as u64 > MAX_FILE_BYTES || is_binary(&text) {
        out.skipped += 1;
        return Ok(());
    }
    out.scanned += 1;
    let name = path.strip_prefix("./").unwrap_or(path).to_string_lossy();
    out.findings
        .extend(scanner.scan(&name, None, &text, &LineMap::whole(&text)));
    Ok(())
}

/// A NUL in the first 8 KiB: what git and grep call binary.
fn is_binary(text: &[u8]) -> bool {
    text[..text.len().min(8192)].contains(&0)
}

/// Scans the lines `git commit` would add now (the index against HEAD), in `repo`.
pub fn staged(scanner: &Scanner, repo: &Path) -> Result<Outcome, SourceError> {
    let diff = git(
        repo,
        &[
            "diff",
            "--cached",
            "--no-color",
            "--no-ext-diff",
            "--unified=0",
            "--diff-filter=ACMR",
        ],
    )?;
    Ok(scan_patch(scanner, &diff))
}

/// Scans every line added by the commits in `range` (default: all refs), in `repo`.
pub fn history(
    scanner: &Scanner,
    repo: &Path,
    range: Option<&str>,
) -> Result<Outcome, SourceError> {
    let mut args = vec![
        "log",
        "-p",
        "--no-color",
        "--no-ext-diff",
        "--unified=0",
        "--diff-filter=ACMR",
        "--format=commit %H",
    ];
    args.push(range.unwrap_or("--all"));
    let log = git(repo, &args)?;
    Ok(scan_patch(scanner, &log))
}

fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>, SourceError> {
    let failed = |message: String| SourceError::Git {
        args: args.join(" "),
        message,
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .output()
        .map_err(|e| failed(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(failed(stderr.trim().chars().take(500).collect()));
    }
    Ok(output.stdout)
}

/// The added lines of one file in one commit (or in the index).
struct Added {
    commit: Option<String>,
    file: String,
    text: Vec<u8>,
    numbers: Vec<u64>,
}

impl Added {
    fn scan(&self, scanner: &Scanner, out: &mut Outcome) {
        if self.text.is_empty() {
            return;
        }
        out.scanned += 1;
        let lines = LineMap::from_numbers(&self.text, &self.numbers);
        out.findings
            .extend(scanner.scan(&self.file, self.commit.as_deref(), &self.text, &lines));
    }
}

/// Scans the `+` lines of a unified diff (`git diff` or `git log -p` output), numbering
/// each by the new file's line numbers from its hunk header.
fn scan_patch(scanner: &Scanner, patch: &[u8]) -> Outcome {
    let mut out = Outcome::default();
    let mut commit: Option<String> = None;
    let mut current: Option<Added> = None;
    let mut next_line = 0u64;
    for line in patch.split(|&b| b == b'\n') {
        if let Some(id) = line.strip_prefix(b"commit ") {
            finish(&mut current, scanner, &mut out);
            commit = Some(String::from_utf8_lossy(id).into_owned());
        } else if line.starts_with(b"diff --git ") {
            finish(&mut current, scanner, &mut out);
        } else if let Some(path) = line.strip_prefix(b"+++ ") {
            finish(&mut current, scanner, &mut out);
            let path = path.strip_prefix(b"b/").unwrap_or(path);
            current = (path != b"/dev/null").then(|| Added {
                commit: commit.clone(),
                file: String::from_utf8_lossy(path).into_owned(),
                text: Vec::new(),
                numbers: Vec::new(),
            });
        } else if line.starts_with(b"@@ ") {
            next_line = hunk_start(line).unwrap_or(0);
        } else if let (Some(added), Some(text)) = (current.as_mut(), line.strip_prefix(b"+")) {
            added.text.extend_from_slice(text);
            added.text.push(b'\n');
            added.numbers.push(next_line);
            next_line += 1;
        }
    }
    finish(&mut current, scanner, &mut out);
    out
}

fn finish(current: &mut Option<Added>, scanner: &Scanner, out: &mut Outcome) {
    if let Some(added) = current.take() {
        if is_binary(&added.text) {
            out.skipped += 1;
        } else {
            added.scan(scanner, out);
        }
    }
}

/// The new file's first line number in a hunk header `@@ -a,b +c,d @@`.
fn hunk_start(header: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(header).ok()?;
    let plus = text.split(' ').find(|w| w.starts_with('+'))?;
    plus[1..].split(',').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_numbered_from_their_hunk() {
        let patch = b"commit abc\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -3,0 +4,2 @@\n+one\n+TOKEN=ghp_k3Vq7mZe2XwaFh4dk3Vq7mZe2XwaFh4dAbCd\n";
        let out = scan_patch(&Scanner::new(None), patch);
        assert_eq!(out.findings.len(), 1);
        let f = &out.findings[0];
        assert_eq!(
            (f.file.as_str(), f.line, f.commit.as_deref()),
            ("x", 5, Some("abc"))
        );
        assert_eq!(f.rule, "github-token");
        assert!(!f.excerpt.contains("k3Vq7mZe"), "{}", f.excerpt);
    }
}
