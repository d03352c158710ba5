//! The vault's audit log: every reveal, write, delete, import, export and unlock, as a
//! SHA-256 hash chain. Each entry hashes the previous entry's hash, and the vault header
//! keeps the newest sequence number and hash, so `verify` notices an edited entry, a
//! removed one (a gap or broken link) and a truncated tail. Entries hold names, never values.
//! The chain is unkeyed: it catches accidents and naive edits, not someone who rewrites
//! the whole chain and header (documented in the README's security section).

use rusqlite::{OptionalExtension as _, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Result, Vault, now_ms};

/// What happened, before it is chained.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// Verb, e.g. `set`, `reveal`, `import`.
    pub action: String,
    /// Project name ("" when none).
    pub project: String,
    /// Environment name ("" when none).
    pub env: String,
    /// Item names concerned.
    pub names: Vec<String>,
    /// Free text without values (e.g. "3 created, 1 updated").
    pub detail: String,
}

impl Event {
    /// An event with no names or detail yet.
    pub fn new(action: &str, project: &str, env: &str) -> Self {
        Event {
            action: action.to_string(),
            project: project.to_string(),
            env: env.to_string(),
            ..Event::default()
        }
    }
}

/// One stored audit entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// Time (ms since epoch).
    pub at: i64,
    /// Who (the vault's device name).
    pub actor: String,
    /// Verb.
    pub action: String,
    /// Project.
    pub project: String,
    /// Environment.
    pub env: String,
    /// Item names.
    pub names: Vec<String>,
    /// Detail.
    pub detail: String,
    /// Hex SHA-256 of this entry, chained.
    pub hash: String,
}

/// Result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum AuditVerdict {
    /// All `entries` link up and match the header.
    Intact {
        /// Number of entries checked.
        entries: i64,
    },
    /// The first problem found.
    Broken {
        /// Sequence number where it was found.
        seq: i64,
        /// What is wrong.
        problem: String,
    },
}

const GENESIS: [u8; 32] = [0u8; 32];

/// The names of an event as stored and hashed: a JSON array.
fn names_json(names: &[String]) -> String {
    serde_json::to_string(names).expect("strings serialize")
}

fn entry_hash(prev: &[u8], seq: i64, at: i64, actor: &str, e: &Event, names: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"secretscli/audit/v1\0");
    h.update(prev);
    h.update(seq.to_be_bytes());
    h.update(at.to_be_bytes());
    for field in [actor, &e.action, &e.project, &e.env, names, &e.detail] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().into()
}

/// Appends `event` inside `tx`, linking it to the current head.
pub(super) fn append(tx: &Transaction<'_>, actor: &str, event: &Event) -> Result<()> {
    let (seq, head): (i64, Option<Vec<u8>>) = tx.query_row(
        "SELECT audit_seq, audit_head FROM vault WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let prev = head.unwrap_or_else(|| GENESIS.to_vec());
    let seq = seq + 1;
    let at = now_ms();
    let names = names_json(&event.names);
    let hash = entry_hash(&prev, seq, at, actor, event, &names);
    let names_id = intern_names(tx, &names)?;
    tx.execute(
        "INSERT INTO audit (seq, at, actor, action, project, env, names, names_id, detail,
                            prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', ?7, ?8, ?9, ?10)",
        params![
            seq,
            at,
            actor,
            event.action,
            event.project,
            event.env,
            names_id,
            event.detail,
            prev,
            hash.to_vec()
        ],
    )?;
    tx.execute(
        "UPDATE vault SET audit_seq = ?1, audit_head = ?2 WHERE id = 1",
        params![seq, hash.to_vec()],
    )?;
    Ok(())
}

/// The id of the stored name list `names` (JSON), stored on its first use: an inject
/// names the same items run after run.
fn intern_names(tx: &Transaction<'_>, names: &str) -> Result<i64> {
    let digest: [u8; 32] = Sha256::digest(names.as_bytes()).into();
    let known = tx
        .query_row(
            "SELECT id FROM audit_names WHERE digest = ?1",
            [&digest[..]],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = known {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO audit_names (digest, names) VALUES (?1, ?2)",
        params![&digest[..], names],
    )?;
    Ok(tx.last_insert_rowid())
}

struct Row {
    entry: AuditEntry,
    prev: Vec<u8>,
    hash: Vec<u8>,
}

impl Vault {
    /// Appends one event in its own transaction.
    pub(super) fn record(&mut self, event: &Event) -> Result<()> {
        let device = self.header.device.clone();
        let tx = self.write_tx()?;
        append(&tx, &device, event)?;
        tx.commit()?;
        Ok(())
    }

    /// Records that values were shown or written out (`reveal`, `export`).
    pub fn record_reveal(
        &mut self,
        action: &str,
        project: &str,
        env: &str,
        names: Vec<String>,
        detail: &str,
    ) -> Result<()> {
        let mut event = Event::new(action, project, env);
        event.names = names;
        event.detail = detail.to_string();
        self.record(&event)
    }

    fn audit_rows(&self) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.seq, a.at, a.actor, a.action, a.project, a.env, COALESCE(n.names, a.names),
                    a.detail, a.prev_hash, a.hash
             FROM audit a LEFT JOIN audit_names n ON n.id = a.names_id ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let names: String = r.get(6)?;
            let hash: Vec<u8> = r.get(9)?;
            Ok(Row {
                entry: AuditEntry {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    project: r.get(4)?,
                    env: r.get(5)?,
                    names: serde_json::from_str(&names).unwrap_or_default(),
                    detail: r.get(7)?,
                    hash: hex::encode(&hash),
                },
                prev: r.get(8)?,
                hash,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every audit entry, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        Ok(self.audit_rows()?.into_iter().map(|r| r.entry).collect())
    }

    /// Recomputes the chain and compares it with the header's head.
    pub fn verify_audit(&self) -> Result<AuditVerdict> {
        let rows = self.audit_rows()?;
        let mut prev = GENESIS.to_vec();
        for (expected_seq, row) in (1..).zip(rows.iter()) {
            let e = &row.entry;
            let broken = |problem: &str| AuditVerdict::Broken {
                seq: e.seq,
                problem: problem.to_string(),
            };
            if e.seq != expected_seq {
                return Ok(AuditVerdict::Broken {
                    seq: expected_seq,
                    problem: format!("is missing (the next entry is {})", e.seq),
                });
            }
            if row.prev != prev {
                return Ok(broken("does not link to the entry before it"));
            }
            let event = Event {
                action: e.action.clone(),
                project: e.project.clone(),
                env: e.env.clone(),
                names: e.names.clone(),
                detail: e.detail.clone(),
            };
            let names = names_json(&event.names);
            if entry_hash(&prev, e.seq, e.at, &e.actor, &event, &names).as_slice() != row.hash {
                return Ok(broken("was modified (its hash does not match its content)"));
            }
            prev.clone_from(&row.hash);
        }
        let (head_seq, head): (i64, Option<Vec<u8>>) = self.conn.query_row(
            "SELECT audit_seq, audit_head FROM vault WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let count = rows.len() as i64;
        if head_seq != count || head.unwrap_or_else(|| GENESIS.to_vec()) != prev {
            return Ok(AuditVerdict::Broken {
                seq: count + 1,
                problem: format!(
                    "the log ends at entry {count} but the vault recorded {head_seq} entries"
                ),
            });
        }
        Ok(AuditVerdict::Intact { entries: count })
    }
}
