//! `secretscli context set|show|clear`: the default project and environment, globally or
//! for a directory tree (`--here` writes `.secretscli.toml`).

use super::{Global, session};
use crate::context::{self, ContextFile, LOCAL_FILE, Sourced};
use crate::output;
use crate::paths;

// Context subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Set the default project, environment and/or server (--project/-p, --env/-e, --server)
    Set {
        /// Write .secretscli.toml in the current directory instead of the global config
        #[arg(long)]
        here: bool,
        /// Have `set` and `import` check secret values against Have I Been Pwned (k-anonymity)
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        check_breach: Option<bool>,
        /// Have `inject` refresh from the sync server before starting (`inject --pull`)
        #[arg(long, value_name = "on|off", value_parser = on_off)]
        pull: Option<bool>,
    },
    /// Show the context and where each value comes from
    Show {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove the global context (or, with --here, this directory's file)
    Clear {
        /// Remove .secretscli.toml in the current directory
        #[arg(long)]
        here: bool,
    },
}

#[derive(serde::Serialize)]
struct Shown {
    project: Option<String>,
    project_source: Option<String>,
    env: Option<String>,
    env_source: Option<String>,
    server: Option<String>,
    server_source: Option<String>,
}

/// Runs a context subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Set {
            here,
            check_breach,
            pull,
        } => set(
            g,
            Wanted {
                project: g.project.clone(),
                env: g.env.clone(),
                check_breach,
                pull,
            },
            here,
        ),
        Command::Show { json } => show(g, json),
        Command::Clear { here } => {
            let path = if here {
                std::env::current_dir()?.join(LOCAL_FILE)
            } else {
                paths::config()?
            };
            match std::fs::remove_file(&path) {
                Ok(()) => output::note(&format!("removed {}", path.display())),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    output::note("no context was set")
                }
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
    }
}

fn on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err("use on or off".into()),
    }
}

/// What `context set` was asked to change.
struct Wanted {
    project: Option<String>,
    env: Option<String>,
    check_breach: Option<bool>,
    pull: Option<bool>,
}

fn set(g: &Global, wanted: Wanted, here: bool) -> anyhow::Result<()> {
    let Wanted {
        project,
        env,
        check_breach,
        pull,
    } = wanted;
    let nothing = check_breach.is_none() && pull.is_none();
    if project.is_none() && env.is_none() && g.server.is_none() && nothing {
        return Err(crate::error::UserError::new(
            crate::error::Exit::Usage,
            "nothing to set",
            "pass --project NAME, --env NAME, --server URL, --check-breach on|off and/or --pull on|off",
        )
        .into());
    }
    if let Some(server) = &g.server {
        crate::sync::transport::parse_urls(server, true)?;
    }
    // Check the names exist when a vault is there, so a typo is caught now, not later.
    if (project.is_some() || env.is_some())
        && let Ok(vault) = session::open(g)
    {
        let project_name = match &project {
            Some(p) => p.clone(),
            None => {
                session::complete_context(&vault, session::context(g)?)?
                    .0
                    .value
            }
        };
        let p = vault.project(&project_name)?;
        if let Some(e) = &env {
            vault.env(&p, e)?;
        }
    }
    let path = if here {
        std::env::current_dir()?.join(LOCAL_FILE)
    } else {
        paths::config()?
    };
    let mut file = context::read_file(&path)?;
    if project.is_some() {
        file.project = project;
    }
    if env.is_some() {
        file.env = env;
    }
    if g.server.is_some() {
        file.server.clone_from(&g.server);
    }
    if check_breach.is_some() {
        file.check_breach = check_breach;
    }
    if pull.is_some() {
        file.pull = pull;
    }
    context::write_file(&path, &ContextFile { ..file })?;
    output::note(&format!("context saved in {}", path.display()));
    Ok(())
}

fn show(g: &Global, json: bool) -> anyhow::Result<()> {
    let ctx = session::context(g)?;
    let (project, env) = match session::open(g) {
        Ok(vault) => match session::complete_context(&vault, ctx.clone()) {
            Ok((p, e)) => (Some(p), Some(e)),
            Err(_) => (ctx.project, ctx.env),
        },
        Err(_) => (ctx.project, ctx.env),
    };
    let part = |s: &Option<Sourced>| {
        (
            s.as_ref().map(|s| s.value.clone()),
            s.as_ref().map(|s| s.source.to_string()),
        )
    };
    let (project, project_source) = part(&project);
    let (env, env_source) = part(&env);
    let (server, server_source) = part(&session::server_sourced(g)?);
    let shown = Shown {
        project,
        project_source,
        env,
        env_source,
        server,
        server_source,
    };
    if json {
        return Ok(output::json(&shown)?);
    }
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let from = |v: &Option<String>| {
        v.as_ref()
            .map(|s| format!("(from {s})"))
            .unwrap_or_default()
    };
    Ok(output::pairs(&[
        (
            "project",
            format!("{}  {}", dash(&shown.project), from(&shown.project_source)),
        ),
        (
            "env",
            format!("{}  {}", dash(&shown.env), from(&shown.env_source)),
        ),
        (
            "server",
            format!("{}  {}", dash(&shown.server), from(&shown.server_source)),
        ),
    ])?)
}
