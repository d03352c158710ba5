//! `secretscli lease`: temporary PostgreSQL logins that live as long as a command
//! (docs/lease.md). Every lease command first revokes the leases that expired or lost
//! their holder. Prints only; the rules are in [`crate::lease`].

mod manage;
mod postgres;

use std::process::ExitCode;

use super::{Global, session};
use crate::error::{Exit, UserError};
use crate::lease::LeaseError;
use crate::output;
use crate::vault::{Unlocked, Vault};

// The lease commands. Not a doc comment: see `Family` in cli/mod.rs.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run a command with a new PostgreSQL login (DATABASE_URL, PGUSER, PGPASSWORD, ...)
    /// that is granted ROLE, valid until the lease ends, and dropped when the command exits
    Postgres(postgres::Args),
    /// List the leases recorded in the vault
    List(manage::ListArgs),
    /// Move a lease's end to now + --ttl (never past its --max-ttl from creation)
    Renew(manage::RenewArgs),
    /// End a lease now: its sessions terminated, its login dropped
    Revoke(manage::RevokeArgs),
    /// Revoke every lease that expired or whose `lease postgres` is gone
    Reap,
}

/// Dispatches; `lease postgres` returns its command's exit code.
pub fn run(g: &Global, command: Command) -> anyhow::Result<ExitCode> {
    super::token::refuse_write("lease")?;
    let ok = |r: anyhow::Result<()>| r.map(|()| ExitCode::from(Exit::Ok));
    match command {
        Command::Postgres(a) => postgres::run(g, a),
        Command::List(a) => ok(manage::list(g, a)),
        Command::Renew(a) => ok(manage::renew(g, a)),
        Command::Revoke(a) => ok(manage::revoke(g, a)),
        Command::Reap => ok(manage::reap(g)),
    }
}

/// The vault, unlocked, after revoking what expired or lost its holder. A reap that
/// fails (the database is away) is a warning here: the command itself may not need it.
fn open_and_reap(g: &Global) -> anyhow::Result<(Vault, Unlocked)> {
    let mut vault = session::open(g)?;
    let due = crate::lease::expired_or_orphaned(&vault, crate::vault::now_ms())?;
    let mut unlocked = session::unlock(&mut vault, g)?;
    if !due.is_empty() {
        match crate::lease::reap(&mut vault, &mut unlocked) {
            Ok(done) => report_revoked(&done),
            Err(e) => output::warn(&format!(
                "could not revoke the expired leases: {e}; `secretscli lease reap` tries again"
            )),
        }
    }
    Ok((vault, unlocked))
}

fn report_revoked(done: &[crate::vault::Lease]) {
    for l in done {
        output::note(&format!(
            "lease {} revoked: login {} dropped",
            l.id, l.login
        ));
    }
}

/// A lease error as the CLI reports it: vault errors keep their own exit codes.
fn user_error(e: LeaseError) -> anyhow::Error {
    let exit = match &e {
        LeaseError::Vault(_) => {
            let LeaseError::Vault(v) = e else {
                unreachable!()
            };
            return v.into();
        }
        LeaseError::BadAdmin { .. } | LeaseError::BadTtl { .. } => Exit::InvalidInput,
        LeaseError::Database { .. } => Exit::Failure,
        LeaseError::GrantRefused { .. } => Exit::Refused,
        LeaseError::BeyondMax { .. } => Exit::Conflict,
        LeaseError::NotFound { .. } => Exit::NotFound,
    };
    UserError {
        exit,
        hint: e.hint(),
        message: e.to_string(),
    }
    .into()
}
