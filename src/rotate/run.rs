//! The steps of `rotate postgres` and their order, driven from the vault's write-ahead
//! record so `rotate --resume` continues where a crash stopped. Must never advance the
//! record past a step whose database work has not succeeded, and never touch the database
//! before the new password is staged in the vault.

use rand::Rng as _;
use zeroize::Zeroizing;

use super::{Credential, Login, Result, RotateError, alternate_login};
use crate::vault::{Alias, Env, Rotation, Step, Unlocked, Vault};

/// Test hook: `SECRETSCLI_TEST_ABORT_AFTER=STEP` aborts the process (as kill -9 would
/// stop it: no destructor, no cleanup) right after STEP's work and before the record
/// moves on: `staged` (password in the vault, database untouched), `create`, `set`,
/// `test`. For the crash tests; documented in docs/rotation.md.
const ABORT_HOOK: &str = "SECRETSCLI_TEST_ABORT_AFTER";

fn crash_point(step: &str) {
    if std::env::var_os(ABORT_HOOK).is_some_and(|v| v == step) {
        std::process::abort();
    }
}

/// How the logins change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Two logins (`app`, `app_alt`) take turns; the previous one works until `--finish`.
    Alternating,
    /// The login's password changes in place; the old one stops working at once.
    Single,
}

impl Strategy {
    fn as_str(self) -> &'static str {
        match self {
            Strategy::Alternating => "alternating",
            Strategy::Single => "single",
        }
    }
}

/// What the CLI may report as a rotation moves on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The new credential is in the vault as `next`.
    Staged {
        /// The item.
        item: String,
        /// Its staged version.
        version: u64,
        /// The login it uses.
        login: String,
    },
    /// A step finished.
    Done {
        /// The item.
        item: String,
        /// The step.
        step: Step,
    },
}

/// A completed rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// The item.
    pub item: String,
    /// The login now current.
    pub login: String,
    /// The login before (the same with the single strategy).
    pub previous_login: String,
    /// The item's current version.
    pub current: u64,
    /// Its previous version.
    pub previous: u64,
}

/// 32 characters from [A-Za-z0-9] by the OS generator: about 190 bits. Also the
/// password of a lease's login.
pub fn new_password() -> Zeroizing<String> {
    let mut rng = rand::rngs::OsRng;
    Zeroizing::new(
        (0..32)
            .map(|_| char::from(rng.sample(rand::distributions::Alphanumeric)))
            .collect(),
    )
}

/// The admin's credential: a URL (it says where the database is).
fn login_of(vault: &Vault, unlocked: &mut Unlocked, env: &Env, item: &str) -> Result<Login> {
    let value = vault.reveal(unlocked, env, item, None)?.value;
    Login::parse(item, &value)
}

/// The rotated item's credential, in either form ([`Credential`]).
fn credential_of(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    item: &str,
) -> Result<Credential> {
    let value = vault.reveal(unlocked, env, item, None)?.value;
    Credential::parse(item, &value)
}

/// Starts a rotation of `item` in `env`, the admin credential in `admin_item`, and runs
/// it to the end.
pub fn start(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    (item, admin_item): (&str, &str),
    strategy: Strategy,
    progress: &mut dyn FnMut(Progress),
) -> Result<Finished> {
    if let Some(r) = vault.rotation(env, item)? {
        return Err(RotateError::InProgress {
            item: item.to_string(),
            step: r.step.as_str(),
        });
    }
    let current = credential_of(vault, unlocked, env, item)?;
    login_of(vault, unlocked, env, admin_item)?;
    let new_login = match strategy {
        Strategy::Alternating => alternate_login(current.user()),
        Strategy::Single => current.user().to_string(),
    };
    let password = new_password();
    let record = Rotation {
        env_id: env.id,
        item: item.to_string(),
        admin_item: admin_item.to_string(),
        strategy: strategy.as_str().to_string(),
        old_login: current.user().to_string(),
        new_login: new_login.clone(),
        staged_version: 0,
        verifier: verifier(&password)?,
        step: Step::Create,
    };
    let value = current.with(&new_login, &password);
    drop(password);
    let record = vault.begin_rotation(unlocked, env, value, record)?;
    progress(Progress::Staged {
        item: item.to_string(),
        version: record.staged_version,
        login: new_login,
    });
    crash_point("staged");
    drive(vault, unlocked, env, record, progress)
}

#[cfg(feature = "server")]
fn verifier(password: &str) -> Result<String> {
    Ok(crate::pg::verifier(password))
}

#[cfg(not(feature = "server"))]
fn verifier(_: &str) -> Result<String> {
    Err(RotateError::NotBuilt)
}

