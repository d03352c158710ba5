//! The watchdog of a running lease: revokes it at its end while its command still runs
//! (the login's `VALID UNTIL` stops new password logins, but sessions already open would
//! go on). Runs on its own thread with its own vault and admin connections; never prints.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use super::run::{admin_login, connect, revoke_batch};
use super::{LeaseError, Result};
use crate::rotate::Login;
use crate::vault::{Lease, Unlocked, Vault};

/// Watches one lease; re-reads its record before acting, so a `lease renew` from another
/// terminal moves the end.
pub struct Watchdog {
    stop: Sender<()>,
    thread: JoinHandle<Result<bool>>,
}

impl Watchdog {
    /// Starts watching `lease`, whose admin is `admin_item` in `env` of the vault at `path`.
    pub fn start(
        path: &std::path::Path,
        vault: &Vault,
        unlocked: &mut Unlocked,
        lease: &Lease,
    ) -> Result<Watchdog> {
        let env = vault.env_by_id(lease.env_id)?;
        let admin = admin_login(vault, unlocked, &env, &lease.admin_item)?;
        let path = path.to_path_buf();
        let lease = lease.clone();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("lease-watchdog".into())
            .spawn(move || watch(&path, &admin, &lease, &stopped))
            .map_err(|e| LeaseError::Database {
                what: "starting the lease's watchdog".into(),
                why: e.to_string(),
            })?;
        Ok(Watchdog { stop, thread })
    }

    /// Stops watching; whether the watchdog revoked the lease (it expired).
    pub fn stop(self) -> Result<bool> {
        let _ = self.stop.send(());
        self.thread.join().unwrap_or(Ok(false))
    }
}

fn watch(
    path: &std::path::Path,
    admin: &Login,
    lease: &Lease,
    stopped: &mpsc::Receiver<()>,
) -> Result<bool> {
    let mut vault = Vault::open(path)?;
    loop {
        let Some(current) = vault.lease(&lease.id)? else {
            return Ok(false);
        };
        let left = current.expires_at - crate::vault::now_ms();
        if left <= 0 {
            let db = connect(admin)?;
            revoke_batch(&db, &mut vault, std::slice::from_ref(&current))?;
            vault.remove_leases(std::slice::from_ref(&current.id))?;
            return Ok(true);
        }
        // Wake at the end, or each minute to see a renewal sooner than that matters.
        let wait = Duration::from_millis(u64::try_from(left).unwrap_or(0).min(60_000));
        match stopped.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return Ok(false),
        }
    }
}
