//! `secretscli project create|list|rm`.

use super::{Global, session};
use crate::output;

// Project subcommands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a project with an environment `dev`
    Create {
        /// Project name
        name: String,
    },
    /// List projects
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove a project with all its environments and items (irreversible)
    Rm {
        /// Project name
        name: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

/// Runs a project subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    match cmd {
        Command::Create { name } => {
            let mut unlocked = session::unlock(&mut vault, g)?;
            let project = vault.create_project(&name)?;
            let env = g.env.as_deref().unwrap_or("dev");
            vault.create_env(&mut unlocked, &project, env, None)?;
            output::note(&format!(
                "created project {name:?} with environment {env:?}"
            ));
        }
        Command::List { json } => {
            let projects = vault.projects()?;
            if json {
                return Ok(output::json(&projects)?);
            }
            let rows: Vec<Vec<String>> = projects
                .iter()
                .map(|p| {
                    let envs = vault.envs(p).map(|e| e.len()).unwrap_or(0);
                    vec![p.name.clone(), envs.to_string(), output::time(p.created_at)]
                })
                .collect();
            output::table(&["PROJECT", "ENVS", "CREATED"], &rows)?;
        }
        Command::Rm { name, yes } => {
            let project = vault.project(&name)?;
            super::purge::confirm(
                yes,
                &format!(
                    "remove project {:?} and every item in it for good?",
                    project.name
                ),
            )?;
            session::unlock(&mut vault, g)?;
            vault.remove_project(&name)?;
            output::note(&format!("removed project {name:?}"));
        }
    }
    Ok(())
}
