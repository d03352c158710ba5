//! `secretscli env create|list|inherit|rm|protect|unprotect|serve-config`.

use super::{Global, session};
use crate::output;

// Environment subcommands. Not a doc comment: see `Family` in cli/mod.rs.
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
    /// Protect an environment on the sync server (admins): pushes become proposals
    ///
    /// A push to a protected environment lands only after N writers or admins other than
    /// its author approve it (`secretscli changes approve ID`). Enforced by the server.
    Protect {
        /// Environment name
        name: String,
        /// Approvals a proposal needs, from people other than its author (1 to 10)
        #[arg(long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u32).range(1..=crate::wire::proposals::MAX_APPROVALS as i64))]
        approvals: u32,
    },
    /// Stop protecting an environment (admins): pushes land directly again
    ///
    /// Pending proposals stay, and may still be approved or rejected.
    Unprotect {
        /// Environment name
        name: String,
    },
    /// Serve an environment's config items over the server's config API (admins)
    ///
    /// The values of its config items (never its secrets) are sent to the server in clear,
    /// now and with every push, so apps can read them with `GET /v1/config/PROJECT/ENV/KEY`
    /// and a service token or a member's device token (docs/config-api.md). `--off` stops
    /// serving, and the server forgets every value it kept.
    ServeConfig {
        /// Environment name
        name: String,
        /// Stop serving (the server deletes the values it kept)
        #[arg(long)]
        off: bool,
    },
}

/// Runs an environment subcommand.
pub fn run(g: &Global, cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Protect { name, approvals } => return protection(g, &name, approvals),
        Command::Unprotect { name } => return protection(g, &name, 0),
        Command::ServeConfig { name, off } => return serve_config(g, &name, !off),
        _ => {}
    }
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
        Command::Protect { .. } | Command::Unprotect { .. } | Command::ServeConfig { .. } => {
            unreachable!("run before")
        }
    }
    Ok(())
}

/// Protects (`approvals` >= 1) or unprotects (0) `name` on the sync server.
fn protection(g: &Global, name: &str, approvals: u32) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::team::connect(g, &mut vault, &unlocked)?;
    let scope = super::team::scope(g, &vault, &mut conn)?;
    let label = format!(
        "{}/{name}",
        scope.label.split('/').next().unwrap_or_default()
    );
    let env_id = crate::team::changes::remote_env_id(&mut conn, scope.project_id, &label, name)?;
    if approvals == 0 {
        crate::team::changes::unprotect(&mut conn, env_id)?;
        output::note(&format!(
            "{label} is no longer protected: pushes land directly (pending proposals stay)"
        ));
    } else {
        crate::team::changes::protect(&mut conn, env_id, approvals)?;
        output::note(&format!(
            "{label} is protected: a push there becomes a proposal that needs {} from writers or admins other than its author (`{}`)",
            crate::cli::words::count(u64::from(approvals), "approval"),
            super::flags::Flags::from_global(g).command("changes list")
        ));
    }
    Ok(())
}

/// Serves `name`'s config items over the server's config API, or stops (`serve` false).
fn serve_config(g: &Global, name: &str, serve: bool) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    let mut conn = super::team::connect(g, &mut vault, &unlocked)?;
    let scope = super::team::scope(g, &vault, &mut conn)?;
    let project_name = scope
        .label
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let label = format!("{project_name}/{name}");
    let env_id = crate::team::changes::remote_env_id(&mut conn, scope.project_id, &label, name)?;
    let project = vault.project(&project_name)?;
    let env = vault.env(&project, name)?;
    let done = crate::sync::serve_config::serve_config(
        &vault,
        &mut unlocked,
        &mut conn,
        &env,
        env_id,
        serve,
    )?;
    if done.serve {
        output::note(&format!(
            "{label}: config items are served over the config API ({} sent now; pushes send new ones): GET /v1/config/{project_name}/{name}/KEY",
            crate::cli::words::count(done.values as u64, "value")
        ));
    } else {
        output::note(&format!(
            "{label}: config is no longer served; the server deleted the values it kept"
        ));
    }
    Ok(())
}
