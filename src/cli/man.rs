//! `secretscli man [--dir DIR]`: man pages generated from the clap definitions, one per
//! command and subcommand (`secretscli-env-create.1`), each with an EXIT STATUS section
//! taken from the one exit-code table in `crate::error`. The committed copies in `man/`
//! are checked by a test.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::CommandFactory;

use crate::error::EXIT_CODES_HELP;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every page into this directory (created if missing) instead of printing
    /// the top-level page
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Prints the top-level page, or writes all pages into `--dir`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.dir {
        None => {
            let (_, page) = pages().into_iter().next().expect("the top-level page");
            let mut out = std::io::stdout().lock();
            out.write_all(&page)?;
            Ok(out.flush()?)
        }
        Some(dir) => {
            let written = write_all(&dir)?;
            output::note(&format!(
                "wrote {} man pages to {}",
                written.len(),
                dir.display()
            ));
            Ok(())
        }
    }
}

/// Writes every page into `dir`; returns the paths written.
pub fn write_all(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    for (name, page) in pages() {
        let path = dir.join(name);
        std::fs::write(&path, page).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// Every page as (file name, roff), the top-level page first, hidden commands left out.
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = super::Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, true, &mut pages);
    pages
}

fn collect(cmd: &clap::Command, top: bool, pages: &mut Vec<(String, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone())
        .source(concat!("secretscli ", env!("CARGO_PKG_VERSION")));
    pages.push((man.get_filename(), render(&man, cmd, top)));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, false, pages);
    }
}

fn render(man: &clap_mangen::Man, cmd: &clap::Command, top: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let w: &mut dyn Write = &mut out;
    man.render_title(w).expect("vec");
    man.render_name_section(w).expect("vec");
    man.render_synopsis_section(w).expect("vec");
    man.render_description_section(w).expect("vec");
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w).expect("vec");
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w).expect("vec");
    }
    // The top level's after-help is the exit-code table, which gets a section of its own.
    let after = cmd.get_after_help().map(|s| s.to_string());
    if after.is_some_and(|a| a != EXIT_CODES_HELP) {
        man.render_extra_section(w).expect("vec");
    }
    exit_status(w);
    if top {
        environment(w);
    }
    if cmd.get_version().is_some() {
        man.render_version_section(w).expect("vec");
    }
    out
}

/// `EXIT STATUS` from [`EXIT_CODES_HELP`], one tagged paragraph per code.
fn exit_status(w: &mut dyn Write) {
    let mut roff = roff::Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for line in EXIT_CODES_HELP.lines().skip(1) {
        let (code, meaning) = line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or(("", line));
        roff.control("TP", []);
        roff.text([roff::bold(code)]);
        roff.text([roff::roman(meaning.trim())]);
    }
    roff.to_writer(w).expect("vec");
}

/// `ENVIRONMENT`: the variables that change where and how secretscli works.
fn environment(w: &mut dyn Write) {
    const VARS: &[(&str, &str)] = &[
        (
            "SECRETSCLI_VAULT",
            "Vault file (absolute path); --vault wins.",
        ),
        (
            "SECRETSCLI_CONFIG",
            "Global config file holding the default context.",
        ),
        ("SECRETSCLI_PROJECT", "Project to use when -p is not given."),
        ("SECRETSCLI_ENV", "Environment to use when -e is not given."),
        (
            "SECRETSCLI_PASSPHRASE_FILE",
            "File whose first line is the passphrase.",
        ),
        (
            "SECRETSCLI_PASSPHRASE",
            "The passphrase itself, for scripts and CI.",
        ),
        (
            "SECRETSCLI_KEY_CACHE",
            "Where unlock keeps the key: auto, keyring, agent or none.",
        ),
        ("SECRETSCLI_AGENT_SOCKET", "Socket of the key agent."),
        (
            "NO_COLOR",
            "Any non-empty value turns colour off, like --no-color.",
        ),
    ];
    let mut roff = roff::Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in VARS {
        roff.control("TP", []);
        roff.text([roff::bold(*name)]);
        roff.text([roff::roman(*what)]);
    }
    roff.to_writer(w).expect("vec");
}
