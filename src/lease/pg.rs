//! The lease's statements, on the shared admin connection ([`crate::pg::Db`]). The
//! password never appears in SQL text: `CREATE ROLE` gets its SCRAM verifier.

use postgres_protocol::escape::escape_literal;

use super::{LeaseError, Result};
use crate::pg::{Db, DbError, ident};

impl From<DbError> for LeaseError {
    fn from(e: DbError) -> Self {
        LeaseError::Database {
            what: e.what,
            why: e.why,
        }
    }
}

/// Refuses a role that does not exist or that the admin is not a member of: PostgreSQL 15
/// lets any CREATEROLE admin grant any non-superuser role, and a lease must not hand out
/// more than its admin has.
pub(super) fn check_grantable(db: &Db, role: &str) -> Result<()> {
    let refused = |admin: String, why: &str| LeaseError::GrantRefused {
        admin,
        role: role.to_string(),
        why: why.to_string(),
    };
    let admin = db.current_user()?;
    let what = format!("checking role {role}");
    let exists = db.check(
        &what,
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
        &[&role],
    )?;
    if !exists {
        return Err(refused(admin, super::NO_SUCH_ROLE));
    }
    if !db.check(
        &what,
        "SELECT pg_has_role(current_user, $1, 'MEMBER')",
        &[&role],
    )? {
        return Err(refused(admin, "it is not a member of it"));
    }
    Ok(())
}

/// Creates `login` with the password whose verifier is `verifier`, valid until `until`
/// (an RFC 3339 time), and grants it `role`: one implicit transaction, so a refused
/// grant leaves no login behind.
pub(super) fn create_login(
    db: &Db,
    login: &str,
    verifier: &str,
    until: &str,
    role: &str,
) -> Result<()> {
    let sql = format!(
        "CREATE ROLE {login_q} LOGIN PASSWORD {pw} VALID UNTIL {until}; GRANT {role_q} TO {login_q}",
        login_q = ident(login),
        pw = escape_literal(verifier),
        until = escape_literal(until),
        role_q = ident(role),
    );
    Ok(db.run(&format!("CREATE ROLE {login} (granted {role})"), &sql)?)
}

/// Moves `login`'s `VALID UNTIL` to `until` (RFC 3339).
pub(super) fn set_valid_until(db: &Db, login: &str, until: &str) -> Result<()> {
    let sql = format!(
        "ALTER ROLE {} VALID UNTIL {}",
        ident(login),
        escape_literal(until)
    );
    Ok(db.run(&format!("ALTER ROLE {login} VALID UNTIL"), &sql)?)
}

/// Ends `logins` in three statement batches: no more logins (so no session can start
/// between the next two steps), their sessions terminated, then their objects handed to
/// the admin and the logins dropped. Logins already gone are skipped, so a revoke can run
/// again after a crash.
pub(super) fn drop_logins(db: &Db, logins: &[String]) -> Result<()> {
    let what = format!("revoking {}", logins.join(", "));
    let existing = db.texts(
        &what,
        "SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1) ORDER BY 1",
        &[&logins],
    )?;
    if existing.is_empty() {
        return Ok(());
    }
    let quoted: Vec<String> = existing.iter().map(|l| ident(l)).collect();
    let nologin: String = quoted
        .iter()
        .map(|q| format!("ALTER ROLE {q} NOLOGIN;"))
        .collect();
    db.run(&what, &nologin)?;
    db.terminate_sessions(&existing)?;
    let list = quoted.join(", ");
    // REASSIGN/DROP OWNED need the privileges of the logins (a superuser has them); an
    // admin without them can still drop a login that owns nothing, the usual case.
    let owned = if may_take_objects(db, &what, &existing)? {
        format!("REASSIGN OWNED BY {list} TO CURRENT_USER; DROP OWNED BY {list}; ")
    } else {
        String::new()
    };
    db.run(&what, &format!("{owned}DROP ROLE {list}"))?;
    Ok(())
}

fn may_take_objects(db: &Db, what: &str, logins: &[String]) -> Result<bool> {
    Ok(db.check(
        what,
        "SELECT bool_and(pg_has_role(current_user, r, 'USAGE')) FROM unnest($1::text[]) r",
        &[&logins],
    )?)
}
