//! `secretscli invite`: a one-time token (admin) for another device or a new user.
//! The token is printed on stdout, for handing over out of band.

use std::io::Write;

use super::{Global, session};
use crate::output;
use crate::sync;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// For another device of your own user (default: for a new user)
    #[arg(long = "self")]
    same_user: bool,
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
    let server = session::server(g)?;
    let mut conn = sync::connect(&mut vault, &unlocked, server.as_deref())?;
    let secs = args.expires.as_secs().max(1);
    let invite = sync::invite(&mut conn, args.same_user, secs)?;
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
    output::note(&format!(
        "one-time token {} valid until {}; on the other device: SECRETSCLI_TOKEN=... secretscli login {}",
        invite.token_id,
        output::time(invite.expires_at),
        conn.remote.urls
    ));
    Ok(())
}
