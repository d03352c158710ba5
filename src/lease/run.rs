//! The life of a lease: start (record, then create the login), renew, revoke (batched
//! and rate-limited), and reap what expired or lost its holder.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rand::Rng as _;
use zeroize::Zeroizing;

use super::{LOGIN_PREFIX, LeaseError, REVOKE_BATCH, REVOKES_PER_SECOND, Result, holder, pg};
use crate::pg::Db;
use crate::rotate::Login;
use crate::vault::{Env, Lease, LeaseState, Unlocked, Vault, VaultError};

/// What `lease postgres` asks for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The item holding the admin URL.
    pub admin_item: &'a str,
    /// The role to grant.
    pub role: &'a str,
    /// How long the lease lasts.
    pub ttl: Duration,
    /// The latest end a renewal may set, from now.
    pub max_ttl: Duration,
}

/// A lease whose login exists, and the variables that hand it to the child.
pub struct Started {
    /// The record.
    pub lease: Lease,
    /// `DATABASE_URL`, `PGUSER`, `PGPASSWORD`, `PGHOST`, `PGPORT`, `PGDATABASE`.
    vars: Vec<(&'static str, Zeroizing<String>)>,
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.vars.iter().map(|(k, _)| *k).collect();
        f.debug_struct("Started")
            .field("lease", &self.lease)
            .field("vars", &names)
            .finish()
    }
}

impl Started {
    /// The child's variables, exposing the password: for the child's environment only.
    pub fn expose_vars(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.vars.iter().map(|(k, v)| (*k, v.as_str()))
    }
}

/// Milliseconds since the epoch as RFC 3339 UTC with milliseconds, as `VALID UNTIL` and
/// errors take it.
pub(crate) fn utc(ms: i64) -> String {
    let format = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| ms.to_string())
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// 12 characters from [a-z0-9] by the OS generator: about 62 bits, unique enough among
/// the logins of one cluster, and a plain PostgreSQL name with the prefix.
fn new_id() -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rngs::OsRng;
    (0..12)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

/// The login a record may drop: `secretscli_lease_<its id>`, the id being what `new_id`
/// makes. Anything else is a record edited outside secretscli, refused as damage.
fn checked_login(lease: &Lease) -> Result<&str> {
    let id_ok = lease.id.len() == 12
        && lease
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if id_ok && lease.login.strip_prefix(LOGIN_PREFIX) == Some(lease.id.as_str()) {
        return Ok(&lease.login);
    }
    Err(LeaseError::Vault(VaultError::Damaged {
        what: format!("the record of lease {}", lease.id),
        why: "its login is not the one its id names".into(),
    }))
}

pub(super) fn admin_login(
    vault: &Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    item: &str,
) -> Result<Login> {
    let value = vault.reveal(unlocked, env, item, None)?.value;
    Login::parse(item, &value).map_err(|e| match e {
        crate::rotate::RotateError::BadCredential { item, why } => {
            LeaseError::BadAdmin { item, why }
        }
        other => LeaseError::BadAdmin {
            item: item.to_string(),
            why: other.to_string(),
        },
    })
}

pub(super) fn connect(admin: &Login) -> Result<Db> {
    Ok(Db::connect(
        admin.expose_url(),
        &format!("the admin ({})", admin.user()),
    )?)
}

fn check_ttl(ttl: Duration, max_ttl: Duration) -> Result<()> {
    let bad = |why: &str| LeaseError::BadTtl {
        ttl: humantime::format_duration(ttl).to_string(),
        why: why.to_string(),
    };
    if ttl.is_zero() {
        return Err(bad("it must be longer than zero"));
    }
    if ttl > max_ttl {
        return Err(bad(&format!(
            "it is longer than --max-ttl {}",
            humantime::format_duration(max_ttl)
        )));
    }
    Ok(())
}

