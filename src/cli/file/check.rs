//! `file check [FILES]` for CI: fails (exit 1) when a file that should be encrypted holds
//! anything in clear. Needs no vault and no key, so any CI job can run it. Without FILES
//! it checks every file git tracks (or, outside a repository, every file below the current
//! directory) whose name ends in `.enc` and contains `env`, or that starts with the
//! encrypted header.
//!
//! Must never: print a value; a finding names file, line and name.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::read_text;
use crate::cli::Global;
use crate::envfile::{self, HEADER_PREFIX, Problem};
use crate::error::Exit;
use crate::output;
use crate::scan::Scanner;

#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0 when every file is sealed, 1 when one holds plaintext.")]
pub struct Args {
    /// Files that must be encrypted [default: tracked *env*.enc files and files with the header]
    #[arg(value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Print the problems as JSON
    #[arg(long)]
    json: bool,
}

#[derive(serde::Serialize)]
struct Report {
    file: String,
    #[serde(flatten)]
    problem: Problem,
}

/// Checks the files; exit 1 when any holds a problem.
pub fn run(_g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let files = if args.files.is_empty() {
        discover()?
    } else {
        args.files.clone()
    };
    let scanner = Scanner::new(None);
    let mut reports = Vec::new();
    for file in &files {
        let text = read_text(file)?;
        for problem in envfile::check_text(&text, &scanner) {
            reports.push(Report {
                file: file.display().to_string(),
                problem,
            });
        }
    }
    if args.json {
        output::json(&reports)?;
    } else {
        for r in &reports {
            println!(
                "{}:{}: {}",
                output::escape(&r.file),
                r.problem.line,
                r.problem.message
            );
        }
        if files.is_empty() {
            output::note("file check: no encrypted env files found");
        } else if reports.is_empty() {
            output::note(&format!(
                "file check: {} file(s) sealed, no plaintext",
                files.len()
            ));
        }
    }
    Ok(if reports.is_empty() {
        Exit::Ok
    } else {
        Exit::Failure
    }
    .into())
}

/// The files that should be encrypted, by name or by header.
fn discover() -> anyhow::Result<Vec<PathBuf>> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    let candidates: Vec<PathBuf> = match listed {
        Some(out) => out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .collect(),
        None => walk(Path::new("."))?,
    };
    Ok(candidates
        .into_iter()
        .filter(|p| should_be_encrypted(p))
        .collect())
}

fn should_be_encrypted(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with(".enc") && name.contains("env") {
        return true;
    }
    let mut head = [0u8; 32];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .is_ok_and(|n| head[..n].starts_with(HEADER_PREFIX.as_bytes()))
}

/// Every file below `dir`, skipping `.git` and symlinks.
fn walk(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() && entry.file_name() != ".git" {
                stack.push(entry.path());
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}
