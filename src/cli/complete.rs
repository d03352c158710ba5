//! `secretscli __complete --index N -- WORDS...` (hidden): the dynamic half of shell
//! completion. The scripts from `secretscli completions` pass the words of the command line
//! as the shell split them; this prints the project, environment or key names that fit the
//! word at `--index`, one per line, or exits 1 when that word is not a name (the script then
//! falls back to the static completion clap generated).
//!
//! It must never unlock, prompt, write or wait: names are stored in clear, so it opens the
//! vault read-only and reads names only. Any failure (no vault, a busy writer) prints no
//! candidates rather than an error the shell would show in the middle of the prompt line.

use std::path::PathBuf;

use clap::CommandFactory;

use super::session;
use crate::context;
use crate::error::{Exit, UserError};
use crate::paths;
use crate::vault::Vault;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Position in WORDS of the word being completed (0 is the program name)
    #[arg(long)]
    index: usize,
    /// The command line as the shell split it, including the program name
    #[arg(last = true, allow_hyphen_values = true)]
    words: Vec<String>,
}

/// Which names a word position takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Project names.
    Projects,
    /// Environment names of the selected project.
    Envs,
    /// Key names visible in the selected environment (own and inherited).
    Keys,
    /// Soft-deleted key names of the selected environment.
    DeletedKeys,
}

/// Arguments whose values are names: (subcommand path, clap argument id, names).
/// An empty path matches a global argument anywhere. A unit test checks each entry
/// against the clap definitions, so renaming an argument cannot silently break completion.
pub const NAME_ARGS: &[(&str, &str, Names)] = &[
    ("", "project", Names::Projects),
    ("", "env", Names::Envs),
    ("project rm", "name", Names::Projects),
    ("env create", "inherits", Names::Envs),
    ("env inherit", "name", Names::Envs),
    ("env inherit", "base", Names::Envs),
    ("env rm", "name", Names::Envs),
    ("set", "items", Names::Keys),
    ("get", "key", Names::Keys),
    ("rm", "keys", Names::Keys),
    ("restore", "keys", Names::DeletedKeys),
    ("purge", "key", Names::Keys),
    ("history", "key", Names::Keys),
    ("rollback", "key", Names::Keys),
    ("inject", "only", Names::Keys),
    ("inject", "allow_dangerous", Names::Keys),
];

/// What the word being completed wants, and the scope named earlier on the line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// Which names, or `None` when the word is not a name.
    pub names: Option<Names>,
    /// The part of the name typed so far.
    pub prefix: String,
    /// Text before the name in the same shell word (`--env=`), repeated in each candidate.
    pub lead: String,
    /// `--vault` given earlier on the line.
    pub vault: Option<PathBuf>,
    /// `-p` given earlier on the line.
    pub project: Option<String>,
    /// `-e` given earlier on the line.
    pub env: Option<String>,
    /// Id of the argument the word belongs to (internal to `analyze`).
    arg: Option<String>,
}

