//! `secretscli lease postgres --admin ADMIN_ITEM --grant ROLE -- CMD`: CMD runs with a
//! login made for it, and the login is dropped when CMD exits (docs/lease.md). Exit code:
//! CMD's, or 128 + the signal that killed it.

use std::ffi::OsString;
use std::process::ExitCode;
use std::time::Duration;

use super::{Global, open_and_reap, user_error};
use crate::error::{Exit, UserError};
use crate::inject::supervise::{self, ChildSpec};
use crate::lease::{Request, Started, Watchdog};
use crate::output;
use crate::vault::{Lease, Unlocked, Vault};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item holding a URL whose role may CREATE ROLE and is a member of ROLE
    #[arg(long, value_name = "ADMIN_ITEM")]
    admin: String,
    /// The role granted to the lease's login (a group role holding the privileges)
    #[arg(long, value_name = "ROLE")]
    grant: String,
    /// How long the lease lasts (the login's VALID UNTIL); it is revoked at its end
    #[arg(long, default_value = "1h", value_name = "DURATION", value_parser = humantime::parse_duration)]
    ttl: Duration,
    /// The latest end `lease renew` may set, from the lease's creation
    #[arg(long, default_value = "24h", value_name = "DURATION", value_parser = humantime::parse_duration)]
    max_ttl: Duration,
    /// The command to run, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    command: Vec<OsString>,
}

/// Leases a login, runs the command with it, revokes it, and exits as the command did.
pub fn run(g: &Global, args: Args) -> anyhow::Result<ExitCode> {
    let Some((program, rest)) = args.command.split_first() else {
        return Err(UserError::new(
            Exit::Usage,
            "no command to run",
            "put it after `--`, e.g. `secretscli lease postgres --admin PG_ADMIN --grant app -- psql`",
        )
        .into());
    };
    let (mut vault, mut unlocked) = open_and_reap(g)?;
    let (_, env) = super::session::target(&vault, g)?;
    let request = Request {
        admin_item: &args.admin,
        role: &args.grant,
        ttl: args.ttl,
        max_ttl: args.max_ttl,
    };
    let started =
        crate::lease::start(&mut vault, &mut unlocked, &env, &request).map_err(user_error)?;
    let lease = started.lease.clone();
    output::note(&format!(
        "lease {}: login {} granted {} until {}",
        lease.id,
        lease.login,
        lease.role,
        output::time(lease.expires_at)
    ));
    let watchdog = Watchdog::start(vault.path(), &vault, &mut unlocked, &lease);
    let spec = ChildSpec {
        program: program.clone(),
        args: rest.to_vec(),
        env: child_env(started),
    };
    let options = supervise::Options {
        child_umask: Some(super::super::user_umask()),
        ..supervise::Options::default()
    };
    let code = supervise::supervise(spec, options);
    if stop_watchdog(watchdog, &lease) {
        if let Err(e) = crate::lease::audit_expired(&mut vault, &lease) {
            output::warn(&format!(
                "lease {}: the revoke was not audited: {e}",
                lease.id
            ));
        }
        output::note(&format!(
            "lease {} expired while the command ran: login {} dropped",
            lease.id, lease.login
        ));
    }
    revoke_at_exit(&mut vault, &mut unlocked, &lease);
    let code = code.map_err(|e| super::super::inject::exec_error(&program.to_string_lossy(), e))?;
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)))
}

/// Our environment with the lease's variables in place of any we had.
fn child_env(started: Started) -> Vec<(OsString, OsString)> {
    let mut vars: Vec<(OsString, OsString)> = std::env::vars_os()
        .filter(|(k, _)| !started.expose_vars().any(|(name, _)| k == name))
        .collect();
    vars.extend(
        started
            .expose_vars()
            .map(|(k, v)| (OsString::from(k), OsString::from(v))),
    );
    vars
}

/// Stops the expiry watch; whether it revoked the lease.
fn stop_watchdog(watchdog: crate::lease::Result<Watchdog>, lease: &Lease) -> bool {
    let stopped = watchdog.and_then(Watchdog::stop);
    stopped.unwrap_or_else(|e| {
        output::warn(&format!("lease {}: the expiry watch failed: {e}", lease.id));
        false
    })
}

/// Drops the login now that the command exited. A failure is a warning, not the exit
/// code: the command's result stays what it was, the record stays for `lease reap`, and
/// the login's VALID UNTIL still ends it.
fn revoke_at_exit(vault: &mut Vault, unlocked: &mut Unlocked, lease: &Lease) {
    match crate::lease::finish(vault, unlocked, &lease.id) {
        Ok(true) => output::note(&format!(
            "lease {}: login {} dropped",
            lease.id, lease.login
        )),
        Ok(false) => {}
        Err(e) => {
            let hint = e.hint().unwrap_or_default();
            output::warn(&format!(
                "lease {}: login {} NOT dropped: {e}; {hint}",
                lease.id, lease.login
            ));
        }
    }
}
