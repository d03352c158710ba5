//! `secretscli completions SHELL`: the shell completion script, generated from the clap
//! definitions (so it never drifts from the real flags), plus, for bash, zsh and fish, a
//! small wrapper that asks the hidden `secretscli __complete` for project, environment and
//! key names. The committed copies in `completions/` are checked by a test.
//!
//! Never put logic in the shell glue that could live in `__complete`: the glue only passes
//! the words and shows what comes back, so all shells behave alike and Rust tests cover it.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Install (or use ./install.sh, which does this for you):
  bash  secretscli completions bash > ~/.local/share/bash-completion/completions/secretscli
  zsh   secretscli completions zsh > ~/.zfunc/_secretscli   (with fpath+=(~/.zfunc) before compinit)
  fish  secretscli completions fish > ~/.config/fish/completions/secretscli.fish")]
pub struct Args {
    /// Shell to generate the script for
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the script.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(&script(args.shell))?;
    out.flush()?;
    Ok(())
}

const BIN: &str = "secretscli";

/// The full completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    // Built first: subcommands are deferred, and an unbuilt one has no arguments yet.
    let mut root = super::Cli::command();
    root.build();
    let mut cmd = visible(&root);
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut buf);
    let text = String::from_utf8(buf).expect("clap_complete writes UTF-8");
    match shell {
        Shell::Bash => with_names_bash(&text),
        Shell::Zsh => with_names_zsh(&text),
        Shell::Fish => with_names_fish(&text),
        _ => text,
    }
    .into_bytes()
}

/// Replaces the one occurrence of `from` in `text`; generated code that no longer has it
/// is a clap_complete change the test suite must catch, not something to paper over.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "clap_complete output changed: {from:?} should occur once"
    );
    text.replacen(from, to, 1)
}

/// Bash: `_secretscli_names` asks `__complete` first and otherwise runs clap's `_secretscli`.
fn with_names_bash(text: &str) -> String {
    let registered = "complete -F _secretscli -o";
    assert_eq!(
        text.matches(registered).count(),
        2,
        "clap_complete bash output changed"
    );
    let text = text.replace(registered, "complete -F _secretscli_names -o");
    format!("{text}{BASH_NAMES}")
}

const BASH_NAMES: &str = r#"
# Project, environment and key names come from the vault: `secretscli __complete` prints
# the names that fit the word under the cursor, or fails and the static completion above
# takes over. It reads names only (never values) and never asks for the passphrase.
_secretscli_names() {
    local out line
    if out=$("${COMP_WORDS[0]}" __complete --index "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null); then
        compopt +o default +o bashdefault 2>/dev/null
        COMPREPLY=()
        while IFS= read -r line; do
            [[ -n $line ]] && COMPREPLY+=("$line")
        done <<<"$out"
        return 0
    fi
    _secretscli "$@"
}
"#;

/// Zsh: clap's `_secretscli` becomes `_secretscli_static`, and a new `_secretscli` asks
/// `__complete` first. The file keeps clap's `#compdef` header and autoload dispatch.
fn with_names_zsh(text: &str) -> String {
    let text = replace_once(text, "\n_secretscli() {\n", "\n_secretscli_static() {\n");
    let dispatch = "\nif [ \"$funcstack[1]\" = \"_secretscli\" ]; then\n";
    replace_once(&text, dispatch, &format!("{ZSH_NAMES}{dispatch}"))
}

const ZSH_NAMES: &str = r#"
# Project, environment and key names come from the vault: `secretscli __complete` prints
# the names that fit the word under the cursor, or fails and the static completion above
# takes over. It reads names only (never values) and never asks for the passphrase.
_secretscli() {
    local out
    if out=$(${words[1]} __complete --index $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null); then
        local -a names
        names=(${(f)out})
        (( ${#names} )) && compadd -- "${names[@]}"
        return 0
    fi
    _secretscli_static "$@"
}
"#;

const FISH_NAMES: &str = r#"
# Project, environment and key names come from the vault: `secretscli __complete` prints
# the names that fit the token under the cursor, or fails and only the rules above apply.
# It reads names only (never values) and never asks for the passphrase. Fish completes
# `--env=pr` itself and wants bare names back, hence the `string replace`.
function __fish_secretscli_names
    set -l words (commandline -opc) (commandline -ct)
    set -l names (command $words[1] __complete --index (math (count $words) - 1) -- $words 2>/dev/null)
    or return 1
    string replace -r -- '^--[^=]*=' '' $names
    return 0
end
complete -c secretscli -f -n '__fish_secretscli_names >/dev/null' -a '(__fish_secretscli_names)'
"#;

/// Fish: the generic rule above covers positional names and `-e NAME`; `--env=NAME` only
/// consults rules for that option, so each option that takes names gets one too.
fn with_names_fish(text: &str) -> String {
    let mut root = super::Cli::command();
    root.build();
    let mut out = format!("{text}{FISH_NAMES}");
    let mut seen = Vec::new();
    for (path, id, _) in super::complete::NAME_ARGS {
        let mut node = &root;
        for part in path.split_whitespace() {
            node = node
                .find_subcommand(part)
                .expect("NAME_ARGS is checked by a test");
        }
        let Some(arg) = node.get_arguments().find(|a| a.get_id() == *id) else {
            continue;
        };
        let Some(long) = arg.get_long() else { continue };
        if seen.contains(&long) {
            continue;
        }
        seen.push(long);
        let short = arg
            .get_short()
            .map(|c| format!(" -s {c}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "complete -c secretscli -f -n '__fish_secretscli_names >/dev/null'{short} -l {long} -a '(__fish_secretscli_names)'\n"
        ));
    }
    out
}

/// A copy of the built `cmd` without hidden subcommands and arguments (`agent`,
/// `__complete`): the generators offer everything they are given, hidden or not.
/// What building added (help and version flags, help subcommands) is left out for
/// `generate` to add again, and a subcommand's own arguments go before the global ones
/// propagated into it, as they came out before subcommands were deferred.
fn visible(cmd: &clap::Command) -> clap::Command {
    let added_by_build = |a: &clap::Arg| {
        use clap::ArgAction::{Help, HelpLong, HelpShort, Version};
        matches!(a.get_action(), Help | HelpShort | HelpLong | Version)
    };
    let args = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !added_by_build(a));
    let (globals, own): (Vec<_>, Vec<_>) = args.partition(|a| a.is_global_set());
    let mut out = clap::Command::new(cmd.get_name().to_string())
        .args(own.into_iter().chain(globals).cloned())
        .subcommands(
            cmd.get_subcommands()
                .filter(|s| !s.is_hide_set() && s.get_name() != "help")
                .map(visible),
        );
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    out
}