/// Prints the candidates, or fails (exit 1) when the word is not a name.
pub fn run(args: Args) -> anyhow::Result<()> {
    let req = analyze(&args.words, args.index);
    let Some(names) = req.names else {
        return Err(UserError {
            exit: Exit::Failure,
            message: "the word being completed is not a project, environment or key name".into(),
            hint: None,
        }
        .into());
    };
    let mut out = String::new();
    // Best effort: no vault, a vault being migrated or a busy writer just means no names.
    for name in candidates(&req, names).unwrap_or_default() {
        if name.starts_with(&req.prefix) {
            out.push_str(&req.lead);
            out.push_str(&name);
            out.push('\n');
        }
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    Ok(stdout.flush()?)
}

fn candidates(req: &Request, names: Names) -> anyhow::Result<Vec<String>> {
    let vault = Vault::open_read_only(&paths::vault(req.vault.as_deref())?)?;
    if names == Names::Projects {
        return Ok(vault.projects()?.into_iter().map(|p| p.name).collect());
    }
    let cwd = std::env::current_dir()?;
    let ctx = context::resolve(
        req.project.as_deref(),
        req.env.as_deref(),
        &cwd,
        &paths::config()?,
    )?;
    let (project, env) = session::complete_context(&vault, ctx)?;
    let project = vault.project(&project.value)?;
    if names == Names::Envs {
        return Ok(vault.envs(&project)?.into_iter().map(|e| e.name).collect());
    }
    let env = vault.env(&project, &env.value)?;
    Ok(vault.item_names(&env, &req.prefix, names == Names::DeletedKeys)?)
}

/// Works out what `words[index]` is, walking the words before it through the clap
/// definitions (subcommands, which options take values, positional order).
pub fn analyze(words: &[String], index: usize) -> Request {
    let mut root = super::Cli::command();
    root.build();
    let mut req = Request::default();
    let mut node = &root;
    let mut path: Vec<String> = Vec::new();
    let mut positional = 0usize;
    let mut after_dashdash = false;
    // An option seen without its value; `true` once bash's lone "=" word has been skipped.
    let mut pending: Option<(&clap::Arg, bool)> = None;
    let current = words.get(index).map(String::as_str).unwrap_or("");

    for word in words.iter().take(index).skip(1) {
        if let Some((arg, seen_eq)) = pending {
            // Bash splits `--env=prod` into `--env`, `=`, `prod`.
            if word == "=" && !seen_eq && arg.get_long().is_some() {
                pending = Some((arg, true));
                continue;
            }
            record(&mut req, arg, word);
            pending = None;
            continue;
        }
        if after_dashdash {
            positional += 1;
            continue;
        }
        if word == "--" {
            after_dashdash = true;
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if let Some(arg) = find_long(node, name).filter(|a| takes_value(a)) {
                match value {
                    Some(v) => record(&mut req, arg, v),
                    None => pending = Some((arg, false)),
                }
            }
        } else if word.len() > 1 && word.starts_with('-') {
            for (at, c) in word.char_indices().skip(1) {
                if let Some(arg) = find_short(node, c).filter(|a| takes_value(a)) {
                    let rest = &word[at + c.len_utf8()..];
                    match rest.strip_prefix('=').unwrap_or(rest) {
                        "" => pending = Some((arg, false)),
                        v => record(&mut req, arg, v),
                    }
                    break;
                }
            }
        } else if let Some(sub) = (positional == 0)
            .then(|| node.find_subcommand(word))
            .flatten()
        {
            node = sub;
            path.push(sub.get_name().to_string());
            positional = 0;
        } else {
            positional += 1;
        }
    }

    let path = path.join(" ");
    let mut req = analyze_current(
        req,
        node,
        &path,
        pending,
        after_dashdash,
        positional,
        current,
    );
    // `--only A,DB_`: a list; the names before the last delimiter stay as typed.
    if let Some(arg) = req.arg.take()
        && let Some(delim) = arg_delimiter(node, &arg)
        && let Some(at) = req.prefix.rfind(delim)
    {
        req.lead.push_str(&req.prefix[..=at]);
        req.prefix = req.prefix[at + 1..].to_string();
    }
    req
}

fn arg_delimiter(node: &clap::Command, id: &str) -> Option<char> {
    node.get_arguments()
        .find(|a| a.get_id() == id)
        .and_then(|a| a.get_value_delimiter())
}

/// The second half of [`analyze`]: what the word under the cursor is, given the state
/// the words before it left.
fn analyze_current(
    mut req: Request,
    node: &clap::Command,
    path: &str,
    pending: Option<(&clap::Arg, bool)>,
    after_dashdash: bool,
    positional: usize,
    current: &str,
) -> Request {
    if let Some((arg, seen_eq)) = pending {
        // Bash again: the cursor right after `--env=` is on a word "=" of its own, and
        // readline replaces only what follows it.
        let prefix = if current == "=" && !seen_eq {
            ""
        } else {
            current
        };
        req.names = names_for(path, arg);
        req.arg = Some(arg.get_id().to_string());
        req.prefix = prefix.to_string();
        return req;
    }
    if after_dashdash {
        return req;
    }
    if let Some(long) = current.strip_prefix("--") {
        if let Some((name, value)) = long.split_once('=')
            && let Some(arg) = find_long(node, name).filter(|a| takes_value(a))
        {
            req.names = names_for(path, arg);
            req.arg = Some(arg.get_id().to_string());
            req.lead = format!("--{name}=");
            req.prefix = value.to_string();
        }
        return req;
    }
    if let Some(rest) = current.strip_prefix('-') {
        let mut chars = rest.chars();
        if let Some(c) = chars.next()
            && let Some(arg) = find_short(node, c).filter(|a| takes_value(a))
            && !chars.as_str().is_empty()
        {
            req.names = names_for(path, arg);
            req.arg = Some(arg.get_id().to_string());
            req.lead = format!("-{c}");
            req.prefix = chars.as_str().to_string();
        }
        return req;
    }
    if positional == 0 && node.has_subcommands() {
        return req;
    }
    let positionals: Vec<&clap::Arg> = node.get_positionals().collect();
    let arg = positionals.get(positional).copied().or_else(|| {
        positionals
            .last()
            .copied()
            .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > 1))
    });
    if let Some(arg) = arg {
        req.names = names_for(path, arg);
        req.arg = Some(arg.get_id().to_string());
        req.prefix = current.to_string();
        // `set KEY=VALUE`: past the `=` it is a value, not a name.
        if req.prefix.contains('=') {
            req.names = None;
        }
    }
    req
}

fn record(req: &mut Request, arg: &clap::Arg, value: &str) {
    match arg.get_id().as_str() {
        "vault" => req.vault = Some(PathBuf::from(value)),
        "project" if arg.is_global_set() => req.project = Some(value.to_string()),
        "env" if arg.is_global_set() => req.env = Some(value.to_string()),
        _ => {}
    }
}

fn names_for(path: &str, arg: &clap::Arg) -> Option<Names> {
    let id = arg.get_id().as_str();
    NAME_ARGS
        .iter()
        .find(|(p, a, _)| *a == id && (*p == path || (p.is_empty() && arg.is_global_set())))
        .map(|(_, _, names)| *names)
}

