//! The rotation's own statements, on the shared admin connection ([`crate::pg::Db`]).
//! Every statement can run twice (a resumed step runs again) with the same outcome.
//! Passwords never appear in SQL text: `ALTER ROLE` gets the SCRAM-SHA-256 verifier.

use postgres_protocol::escape::escape_literal;

use super::{Result, RotateError};
use crate::pg::{Db, DbError, ident};

impl From<DbError> for RotateError {
    fn from(e: DbError) -> Self {
        RotateError::Database {
            what: e.what,
            why: e.why,
        }
    }
}

fn names(db: &Db, what: &str, sql: &str, arg: &str) -> Result<Vec<String>> {
    Ok(db.texts(what, sql, &[&arg])?)
}

/// Creates `login` (when missing) with the role memberships `like` has, so the two
/// logins of an alternating pair reach the same objects through their group roles.
pub(super) fn ensure_login(db: &Db, login: &str, like: &str) -> Result<()> {
    let what = format!("CREATE ROLE {login}");
    let exists = names(
        db,
        &what,
        "SELECT rolname::text FROM pg_roles WHERE rolname = $1",
        login,
    )?;
    if exists.is_empty() {
        db.run(&what, &format!("CREATE ROLE {} LOGIN", ident(login)))?;
    }
    let groups = names(
        db,
        &format!("reading the roles of {like}"),
        "SELECT g.rolname::text FROM pg_auth_members m
         JOIN pg_roles u ON u.oid = m.member JOIN pg_roles g ON g.oid = m.roleid
         WHERE u.rolname = $1",
        like,
    )?;
    for group in groups.iter().filter(|g| *g != login) {
        let sql = format!("GRANT {} TO {}", ident(group), ident(login));
        db.run(&format!("GRANT {group} TO {login}"), &sql)?;
    }
    Ok(())
}

/// Lets `login` log in with the password whose verifier is `verifier`.
pub(super) fn set_password(db: &Db, login: &str, verifier: &str) -> Result<()> {
    let sql = format!(
        "ALTER ROLE {} WITH LOGIN PASSWORD {}",
        ident(login),
        escape_literal(verifier)
    );
    Ok(db.run(&format!("ALTER ROLE {login}"), &sql)?)
}

/// Whether the database stores `verifier` for `login` and lets it log in. `None` when
/// the admin may not read `pg_authid` (only superusers can): the login test stands alone.
pub(super) fn stored_matches(db: &Db, login: &str, verifier: &str) -> Result<Option<bool>> {
    let result = db.row(
        "SELECT rolcanlogin, rolpassword FROM pg_authid WHERE rolname = $1",
        &[&login],
    );
    match result {
        Ok(Some(row)) => {
            let can_login: bool = row.get(0);
            let stored: Option<String> = row.get(1);
            Ok(Some(can_login && stored.as_deref() == Some(verifier)))
        }
        Ok(None) => Ok(Some(false)),
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => {
            Ok(None)
        }
        Err(e) => Err(crate::pg::db_failed(&format!("reading pg_authid for {login}"), &e).into()),
    }
}

/// Ends `login`: no more logins, no password, and its open sessions terminated.
pub(super) fn lock(db: &Db, login: &str) -> Result<()> {
    let what = format!("ALTER ROLE {login} NOLOGIN");
    let sql = format!("ALTER ROLE {} WITH NOLOGIN PASSWORD NULL", ident(login));
    db.run(&what, &sql)?;
    Ok(db.terminate_sessions(&[login.to_string()])?)
}