/// Records a lease, then creates its login (valid until the lease's end) with `role`.
/// On a refused creation the record is dropped again (the implicit transaction left no
/// login); if that cleanup cannot be confirmed the record stays for `lease reap`.
pub fn start(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    env: &Env,
    req: &Request<'_>,
) -> Result<Started> {
    check_ttl(req.ttl, req.max_ttl)?;
    let admin = admin_login(vault, unlocked, env, req.admin_item)?;
    let db = connect(&admin)?;
    pg::check_grantable(&db, req.role)?;
    let lease = new_lease(env, req);
    vault.insert_lease(&lease)?;
    let password = crate::rotate::new_password();
    let verifier = crate::pg::verifier(&password);
    let until = utc(lease.expires_at);
    if let Err(e) = pg::create_login(&db, &lease.login, &verifier, &until, &lease.role) {
        // The transaction rolled back; drop the login anyway in case the failure came
        // after the commit (a lost connection), then forget the record.
        if revoke_batch(&db, vault, std::slice::from_ref(&lease)).is_ok() {
            vault.remove_leases(std::slice::from_ref(&lease.id))?;
        }
        return Err(e);
    }
    vault.set_lease_state(std::slice::from_ref(&lease.id), LeaseState::Active)?;
    let detail = format!(
        "lease {} login {} granted {}",
        lease.id, lease.login, lease.role
    );
    vault.record_reveal("lease-create", &env.project, &env.name, vec![], &detail)?;
    let vars = child_vars(&admin, &lease.login, &password);
    Ok(Started {
        lease: Lease {
            state: LeaseState::Active,
            ..lease
        },
        vars,
    })
}

/// The record of a new lease, held by this process, before its login exists.
fn new_lease(env: &Env, req: &Request<'_>) -> Lease {
    let id = new_id();
    let now = crate::vault::now_ms();
    let (pid, start) = holder::me();
    Lease {
        login: format!("{LOGIN_PREFIX}{id}"),
        id,
        env_id: env.id,
        admin_item: req.admin_item.to_string(),
        role: req.role.to_string(),
        created_at: now,
        expires_at: now.saturating_add(ms(req.ttl)),
        max_expires_at: now.saturating_add(ms(req.max_ttl)),
        state: LeaseState::Creating,
        holder_pid: Some(pid),
        holder_start: start,
    }
}

/// The child's variables: the admin URL's host, port, database and options with the
/// lease's login and password.
fn child_vars(
    admin: &Login,
    login: &str,
    password: &str,
) -> Vec<(&'static str, Zeroizing<String>)> {
    let url_value = admin.with(login, password);
    let url_text = Zeroizing::new(String::from_utf8_lossy(url_value.expose()).into_owned());
    let parsed = url::Url::parse(&url_text).ok();
    let host = parsed
        .as_ref()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "localhost".into());
    let port = parsed
        .as_ref()
        .and_then(|u| u.port())
        .unwrap_or(5432)
        .to_string();
    let database = parsed
        .as_ref()
        .map(|u| u.path().trim_start_matches('/').to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| login.to_string());
    vec![
        ("DATABASE_URL", url_text),
        ("PGUSER", Zeroizing::new(login.to_string())),
        ("PGPASSWORD", Zeroizing::new(password.to_string())),
        ("PGHOST", Zeroizing::new(host)),
        ("PGPORT", Zeroizing::new(port)),
        ("PGDATABASE", Zeroizing::new(database)),
    ]
}

/// Moves lease `id`'s end to now + `ttl`, never past its maximum. The database first: if
/// the record's update is lost, the record says the earlier end, and a reap at that end
/// is early, never late.
pub fn renew(vault: &mut Vault, unlocked: &mut Unlocked, id: &str, ttl: Duration) -> Result<Lease> {
    let lease = vault
        .lease(id)?
        .filter(|l| l.state == LeaseState::Active)
        .ok_or_else(|| LeaseError::NotFound { id: id.to_string() })?;
    let asked = crate::vault::now_ms().saturating_add(ms(ttl));
    if asked > lease.max_expires_at {
        return Err(LeaseError::BeyondMax {
            id: id.to_string(),
            asked: utc(asked),
            max: utc(lease.max_expires_at),
        });
    }
    let login = checked_login(&lease)?.to_string();
    let env = vault.env_by_id(lease.env_id)?;
    let admin = admin_login(vault, unlocked, &env, &lease.admin_item)?;
    pg::set_valid_until(&connect(&admin)?, &login, &utc(asked))?;
    vault.set_lease_expiry(id, asked)?;
    let detail = format!("lease {id} until {}", utc(asked));
    vault.record_reveal("lease-renew", &env.project, &env.name, vec![], &detail)?;
    Ok(Lease {
        expires_at: asked,
        ..lease
    })
}

/// Revokes the leases `ids` (ends sessions, drops the logins, forgets the records).
pub fn revoke(vault: &mut Vault, unlocked: &mut Unlocked, ids: &[String]) -> Result<Vec<Lease>> {
    let mut leases = Vec::new();
    for id in ids {
        leases.push(
            vault
                .lease(id)?
                .ok_or_else(|| LeaseError::NotFound { id: id.clone() })?,
        );
    }
    revoke_leases(vault, unlocked, leases, "revoked")
}

