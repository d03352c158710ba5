//! `secretscli invite`: a one-time token for another device of yours (`--self`: it logs in
//! pending and gets keys once approved with `device approve`), or for a new user with a
//! role in the project (`--user NAME --role R [-e ENV]`: a project admin may do this; the
//! grant completes when a device holding the keys next syncs). Without `--role`, a new
//! user with no project (server admins only). The token is printed on stdout, for handing
//! over out of band.

use std::io::Write;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::output;
use crate::sync;
use crate::wire::team::{InviteGrant, Role};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// For another device of your own user; it stays pending until approved
    #[arg(long = "self", conflicts_with_all = ["user", "role"])]
    same_user: bool,
    /// The new user's name (they log in with `login --user NAME`)
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// The role the new user gets in the project (-e: in one environment)
    #[arg(long, value_name = "ROLE", value_parser = super::team::parse_role)]
    role: Option<Role>,
    /// How long the token stays valid, e.g. 15m, 1h, 2days
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    expires: humantime::Duration,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// Creates the invite and prints the token.
pub fn run(g: &Global, args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    if args.role.is_none() && g.env.is_some() {
        return Err(UserError::new(
            Exit::Usage,
            "-e given without --role",
            "pass --role ROLE with -e ENV to invite someone to one environment",
        )
        .into());
    }
    let server = session::server(g)?;
    let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let grant = match args.role {
        Some(role) => {
            let scope = super::team::scope(g, &vault, &mut conn)?;
            Some(InviteGrant {
                project_id: scope.project_id,
                role,
                env_id: scope.env_id,
            })
        }
        None => None,
    };
    let secs = args.expires.as_secs().max(1);
    let invite = sync::invite(&mut conn, args.same_user, secs, grant)?;
    if args.json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            token_id: &'a str,
            token: &'a str,
            expires_at: String,
        }
        return Ok(output::json(&Shown {
            token_id: &invite.token_id,
            token: &invite.token,
            expires_at: output::time(invite.expires_at),
        })?);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", invite.token)?;
    let login = match (&args.user, args.same_user) {
        (_, true) => format!("secretscli login {}", conn.remote.urls),
        (Some(user), false) => format!(
            "secretscli login {} --user {}",
            conn.remote.urls,
            output::escape(user)
        ),
        (None, false) => format!("secretscli login {} --user NAME", conn.remote.urls),
    };
    output::note(&format!(
        "one-time token {} valid until {}; on the other device: SECRETSCLI_TOKEN=... {login}",
        invite.token_id,
        output::time(invite.expires_at),
    ));
    if args.same_user {
        output::note(
            "the new device stays pending until you run `secretscli device approve NAME` here after comparing fingerprints",
        );
    }
    Ok(())
}
