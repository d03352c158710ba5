//! The parser for one command line. Before it parses, clap copies every global option into
//! every subcommand: with 50 subcommands that is ~350 option copies and ~270 KiB of fresh
//! heap (heaptrack, `inject -- true`), paid by every run for subcommands it never enters,
//! and fresh heap pages are what a short command's time goes to. When the command line
//! names its subcommand plainly, only that subcommand gets the global options; clap then
//! fills their values in at both levels from the subcommand's copies, as it does for any
//! global option. Anything less plain (`--help`, a typo, `help inject`, `-ve dev`) gets
//! the whole tree, so clap's own help, suggestions and errors are unchanged.

use std::ffi::OsString;

use clap::{Arg, Command, CommandFactory};

use super::Cli;

/// The parser for `args` (`args[0]` is the program): the whole tree, or one cut to the
/// subcommand `args` names.
pub(super) fn parser(args: &[OsString]) -> Command {
    let full = Cli::command();
    let Some(name) = named_subcommand(&full, args) else {
        return full;
    };
    let globals: Vec<Arg> = full
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    // The root keeps its copies (for options given before the subcommand) but no longer
    // hands them down; the named subcommand gets them as globals, for its own subcommands.
    full.mut_args(|a| a.global(false))
        .mut_subcommand(name, |sub| sub.args(globals))
}

/// The subcommand `args` names, when every word before it is a global option clap would
/// read the same way (`-e dev`, `--env dev`, `--env=dev`, `-v`, `--no-color`).
fn named_subcommand(full: &Command, args: &[OsString]) -> Option<String> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        if !word.starts_with('-') {
            return full.find_subcommand(word).map(|s| s.get_name().to_string());
        }
        let arg = global_named(full, word)?;
        let inline = word.starts_with("--") && word.contains('=');
        if arg.get_action().takes_values() && !inline {
            words.next()?;
        }
    }
    None
}

/// The global option `word` spells in full (`-e`, `--env`, `--env=VALUE`); `None` for
/// anything else, including stacked short flags.
fn global_named<'c>(full: &'c Command, word: &str) -> Option<&'c Arg> {
    let found = match word.strip_prefix("--") {
        Some(long) => {
            let long = long.split_once('=').map_or(long, |(l, _)| l);
            full.get_arguments().find(|a| a.get_long() == Some(long))
        }
        None => {
            let mut chars = word.strip_prefix('-')?.chars();
            let (Some(short), None) = (chars.next(), chars.next()) else {
                return None;
            };
            full.get_arguments().find(|a| a.get_short() == Some(short))
        }
    };
    found.filter(|a| a.is_global_set())
}

#[cfg(test)]
mod tests {
    use clap::FromArgMatches;

    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        std::iter::once("secretscli")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    /// What a parser makes of `line`: the parsed command line (every --env included, as
    /// `run` gathers them), or the error's kind and text.
    fn outcome(parser: Command, line: &str) -> String {
        match parser.try_get_matches_from(words(line)) {
            Ok(m) => {
                let cli = Cli::from_arg_matches(&m).map_err(|e| e.to_string());
                format!("{cli:?} envs {:?}", super::super::all_values(&m, "env"))
            }
            Err(e) => format!("{:?}: {}", e.kind(), e.render()),
        }
    }

    #[test]
    fn a_cut_parser_reads_every_command_line_as_the_whole_tree_does() {
        let lines = [
            "inject -- true",
            "-e dev inject -- sh -c x",
            "inject -e dev -- sh -c x",
            "--env=staging --vault=/tmp/v.db get DB_PASS",
            "-p web -e a diff -e b",
            "diff --env a --env b",
            "-v --no-color list --json",
            "--passphrase-file /tmp/p unlock --timeout 1h",
            "token create ci -e prod -e staging --write --names auth.*",
            "-e prod token create ci",
            "context set --here -e staging",
            "--server http://127.0.0.1:1 push",
            "inject npm start",
            "inject --bogus -- true",
            "get",
            "inject --help",
            "token --help",
        ];
        for line in lines {
            let args = words(line);
            assert!(
                named_subcommand(&Cli::command(), &args).is_some(),
                "{line}: the test means a line that names its subcommand"
            );
            assert_eq!(
                outcome(parser(&args), line),
                outcome(Cli::command(), line),
                "{line}"
            );
        }
    }

    #[test]
    fn lines_that_do_not_name_a_subcommand_plainly_get_the_whole_tree() {
        for line in [
            "",
            "--help",
            "--version",
            "help inject",
            "injct -- true",
            "-ve dev inject -- true",
            "-edev inject -- true",
            "--bogus inject -- true",
            "-e",
            "--vault",
            "-e dev",
        ] {
            assert_eq!(
                named_subcommand(&Cli::command(), &words(line)),
                None,
                "{line}"
            );
            assert_eq!(
                outcome(parser(&words(line)), line),
                outcome(Cli::command(), line),
                "{line}"
            );
        }
    }

    #[test]
    fn the_subcommand_is_found_past_global_options_and_their_values() {
        let named = |line: &str| named_subcommand(&Cli::command(), &words(line));
        assert_eq!(named("inject -- true").as_deref(), Some("inject"));
        assert_eq!(named("-e list inject").as_deref(), Some("inject"));
        assert_eq!(named("--vault list get K").as_deref(), Some("get"));
        assert_eq!(
            named("--env=list -v --no-color get K").as_deref(),
            Some("get")
        );
    }
}