/// Revokes this process's own lease when its command exited; nothing when another
/// process (`lease revoke`, a reap, the watchdog) already did.
pub fn finish(vault: &mut Vault, unlocked: &mut Unlocked, id: &str) -> Result<bool> {
    let Some(lease) = vault.lease(id)? else {
        return Ok(false);
    };
    revoke_leases(vault, unlocked, vec![lease], "its command exited")?;
    Ok(true)
}

/// Audits a revoke the [`Watchdog`] made (its thread has no unlocked vault to do it).
pub fn audit_expired(vault: &mut Vault, lease: &Lease) -> Result<()> {
    let env = vault.env_by_id(lease.env_id)?;
    let detail = format!("leases {} (expired while its command ran)", lease.id);
    vault.record_reveal("lease-revoke", &env.project, &env.name, vec![], &detail)?;
    Ok(())
}

/// The leases `now` (ms) has ended: expired, or whose holder is gone.
pub fn expired_or_orphaned(vault: &Vault, now: i64) -> Result<Vec<Lease>> {
    Ok(vault
        .leases()?
        .into_iter()
        .filter(|l| l.expires_at <= now || holder::is_gone(l))
        .collect())
}

/// Revokes every lease that expired or lost its holder; the revoked leases.
pub fn reap(vault: &mut Vault, unlocked: &mut Unlocked) -> Result<Vec<Lease>> {
    let due = expired_or_orphaned(vault, crate::vault::now_ms())?;
    revoke_leases(vault, unlocked, due, "expired or its holder is gone")
}

