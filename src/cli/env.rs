//! `secretscli env create|list|inherit|rm`.

use super::{Global, session};
use crate::output;

/// Environment subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create an environment, optionally inheriting another's items
    Create {
        /// Environment name
        name: String,
        /// Inherit items from this environment (own items override)
        #[arg(long, value_name = "BASE")]
        inherits: Option<String>,
    },
    /// List the project's environments
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change what an environment inherits from (cycles are refused)
    Inherit {
        /// Environment to change
        name: String,
        /// New base environment
        #[arg(required_unless_present = "none")]
        base: Option<String>,
        /// Inherit from nothing
        #[arg(long, conflicts_with = "base")]
        none: bool,
    },
    /// Remove an environment and its items (irreversible)
    Rm {
        /// Environment name
        name: String,
        /// Do not ask for confirmation
        #[arg(long)]
        yes: bool,
    },
}

/// Runs an environment subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let (project, _) = session::complete_context(&vault, session::context(g)?)?;
    let project = vault.project(&project.value)?;
    match cmd {
        Command::Create { name, inherits } => {
            let mut unlocked = session::unlock(&mut vault, g)?;
            vault.create_env(&mut unlocked, &project, &name, inherits.as_deref())?;
            let from = inherits
                .map(|b| format!(", inheriting {b:?}"))
                .unwrap_or_default();
            output::note(&format!(
                "created environment {}/{name}{from}",
                project.name
            ));
        }
        Command::List { json } => {
            let envs = vault.envs(&project)?;
            if json {
                return Ok(output::json(&envs)?);
            }
            let rows: Vec<Vec<String>> = envs
                .iter()
                .map(|e| {
                    let count = vault.list(e, false).map(|i| i.len()).unwrap_or(0);
                    vec![
                        e.name.clone(),
                        e.parent.clone().unwrap_or_else(|| "-".into()),
                        count.to_string(),
                        e.key_version.to_string(),
                    ]
                })
                .collect();
            output::table(&["ENV", "INHERITS", "ITEMS", "KEY VERSION"], &rows)?;
        }
        Command::Inherit {
            name,
            base,
            none: _,
        } => {
            session::unlock(&mut vault, g)?;
            vault.set_parent(&project, &name, base.as_deref())?;
            match base {
                Some(b) => output::note(&format!("{name} now inherits {b}")),
                None => output::note(&format!("{name} now inherits nothing")),
            }
        }
        Command::Rm { name, yes } => {
            vault.env(&project, &name)?;
            super::purge::confirm(
                yes,
                &format!(
                    "remove environment {}/{name} and its items for good?",
                    project.name
                ),
            )?;
            session::unlock(&mut vault, g)?;
            vault.remove_env(&project, &name)?;
            output::note(&format!("removed environment {}/{name}", project.name));
        }
    }
    Ok(())
}
