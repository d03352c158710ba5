//! The global flags a command was given, rendered back into the commands its hints and
//! notes suggest. A hint that says `secretscli pull --theirs` after `secretscli -e dev
//! push` acts on the context's environment, not on `dev`, and can exit 0 leaving the
//! conflict in place: every suggested command must carry the vault, project and
//! environment the failing one used. One helper does it for every hint, at the edge.

use std::path::PathBuf;

use super::Global;
use crate::output::shell_word;

/// Subcommands that act on a project and environment; the others only get `--vault`.
const SCOPED: &[&str] = &[
    "set",
    "get",
    "list",
    "rm",
    "restore",
    "purge",
    "history",
    "rollback",
    "inject",
    "import",
    "export",
    "push",
    "pull",
    "diff",
    "audit",
    "rotate-key",
    "env",
    "member",
];

/// Subcommands that never open the vault.
const UNSCOPED: &[&str] = &["completions", "man", "server", "help"];

/// The `--vault`, `-p` and `-e` flags given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    vault: Option<PathBuf>,
    project: Option<String>,
    env: Option<String>,
}

/// Marks an error as concerning one environment of a project-wide command (`push` and
/// `pull` work on several), so its hint names that environment with `-e`.
#[derive(Debug)]
pub struct InEnv {
    /// `project/env`, shown in the message.
    pub label: String,
    /// The environment's name, for `-e`.
    pub env: String,
}

impl std::fmt::Display for InEnv {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl Flags {
    /// The flags of this invocation (only flags: variables and context files still
    /// apply when the user runs the suggested command in the same shell and directory).
    pub fn from_global(g: &Global) -> Flags {
        Flags {
            vault: g.vault.clone(),
            project: g.project.clone(),
            env: (g.all_envs.len() <= 1).then(|| g.env.clone()).flatten(),
        }
    }

    /// The same flags with `-e env`, for an error about one environment of several.
    pub fn with_env(&self, env: &str) -> Flags {
        Flags {
            env: Some(env.to_string()),
            ..self.clone()
        }
    }

    /// The flags for an error: narrowed to the environment an [`InEnv`] names, if any.
    pub fn for_error(&self, err: &anyhow::Error) -> Flags {
        match err.downcast_ref::<InEnv>() {
            Some(scope) => self.with_env(&scope.env),
            None => self.clone(),
        }
    }

    /// ` --vault PATH -p NAME -e NAME` (only what was given) for `subcommand`.
    fn render(&self, subcommand: &str) -> String {
        let mut out = String::new();
        if UNSCOPED.contains(&subcommand) {
            return out;
        }
        if let Some(v) = &self.vault {
            out.push_str(" --vault ");
            out.push_str(&shell_word(&v.to_string_lossy()));
        }
        if SCOPED.contains(&subcommand) {
            for (flag, value) in [("-p", &self.project), ("-e", &self.env)] {
                if let Some(v) = value {
                    out.push_str(&format!(" {flag} {}", shell_word(v)));
                }
            }
        }
        out
    }

    /// `text` with the flags inserted after every `` `secretscli `` that starts a command
    /// and does not already pass them.
    pub fn apply(&self, text: &str) -> String {
        const START: &str = "`secretscli ";
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(START) {
            let (before, after) = rest.split_at(at + START.len() - 1);
            out.push_str(before);
            let command_end = after.find('`').unwrap_or(after.len());
            let command = &after[..command_end];
            let subcommand = command.split_whitespace().next().unwrap_or("");
            if !already_flagged(command) {
                out.push_str(&self.render(subcommand));
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// `secretscli FLAGS rest` for a command named in a note.
    pub fn command(&self, rest: &str) -> String {
        let subcommand = rest.split_whitespace().next().unwrap_or("");
        format!("secretscli{} {rest}", self.render(subcommand))
    }
}

fn already_flagged(command: &str) -> bool {
    command.split_whitespace().any(|w| {
        matches!(w, "-p" | "-e" | "--project" | "--env" | "--vault")
            || w.starts_with("--project=")
            || w.starts_with("--env=")
            || w.starts_with("--vault=")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(vault: Option<&str>, project: Option<&str>, env: Option<&str>) -> Flags {
        Flags {
            vault: vault.map(PathBuf::from),
            project: project.map(String::from),
            env: env.map(String::from),
        }
    }

    #[test]
    fn hints_carry_the_flags_the_failing_command_used() {
        let f = flags(None, None, Some("dev"));
        assert_eq!(
            f.apply("keep theirs with `secretscli pull --theirs`, or `secretscli push --force`"),
            "keep theirs with `secretscli -e dev pull --theirs`, or `secretscli -e dev push --force`"
        );
        assert_eq!(
            f.apply("bring it back with `secretscli restore A`"),
            "bring it back with `secretscli -e dev restore A`"
        );
    }

    #[test]
    fn only_commands_that_take_a_project_get_project_and_env() {
        let f = flags(Some("/v/my vault.db"), Some("app"), Some("dev"));
        assert_eq!(
            f.apply("run `secretscli unlock` first"),
            "run `secretscli --vault '/v/my vault.db' unlock` first"
        );
        assert_eq!(
            f.apply("see `secretscli man`"),
            "see `secretscli man`",
            "man never opens a vault"
        );
        assert_eq!(
            f.command("list"),
            "secretscli --vault '/v/my vault.db' -p app -e dev list"
        );
    }

    #[test]
    fn a_hint_that_already_names_an_env_is_left_alone() {
        let f = flags(None, None, Some("dev"));
        let text = "pass it: `secretscli diff -e dev -e prod`";
        assert_eq!(f.apply(text), text);
        assert_eq!(
            flags(None, None, None).apply("`secretscli pull`"),
            "`secretscli pull`"
        );
    }

    #[test]
    fn an_error_about_one_env_of_several_names_that_env() {
        let err = anyhow::anyhow!("conflict").context(InEnv {
            label: "app/staging".into(),
            env: "staging".into(),
        });
        let f = flags(None, Some("app"), None).for_error(&err);
        assert_eq!(
            f.apply("`secretscli pull --theirs`"),
            "`secretscli -p app -e staging pull --theirs`"
        );
    }

    #[test]
    fn odd_values_are_quoted_for_the_shell() {
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("plain-1.0"), "plain-1.0");
        assert_eq!(shell_word(""), "''");
    }
}
