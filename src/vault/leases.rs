//! The write-ahead records of dynamic PostgreSQL credentials (`lease postgres`): each
//! lease is written here before its login exists in the database, so a crash, a kill -9
//! or a lost connection leaves a record that `lease reap` (or the next lease command)
//! turns into a dropped login.
//!
//! A record holds no secret: the login's password exists only in the child's environment
//! (and, as a SCRAM verifier, in the database). Records are not sealed; what an edited one
//! could steer is bounded where it is used (a revoke only ever drops a login named
//! `secretscli_lease_<its id>`, see `crate::lease`).

use rusqlite::{OptionalExtension as _, params};

use super::{Result, Vault, VaultError};

/// Where a lease is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseState {
    /// Recorded; its login may or may not exist yet.
    Creating,
    /// Its login exists and its command may be running.
    Active,
    /// A revoke started (the login may be half gone).
    Revoking,
}

impl LeaseState {
    /// As stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            LeaseState::Creating => "creating",
            LeaseState::Active => "active",
            LeaseState::Revoking => "revoking",
        }
    }

    fn parse(s: &str) -> Option<LeaseState> {
        Some(match s {
            "creating" => LeaseState::Creating,
            "active" => LeaseState::Active,
            "revoking" => LeaseState::Revoking,
            _ => return None,
        })
    }
}

/// One lease: a temporary PostgreSQL login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// Short random id (lower-case letters and digits); the login is named after it.
    pub id: String,
    /// The environment holding the admin item.
    pub env_id: uuid::Uuid,
    /// The login (role) in the database.
    pub login: String,
    /// The item holding the admin URL that created the login and will drop it.
    pub admin_item: String,
    /// The role granted to the login.
    pub role: String,
    /// When it was created (ms since the epoch).
    pub created_at: i64,
    /// When it ends (ms); the login's `VALID UNTIL`.
    pub expires_at: i64,
    /// The latest end a renewal may set (ms).
    pub max_expires_at: i64,
    /// Where it is.
    pub state: LeaseState,
    /// The process that revokes it when its command exits.
    pub holder_pid: Option<u32>,
    /// That process's start time (clock ticks since boot), so a reused pid is not taken
    /// for the holder; `None` where it cannot be read.
    pub holder_start: Option<u64>,
}

const COLUMNS: &str = "id, env_id, login, admin_item, role, created_at, expires_at, \
                       max_expires_at, state, holder_pid, holder_start";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Lease> {
    let bad =
        |i| rusqlite::Error::InvalidColumnType(i, "leases".into(), rusqlite::types::Type::Text);
    let env_id: String = r.get(1)?;
    let state: String = r.get(8)?;
    Ok(Lease {
        id: r.get(0)?,
        env_id: uuid::Uuid::parse_str(&env_id).map_err(|_| bad(1))?,
        login: r.get(2)?,
        admin_item: r.get(3)?,
        role: r.get(4)?,
        created_at: r.get(5)?,
        expires_at: r.get(6)?,
        max_expires_at: r.get(7)?,
        state: LeaseState::parse(&state).ok_or_else(|| bad(8))?,
        holder_pid: r.get(9)?,
        holder_start: r.get::<_, Option<i64>>(10)?.map(|t| t as u64),
    })
}

impl Vault {
    /// Records `lease` (before its login is created).
    pub fn insert_lease(&mut self, lease: &Lease) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO leases ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                lease.id,
                lease.env_id.to_string(),
                lease.login,
                lease.admin_item,
                lease.role,
                lease.created_at,
                lease.expires_at,
                lease.max_expires_at,
                lease.state.as_str(),
                lease.holder_pid,
                lease.holder_start.map(|t| t as i64),
            ],
        )?;
        Ok(())
    }

    /// Moves the leases `ids` to `state`, in one transaction.
    pub fn set_lease_state(&mut self, ids: &[String], state: LeaseState) -> Result<()> {
        let tx = self.conn.transaction()?;
        for id in ids {
            tx.execute(
                "UPDATE leases SET state = ?1 WHERE id = ?2",
                params![state.as_str(), id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a renewal: the lease now ends at `expires_at`.
    pub fn set_lease_expiry(&mut self, id: &str, expires_at: i64) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE leases SET expires_at = ?1 WHERE id = ?2",
            params![expires_at, id],
        )?;
        if n == 0 {
            return Err(VaultError::Damaged {
                what: format!("the record of lease {id}"),
                why: "it disappeared while the lease was renewed".into(),
            });
        }
        Ok(())
    }

    /// Forgets the leases `ids` (their logins are gone), in one transaction.
    pub fn remove_leases(&mut self, ids: &[String]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for id in ids {
            tx.execute("DELETE FROM leases WHERE id = ?1", params![id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The lease `id`, if recorded.
    pub fn lease(&self, id: &str) -> Result<Option<Lease>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM leases WHERE id = ?1"),
                params![id],
                from_row,
            )
            .optional()?)
    }

    /// Every recorded lease, oldest first.
    pub fn leases(&self) -> Result<Vec<Lease>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM leases ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
