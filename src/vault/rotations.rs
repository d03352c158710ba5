//! The write-ahead records of credential rotations (`rotate postgres`): which step each
//! rotation reached, so a crash at any step resumes instead of forgetting a password the
//! database already has.
//!
//! A record holds no secret. The new credential is the item's staged `next` version,
//! written in the same transaction as the record and before the database is touched; the
//! record points at that version. The verifier is the SCRAM-SHA-256 string PostgreSQL
//! stores for the password (salted and iterated; it cannot log in), kept so a resumed
//! test compares what the database holds with what was staged. Never store a password here.

use rusqlite::{OptionalExtension as _, params};

use super::{Env, Result, Unlocked, Vault, VaultError};
use crate::crypto::SecretBytes;

/// Where a rotation has got to: the step to run next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Create the new login (alternating) or nothing (single).
    Create,
    /// Give the login the staged password.
    Set,
    /// Log in with the staged credential and check what the database stores.
    Test,
    /// Promote `next` to current and drop the record.
    Finish,
}

impl Step {
    /// As stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Create => "create",
            Step::Set => "set",
            Step::Test => "test",
            Step::Finish => "finish",
        }
    }

    fn parse(s: &str) -> Option<Step> {
        Some(match s {
            "create" => Step::Create,
            "set" => Step::Set,
            "test" => Step::Test,
            "finish" => Step::Finish,
            _ => return None,
        })
    }
}

/// One rotation in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The environment of the item.
    pub env_id: uuid::Uuid,
    /// The item holding the credential.
    pub item: String,
    /// The item holding the admin credential.
    pub admin_item: String,
    /// `alternating` or `single`.
    pub strategy: String,
    /// The login the current version uses.
    pub old_login: String,
    /// The login the staged version uses.
    pub new_login: String,
    /// The item's staged version.
    pub staged_version: u64,
    /// PostgreSQL's SCRAM verifier of the staged password.
    pub verifier: String,
    /// The next step to run.
    pub step: Step,
}

const COLUMNS: &str =
    "env_id, item, admin_item, strategy, old_login, new_login, staged_version, verifier, step";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Rotation> {
    let bad =
        |i| rusqlite::Error::InvalidColumnType(i, "rotations".into(), rusqlite::types::Type::Text);
    let env_id: String = r.get(0)?;
    let step: String = r.get(8)?;
    Ok(Rotation {
        env_id: uuid::Uuid::parse_str(&env_id).map_err(|_| bad(0))?,
        item: r.get(1)?,
        admin_item: r.get(2)?,
        strategy: r.get(3)?,
        old_login: r.get(4)?,
        new_login: r.get(5)?,
        staged_version: r.get(6)?,
        verifier: r.get(7)?,
        step: Step::parse(&step).ok_or_else(|| bad(8))?,
    })
}

impl Vault {
    /// Stages `value` as the item's `next` and records `rotation` (whose `staged_version`
    /// is filled in) in one transaction: after it, the password survives any crash.
    pub fn begin_rotation(
        &mut self,
        unlocked: &mut Unlocked,
        env: &Env,
        value: SecretBytes,
        mut rotation: Rotation,
    ) -> Result<Rotation> {
        let (tx, version) = self.stage_in_tx(unlocked, env, &rotation.item, value)?;
        rotation.staged_version = version;
        tx.execute(
            &format!("INSERT INTO rotations ({COLUMNS}, started_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
            params![
                env.id.to_string(),
                rotation.item,
                rotation.admin_item,
                rotation.strategy,
                rotation.old_login,
                rotation.new_login,
                version,
                rotation.verifier,
                rotation.step.as_str(),
                super::now_ms()
            ],
        )?;
        tx.commit()?;
        Ok(rotation)
    }

    /// Records that `rotation` reached `step`.
    pub fn rotation_step(&mut self, rotation: &Rotation, step: Step) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE rotations SET step = ?1 WHERE env_id = ?2 AND item = ?3",
            params![step.as_str(), rotation.env_id.to_string(), rotation.item],
        )?;
        if n == 0 {
            return Err(VaultError::Damaged {
                what: format!("the rotation record of {}", rotation.item),
                why: "it disappeared while the rotation ran".into(),
            });
        }
        Ok(())
    }

    /// The rotation of `item` in `env` in progress, if any.
    pub fn rotation(&self, env: &Env, item: &str) -> Result<Option<Rotation>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM rotations WHERE env_id = ?1 AND item = ?2"),
                params![env.id.to_string(), item],
                from_row,
            )
            .optional()?)
    }

    /// Every rotation in progress, oldest first.
    pub fn rotations(&self) -> Result<Vec<Rotation>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM rotations ORDER BY started_at"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