fn find_long<'a>(cmd: &'a clap::Command, name: &str) -> Option<&'a clap::Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name)
            || a.get_all_aliases()
                .is_some_and(|aliases| aliases.contains(&name))
    })
}

fn find_short(cmd: &clap::Command, c: char) -> Option<&clap::Arg> {
    cmd.get_arguments().find(|a| a.get_short() == Some(c))
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(line: &str) -> Request {
        let mut words: Vec<String> = line.split(' ').map(String::from).collect();
        if line.ends_with(' ') {
            words.pop();
            words.push(String::new());
        }
        let index = words.len() - 1;
        analyze(&words, index)
    }

    #[test]
    fn every_name_argument_exists_in_the_clap_definitions() {
        let mut root = super::super::Cli::command();
        root.build();
        for (path, id, _) in NAME_ARGS {
            let mut node = &root;
            for part in path.split_whitespace() {
                node = node
                    .find_subcommand(part)
                    .unwrap_or_else(|| panic!("no subcommand {path:?}"));
            }
            assert!(
                node.get_arguments().any(|a| a.get_id() == *id),
                "no argument {id:?} in {path:?}"
            );
        }
    }

    #[test]
    fn keys_after_key_commands() {
        let r = at_end("secretscli get DB_");
        assert_eq!(r.names, Some(Names::Keys));
        assert_eq!(r.prefix, "DB_");
        assert_eq!(at_end("secretscli rm A ").names, Some(Names::Keys));
        assert_eq!(
            at_end("secretscli restore ").names,
            Some(Names::DeletedKeys)
        );
        assert_eq!(at_end("secretscli get A ").names, None, "get takes one key");
        assert_eq!(
            at_end("secretscli set A=").names,
            None,
            "a value, not a name"
        );
        assert_eq!(
            at_end("secretscli rollback --version 2 D").names,
            Some(Names::Keys)
        );
    }

    #[test]
    fn inject_key_lists_complete_after_the_last_comma() {
        let r = at_end("secretscli inject --only API_KEY,DB_");
        assert_eq!(r.names, Some(Names::Keys));
        assert_eq!((r.lead.as_str(), r.prefix.as_str()), ("API_KEY,", "DB_"));
        let r = at_end("secretscli inject --only=A,B");
        assert_eq!((r.lead.as_str(), r.prefix.as_str()), ("--only=A,", "B"));
        let r = at_end("secretscli inject --allow-dangerous ");
        assert_eq!(r.names, Some(Names::Keys));
        assert_eq!(at_end("secretscli inject -- np").names, None);
    }

    #[test]
    fn flags_before_the_word_set_the_scope() {
        let r = at_end("secretscli -p web --vault /v.db -e=prod get ");
        assert_eq!(r.names, Some(Names::Keys));
        assert_eq!(r.project.as_deref(), Some("web"));
        assert_eq!(r.env.as_deref(), Some("prod"));
        assert_eq!(r.vault, Some(PathBuf::from("/v.db")));
        let r = at_end("secretscli get -pweb ");
        assert_eq!(r.project.as_deref(), Some("web"));
    }

    #[test]
    fn env_and_project_values_in_every_spelling() {
        let r = at_end("secretscli -e pr");
        assert_eq!(
            (r.names, r.prefix.as_str(), r.lead.as_str()),
            (Some(Names::Envs), "pr", "")
        );
        let r = at_end("secretscli list --env=pr");
        assert_eq!(
            (r.names, r.prefix.as_str(), r.lead.as_str()),
            (Some(Names::Envs), "pr", "--env=")
        );
        let r = at_end("secretscli list -epr");
        assert_eq!(
            (r.names, r.prefix.as_str(), r.lead.as_str()),
            (Some(Names::Envs), "pr", "-e")
        );
        let r = at_end("secretscli --project ");
        assert_eq!(r.names, Some(Names::Projects));
        // Bash's word splitting at '='.
        let r = at_end("secretscli --env = pr");
        assert_eq!(
            (r.names, r.prefix.as_str(), r.lead.as_str()),
            (Some(Names::Envs), "pr", "")
        );
        let r = at_end("secretscli --env =");
        assert_eq!((r.names, r.prefix.as_str()), (Some(Names::Envs), ""));
        let r = at_end("secretscli env create stage --inherits ");
        assert_eq!(r.names, Some(Names::Envs));
        assert_eq!(at_end("secretscli env rm ").names, Some(Names::Envs));
        assert_eq!(
            at_end("secretscli project rm ").names,
            Some(Names::Projects)
        );
    }

    #[test]
    fn other_words_fall_back_to_static_completion() {
        assert_eq!(at_end("secretscli ").names, None);
        assert_eq!(at_end("secretscli g").names, None);
        assert_eq!(at_end("secretscli env ").names, None);
        assert_eq!(at_end("secretscli env create ").names, None);
        assert_eq!(at_end("secretscli get --").names, None);
        assert_eq!(at_end("secretscli import ").names, None);
        assert_eq!(at_end("secretscli get -- ").names, None);
        assert_eq!(at_end("secretscli --vault ").names, None);
    }
}
