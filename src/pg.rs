//! A PostgreSQL admin connection for the commands that change logins on an admin's device
//! (`rotate postgres`, `lease postgres`): tokio-postgres on a current-thread runtime that
//! lives only as long as the command, so `get` and `inject` never start one.
//!
//! Must never put a password in SQL text (callers send PostgreSQL's SCRAM verifier, made
//! by [`verifier`]), in an error, or in a log. Errors carry the step and the server's
//! message only.

use std::time::Duration;

use postgres_protocol::escape::escape_identifier;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls};

/// How long a connection attempt may take before the step fails.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// A statement that failed: which step, and what the server said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbError {
    /// The step, e.g. "ALTER ROLE app_alt".
    pub what: String,
    /// The server's message (never a password: verifiers only are sent).
    pub why: String,
}

pub(crate) fn failed(what: &str, e: impl std::fmt::Display) -> DbError {
    DbError {
        what: what.to_string(),
        why: e.to_string(),
    }
}

/// A driver error with the server's own message when it sent one (the driver's `Display`
/// says only "db error"), and its detail and hint.
pub(crate) fn db_failed(what: &str, e: &tokio_postgres::Error) -> DbError {
    let Some(db) = e.as_db_error() else {
        return failed(what, e);
    };
    let mut why = db.message().to_string();
    for extra in [db.detail(), db.hint()].into_iter().flatten() {
        why.push_str(" (");
        why.push_str(extra);
        why.push(')');
    }
    failed(what, why)
}

/// PostgreSQL's stored form of `password` (RFC 7677 SCRAM-SHA-256, random salt).
pub(crate) fn verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// A role name as a quoted SQL identifier.
pub(crate) fn ident(name: &str) -> String {
    escape_identifier(name)
}

/// One connection and the runtime that drives it.
pub(crate) struct Db {
    rt: Runtime,
    client: Client,
}

impl Db {
    /// Connects with `url`; `as_whom` names the connection in errors.
    pub(crate) fn connect(url: &str, as_whom: &str) -> Result<Db, DbError> {
        let what = format!("connecting as {as_whom}");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| failed(&what, e))?;
        let client = rt.block_on(async {
            let connecting = tokio_postgres::connect(url, NoTls);
            let (client, conn) = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
                .await
                .map_err(|_| failed(&what, "timed out"))?
                .map_err(|e| db_failed(&what, &e))?;
            // The connection's own errors surface as the next query's error.
            tokio::spawn(conn);
            Ok::<_, DbError>(client)
        })?;
        Ok(Db { rt, client })
    }

    /// Runs `sql` (one or more statements; several run in one implicit transaction, so a
    /// failing one undoes those before it).
    pub(crate) fn run(&self, what: &str, sql: &str) -> Result<(), DbError> {
        self.rt
            .block_on(self.client.batch_execute(sql))
            .map_err(|e| db_failed(what, &e))
    }

    /// The first column, as text, of every row `sql` returns.
    pub(crate) fn texts(
        &self,
        what: &str,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<String>, DbError> {
        let rows = self
            .rt
            .block_on(self.client.query(sql, args))
            .map_err(|e| db_failed(what, &e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Whether `sql` (one boolean) is true.
    pub(crate) fn check(
        &self,
        what: &str,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<bool, DbError> {
        let row = self
            .rt
            .block_on(self.client.query_one(sql, args))
            .map_err(|e| db_failed(what, &e))?;
        Ok(row.get(0))
    }

    /// At most one row of `sql`, with the driver's own error (for callers that look at
    /// its SQLSTATE).
    pub(crate) fn row(
        &self,
        sql: &str,
        args: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<tokio_postgres::Row>, tokio_postgres::Error> {
        self.rt.block_on(self.client.query_opt(sql, args))
    }

    /// The user this connection logged in as.
    pub(crate) fn current_user(&self) -> Result<String, DbError> {
        let user = self.texts("SELECT current_user", "SELECT current_user::text", &[])?;
        Ok(user.into_iter().next().unwrap_or_default())
    }

    /// Ends every open session of `logins` (`pg_terminate_backend`), one statement.
    pub(crate) fn terminate_sessions(&self, logins: &[String]) -> Result<(), DbError> {
        self.texts(
            &format!("terminating the sessions of {}", logins.join(", ")),
            "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
             WHERE usename::text = ANY($1)",
            &[&logins],
        )?;
        Ok(())
    }
}