/// Revokes `leases`, one connection per admin item, in batches of [`REVOKE_BATCH`] at
/// most [`REVOKES_PER_SECOND`]; each batch is audited. Stops at the first failed batch
/// (the records of that batch and the rest stay for the next reap).
fn revoke_leases(
    vault: &mut Vault,
    unlocked: &mut Unlocked,
    leases: Vec<Lease>,
    why: &str,
) -> Result<Vec<Lease>> {
    let mut by_admin: BTreeMap<(uuid::Uuid, String), Vec<Lease>> = BTreeMap::new();
    for lease in leases {
        checked_login(&lease)?;
        by_admin
            .entry((lease.env_id, lease.admin_item.clone()))
            .or_default()
            .push(lease);
    }
    let mut done = Vec::new();
    let mut first_error = None;
    let pace = Pace::new();
    for ((env_id, admin_item), leases) in by_admin {
        let env = vault.env_by_id(env_id)?;
        let admin = admin_login(vault, unlocked, &env, &admin_item)?;
        let db = connect(&admin)?;
        for batch in leases.chunks(REVOKE_BATCH) {
            pace.wait(batch.len());
            let revoked = match revoke_batch(&db, vault, batch) {
                Ok(()) => batch.to_vec(),
                // One login that cannot be dropped (it owns objects in another database)
                // must not keep the rest of its batch alive: again one by one.
                Err(e @ LeaseError::Database { .. }) => {
                    first_error.get_or_insert(e);
                    one_by_one(&db, vault, batch, &mut first_error)?
                }
                Err(e) => return Err(e),
            };
            forget(vault, &env, &revoked, why)?;
            done.extend(revoked);
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(done),
    }
}

/// Revokes each lease of a failed batch alone; those that went. A lease that fails alone
/// puts its error in `first_error` (it names one login, where the batch's named them all).
fn one_by_one(
    db: &Db,
    vault: &mut Vault,
    batch: &[Lease],
    first_error: &mut Option<LeaseError>,
) -> Result<Vec<Lease>> {
    let mut revoked = Vec::new();
    for lease in batch {
        match revoke_batch(db, vault, std::slice::from_ref(lease)) {
            Ok(()) => revoked.push(lease.clone()),
            Err(e @ LeaseError::Database { .. }) => *first_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Ok(revoked)
}

/// Forgets revoked leases and audits them as one entry.
fn forget(vault: &mut Vault, env: &Env, revoked: &[Lease], why: &str) -> Result<()> {
    if revoked.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = revoked.iter().map(|l| l.id.clone()).collect();
    vault.remove_leases(&ids)?;
    let detail = format!("leases {} ({why})", ids.join(" "));
    vault.record_reveal("lease-revoke", &env.project, &env.name, vec![], &detail)?;
    Ok(())
}

/// Marks `batch` revoking, then ends and drops its logins. The records stay until the
/// caller removes them, so a crash here leaves them for the next reap.
pub(super) fn revoke_batch(db: &Db, vault: &mut Vault, batch: &[Lease]) -> Result<()> {
    let ids: Vec<String> = batch.iter().map(|l| l.id.clone()).collect();
    vault.set_lease_state(&ids, LeaseState::Revoking)?;
    let logins = batch
        .iter()
        .map(|l| checked_login(l).map(str::to_string))
        .collect::<Result<Vec<_>>>()?;
    pg::drop_logins(db, &logins)
}

/// The rate limit of revokes: a batch of `n` waits until the previous ones have had
/// their share of a second.
struct Pace {
    next: std::cell::Cell<Instant>,
}

impl Pace {
    fn new() -> Pace {
        Pace {
            next: std::cell::Cell::new(Instant::now()),
        }
    }

    fn wait(&self, n: usize) {
        let now = Instant::now();
        let at = self.next.get();
        if at > now {
            std::thread::sleep(at - now);
        }
        let share = Duration::from_secs(1) * u32::try_from(n).unwrap_or(u32::MAX)
            / u32::try_from(REVOKES_PER_SECOND).unwrap_or(1);
        self.next.set(at.max(now) + share);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(id: &str, login: &str) -> Lease {
        Lease {
            id: id.into(),
            env_id: uuid::Uuid::nil(),
            login: login.into(),
            admin_item: "ADMIN".into(),
            role: "app".into(),
            created_at: 0,
            expires_at: 0,
            max_expires_at: 0,
            state: LeaseState::Active,
            holder_pid: None,
            holder_start: None,
        }
    }

    #[test]
    fn a_record_may_only_drop_the_login_its_id_names() {
        let ok = lease("abc123def456", "secretscli_lease_abc123def456");
        assert_eq!(checked_login(&ok).unwrap(), "secretscli_lease_abc123def456");
        for (id, login) in [
            ("abc123def456", "postgres"),
            ("abc123def456", "secretscli_lease_abc123def457"),
            ("ABC123DEF456", "secretscli_lease_ABC123DEF456"),
            ("x\"; DROP", "secretscli_lease_x\"; DROP"),
            ("short", "secretscli_lease_short"),
        ] {
            let err = checked_login(&lease(id, login)).unwrap_err();
            assert!(
                matches!(err, LeaseError::Vault(VaultError::Damaged { .. })),
                "{login}"
            );
        }
    }

    #[test]
    fn new_ids_make_plain_postgres_names_that_pass_the_check() {
        let id = new_id();
        let login = format!("{LOGIN_PREFIX}{id}");
        assert!(login.len() <= 63);
        checked_login(&lease(&id, &login)).unwrap();
        assert_ne!(new_id(), id);
    }

    #[test]
    fn valid_until_is_utc_rfc3339_with_milliseconds() {
        assert_eq!(utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(utc(1_796_000_000_123), "2026-11-30T00:53:20.123Z");
    }

    #[test]
    fn a_ttl_must_be_positive_and_within_the_maximum() {
        let h = Duration::from_secs(3600);
        check_ttl(h, h).unwrap();
        assert!(check_ttl(Duration::ZERO, h).is_err());
        let err = check_ttl(2 * h, h).unwrap_err().to_string();
        assert!(err.contains("longer than --max-ttl 1h"), "{err}");
    }

    #[test]
    fn the_childs_variables_come_from_the_admin_url_with_the_leases_login() {
        let admin = Login::parse(
            "ADMIN",
            &crate::crypto::SecretBytes::from(
                "postgres://root:s3cret@db.internal:6543/shop?sslmode=require".to_string(),
            ),
        )
        .unwrap();
        let vars = child_vars(&admin, "secretscli_lease_abc", "pw");
        let get = |k: &str| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .unwrap()
                .1
                .as_str()
                .to_string()
        };
        assert_eq!(
            get("DATABASE_URL"),
            "postgres://secretscli_lease_abc:pw@db.internal:6543/shop?sslmode=require"
        );
        assert_eq!(get("PGUSER"), "secretscli_lease_abc");
        assert_eq!(get("PGPASSWORD"), "pw");
        assert_eq!(get("PGHOST"), "db.internal");
        assert_eq!(get("PGPORT"), "6543");
        assert_eq!(get("PGDATABASE"), "shop");
        let started = Started {
            lease: lease("abc123def456", "secretscli_lease_abc123def456"),
            vars,
        };
        assert!(!format!("{started:?}").contains("s3cret"));
        assert!(!format!("{started:?}").contains(":pw@"));
    }
}
