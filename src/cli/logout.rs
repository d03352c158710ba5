//! `secretscli logout`: revoke this device's token on the server and forget the login.

use super::{Global, session};
use crate::output;
use crate::sync;

#[derive(Debug, clap::Args)]
pub struct Args {}

/// Revokes (best effort when the token no longer works) and forgets the login.
pub fn run(g: &Global, _args: Args) -> anyhow::Result<()> {
    let mut vault = session::open(g)?;
    let unlocked = session::unlock(&mut vault, g)?;
    let server = session::server(g)?;
    let revoked = sync::logout(&mut vault, &unlocked, server.as_deref())?;
    if revoked {
        output::note("token revoked on the server; login forgotten here");
    } else {
        output::note(
            "login forgotten here (the token's id was unreadable; ask the admin to revoke it)",
        );
    }
    Ok(())
}