/// Runs every rotation the vault has in progress to its end, oldest first.
pub fn resume(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<Finished>> {
    let mut done = Vec::new();
    for record in vault.rotations()? {
        let env = vault.env_by_id(record.env_id)?;
        done.push(drive(vault, unlocked, &env, record, progress)?);
    }
    Ok(done)
}

#[cfg(not(feature = "server"))]
fn drive(
    _: &mut Vault,
    _: &mut Unlocked,
    _: &Env,
    _: Rotation,
    _: &mut dyn FnMut(Progress),
) -> Result<Finished> {
    Err(RotateError::NotBuilt)
}

/// Runs `r` from its recorded step to the end; each step's work is done before the
/// record moves on, so a crash repeats at most one step (each is idempotent).
#[cfg(feature = "server")]
fn drive(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    mut r: Rotation,
    progress: &mut dyn FnMut(Progress),
) -> Result<Finished> {
    check_record(vault, unlocked, env, &r)?;
    let admin = login_of(vault, unlocked, env, &r.admin_item)?;
    let db = crate::pg::Db::connect(admin.expose_url(), &format!("the admin ({})", admin.user()))?;
    loop {
        let next = match r.step {
            Step::Create => {
                if r.new_login != r.old_login {
                    super::pg::ensure_login(&db, &r.new_login, &r.old_login)?;
                }
                Step::Set
            }
            Step::Set => {
                super::pg::set_password(&db, &r.new_login, &r.verifier)?;
                Step::Test
            }
            Step::Test => {
                test(vault, unlocked, env, &r, (&admin, &db))?;
                Step::Finish
            }
            Step::Finish => return finish(vault, unlocked, env, &r, progress),
        };
        crash_point(r.step.as_str());
        vault.rotation_step(&r, next)?;
        progress(Progress::Done {
            item: r.item.clone(),
            step: r.step,
        });
        r.step = next;
    }
}

/// The record is not sealed: before it steers `ALTER ROLE`, its logins must be those of the
/// item's sealed versions (the staged `next`, whose pointer the env's tag covers, and the
/// current one), so an edited record cannot aim the staged password at another role.
#[cfg(feature = "server")]
fn check_record(vault: &Vault, unlocked: &mut Unlocked, env: &Env, r: &Rotation) -> Result<()> {
    let damaged = |why: String| {
        RotateError::Vault(crate::vault::VaultError::Damaged {
            what: format!("the rotation record of {} in {}", r.item, env.label()),
            why,
        })
    };
    let staged = vault.reveal_alias(unlocked, env, &r.item, Alias::Next)?;
    let staged_login = Credential::parse(&r.item, &staged.value)?;
    if staged.info.version != r.staged_version || staged_login.user() != r.new_login {
        return Err(damaged(format!(
            "its login or version is not that of {}'s staged version",
            r.item
        )));
    }
    if credential_of(vault, unlocked, env, &r.item)?.user() != r.old_login {
        return Err(damaged(format!(
            "its old login is not the one {}'s current version uses",
            r.item
        )));
    }
    Ok(())
}

/// Logs in with the staged credential as a client would, and checks that the database
/// stores exactly the staged password's verifier. The second check is what proves the
/// password where `pg_hba.conf` says `trust` (which lets any password log in).
#[cfg(feature = "server")]
fn test(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    r: &Rotation,
    (admin_login, admin): (&Login, &crate::pg::Db),
) -> Result<()> {
    let failed = |why: String| RotateError::TestFailed {
        login: r.new_login.clone(),
        why,
    };
    let staged = vault.reveal_alias(unlocked, env, &r.item, Alias::Next)?;
    if staged.info.version != r.staged_version {
        return Err(failed(format!(
            "{}'s next version is {}, not the staged {}",
            r.item, staged.info.version, r.staged_version
        )));
    }
    let login = Credential::parse(&r.item, &staged.value)?;
    let db = crate::pg::Db::connect(
        &login.expose_connect_url(&r.item, admin_login)?,
        &format!("the new login {}", r.new_login),
    )?;
    let user = db.current_user()?;
    if user != r.new_login {
        return Err(failed(format!("it logged in as {user}")));
    }
    if super::pg::stored_matches(admin, &r.new_login, &r.verifier)? == Some(false) {
        return Err(failed(
            "the database does not hold the staged password, or the login cannot log in".into(),
        ));
    }
    Ok(())
}

#[cfg(feature = "server")]
fn finish(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    r: &Rotation,
    progress: &mut dyn FnMut(Progress),
) -> Result<Finished> {
    let p = vault.promote(unlocked, env, &r.item, true)?;
    progress(Progress::Done {
        item: r.item.clone(),
        step: Step::Finish,
    });
    Ok(Finished {
        item: r.item.clone(),
        login: r.new_login.clone(),
        previous_login: r.old_login.clone(),
        current: p.current,
        previous: p.previous,
    })
}

/// After the overlap: locks the login `item`'s previous version uses (NOLOGIN, no
/// password, its sessions terminated). Returns that login.
#[cfg(feature = "server")]
pub fn finish_overlap(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    (item, admin_item): (&str, &str),
) -> Result<String> {
    if let Some(r) = vault.rotation(env, item)? {
        return Err(RotateError::InProgress {
            item: item.to_string(),
            step: r.step.as_str(),
        });
    }
    let nothing = |why: &str| RotateError::NothingToFinish {
        item: item.to_string(),
        why: why.to_string(),
    };
    let (_, aliases) = vault.aliases(env, item)?;
    let previous = aliases
        .previous
        .ok_or_else(|| nothing("it was never promoted"))?;
    let old = Credential::parse(
        item,
        &vault.reveal(unlocked, env, item, Some(previous))?.value,
    )?;
    let current = credential_of(vault, unlocked, env, item)?;
    if old.user() == current.user() {
        return Err(nothing(
            "its previous version uses the same login (the single strategy changed its password in place)",
        ));
    }
    let admin = login_of(vault, unlocked, env, admin_item)?;
    let db = crate::pg::Db::connect(admin.expose_url(), &format!("the admin ({})", admin.user()))?;
    super::pg::lock(&db, old.user())?;
    let detail = format!("login {} locked (NOLOGIN, sessions ended)", old.user());
    vault.record_reveal(
        "rotate-finish",
        &env.project,
        &env.name,
        vec![item.to_string()],
        &detail,
    )?;
    Ok(old.user().to_string())
}

#[cfg(not(feature = "server"))]
pub fn finish_overlap(_: &mut Vault, _: &mut Unlocked, _: &Env, _: (&str, &str)) -> Result<String> {
    Err(RotateError::NotBuilt)
}
