//! The vault's audit log: every reveal, write, delete, import, export and unlock, as a
//! keyed chain. Each entry carries an HMAC-SHA256 (under a key derived from the root key,
//! see [`crate::crypto::mac`]) of its content and the previous entry's tag; the header
//! keeps the newest sequence number and tag, and a *seal*: a tag over (first keyed entry,
//! newest sequence number, newest tag). So `verify` notices an edited entry, a removed one
//! (a gap or broken link) and a removed tail even when the header was edited to match,
//! and nobody without the root key can rewrite the chain. Entries hold names, never values.
//!
//! Entries written before schema 4 keep their SHA-256 links (label `audit/v1`); the seal
//! made on the first unlock after the migration covers them from then on. What no file can
//! show: that it was replaced by an older copy of itself (the seal of that copy is valid).
//!
//! API: [`append`] inside a write transaction, [`Vault::verify_audit`]; nothing else.

use rusqlite::{OptionalExtension as _, Transaction, params};
use sha2::{Digest, Sha256};

use super::{Result, Vault, VaultError, now_ms};
use crate::crypto::MacKey;

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

/// The bytes an entry's link covers: label, previous link, sequence number, time, then
/// each text field length-prefixed. Frozen (golden test): `v1` is SHA-256'd, `v2` MAC'd.
fn entry_bytes(
    label: &[u8],
    prev: &[u8],
    seq: i64,
    at: i64,
    actor: &str,
    e: &Event,
    names: &str,
) -> Vec<u8> {
    let fields = [actor, &e.action, &e.project, &e.env, names, &e.detail];
    let len: usize = fields.iter().map(|f| 8 + f.len()).sum();
    let mut out = Vec::with_capacity(label.len() + prev.len() + 16 + len);
    out.extend_from_slice(label);
    out.extend_from_slice(prev);
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(&at.to_be_bytes());
    for field in fields {
        out.extend_from_slice(&(field.len() as u64).to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    out
}

const LEGACY_LABEL: &[u8] = b"secretscli/audit/v1\0";
const KEYED_LABEL: &[u8] = b"secretscli/audit/v2\0";
const SEAL_LABEL: &[u8] = b"secretscli/audit-seal/v1\0";

/// The link of entry `seq`: SHA-256 before `keyed_from`, HMAC from it on (`None` when
/// that needs the key and there is none: a locked vault can check positions only).
struct Linker<'k> {
    key: Option<&'k MacKey>,
    keyed_from: i64,
}

impl Linker<'_> {
    fn link(
        &self,
        prev: &[u8],
        seq: i64,
        at: i64,
        actor: &str,
        e: &Event,
        names: &str,
    ) -> Option<Vec<u8>> {
        if seq < self.keyed_from {
            let bytes = entry_bytes(LEGACY_LABEL, prev, seq, at, actor, e, names);
            Some(Sha256::digest(&bytes).to_vec())
        } else {
            let bytes = entry_bytes(KEYED_LABEL, prev, seq, at, actor, e, names);
            Some(self.key?.tag(&bytes).to_vec())
        }
    }
}

/// The header's seal over where keyed links start and where the chain ends.
fn seal(key: &MacKey, keyed_from: i64, seq: i64, head: &[u8]) -> Vec<u8> {
    key.tag(&seal_bytes(keyed_from, seq, head)).to_vec()
}

/// Frozen layout of what the seal covers.
fn seal_bytes(keyed_from: i64, seq: i64, head: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(SEAL_LABEL.len() + 16 + head.len());
    out.extend_from_slice(SEAL_LABEL);
    out.extend_from_slice(&keyed_from.to_be_bytes());
    out.extend_from_slice(&seq.to_be_bytes());
    out.extend_from_slice(head);
    out
}

/// The header's chain state.
struct Head {
    seq: i64,
    head: Vec<u8>,
    keyed_from: Option<i64>,
    seal: Option<Vec<u8>>,
}

fn read_head(conn: &rusqlite::Connection) -> Result<Head> {
    Ok(conn.query_row(
        "SELECT audit_seq, audit_head, audit_keyed_from, audit_seal FROM vault WHERE id = 1",
        [],
        |r| {
            Ok(Head {
                seq: r.get(0)?,
                head: r
                    .get::<_, Option<Vec<u8>>>(1)?
                    .unwrap_or_else(|| GENESIS.to_vec()),
                keyed_from: r.get(2)?,
                seal: r.get(3)?,
            })
        },
    )?)
}

/// Starts keyed links after the current newest entry and seals the chain as it stands:
/// the first unlock of a vault made before schema 4 (or `init`, with an empty chain).
pub(super) fn start_keyed(tx: &Transaction<'_>, key: &MacKey) -> Result<()> {
    let head = read_head(tx)?;
    let keyed_from = head.seq + 1;
    tx.execute(
        "UPDATE vault SET audit_keyed_from = ?1, audit_seal = ?2 WHERE id = 1",
        params![keyed_from, seal(key, keyed_from, head.seq, &head.head)],
    )?;
    Ok(())
}

/// Appends `event` inside `tx`, linking it to the current head and resealing.
pub(super) fn append(tx: &Transaction<'_>, key: &MacKey, actor: &str, event: &Event) -> Result<()> {
    let head = read_head(tx)?;
    let keyed_from = head.keyed_from.ok_or_else(|| VaultError::Damaged {
        what: "the audit log".into(),
        why: "its header has no keyed start although the vault is keyed".into(),
    })?;
    let seq = head.seq + 1;
    let at = now_ms();
    let names = names_json(&event.names);
    // `seq` >= `keyed_from` always holds here, so the link is keyed.
    let hash = entry_bytes(KEYED_LABEL, &head.head, seq, at, actor, event, &names);
    let hash = key.tag(&hash).to_vec();
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
            head.head,
            hash
        ],
    )?;
    tx.execute(
        "UPDATE vault SET audit_seq = ?1, audit_head = ?2, audit_seal = ?3 WHERE id = 1",
        params![seq, hash, seal(key, keyed_from, seq, &hash)],
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
        let tx = self.write_tx()?;
        self.audit(&tx, event)?;
        tx.commit()?;
        Ok(())
    }

    /// Appends `event` inside `tx`; needs the vault unlocked (the chain is keyed).
    pub(super) fn audit(&self, tx: &Transaction<'_>, event: &Event) -> Result<()> {
        append(tx, &self.macs()?.audit, &self.header.device, event)
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

    /// Recomputes the chain and checks it against the header's sealed head; needs the
    /// vault unlocked.
    pub fn verify_audit(&self) -> Result<AuditVerdict> {
        self.verify_chain(Some(&self.macs()?.audit))
    }

    /// What can be checked without the key (for `doctor` on a locked vault): sequence
    /// numbers, links between entries, the header's head, and the SHA-256 links of entries
    /// from before keying. Edited content of keyed entries needs [`Vault::verify_audit`].
    pub fn verify_audit_links(&self) -> Result<AuditVerdict> {
        self.verify_chain(None)
    }

    fn verify_chain(&self, key: Option<&MacKey>) -> Result<AuditVerdict> {
        let rows = self.audit_rows()?;
        let head = read_head(&self.conn)?;
        let count = rows.len() as i64;
        let (keyed_from, seal) = match (head.keyed_from, &head.seal, key) {
            (Some(from), Some(seal), _) => (from, Some(seal)),
            // Not keyed yet (migrated, never unlocked since) as far as a reader without
            // the key can tell; an unlock keys it before checking with the key.
            (None, None, None) => (i64::MAX, None),
            _ => {
                return Ok(AuditVerdict::Broken {
                    seq: count + 1,
                    problem: "has lost its seal (the vault header was edited)".into(),
                });
            }
        };
        let linker = Linker { key, keyed_from };
        if let (Some(key), Some(seal)) = (key, seal)
            && !key.verify(&seal_bytes(keyed_from, head.seq, &head.head), seal)
        {
            return Ok(AuditVerdict::Broken {
                seq: head.seq,
                problem: "does not match the sealed end of the log (entries were removed \
                          from its end, or the header was edited)"
                    .into(),
            });
        }
        let mut prev = GENESIS.to_vec();
        for (expected_seq, row) in (1..).zip(rows.iter()) {
            if let Some(broken) = check_row(&linker, row, expected_seq, &prev) {
                return Ok(broken);
            }
            prev.clone_from(&row.hash);
        }
        if head.seq != count || head.head != prev {
            return Ok(AuditVerdict::Broken {
                seq: count + 1,
                problem: format!(
                    "is missing: the log ends at entry {count} but the vault recorded {} entries",
                    head.seq
                ),
            });
        }
        Ok(AuditVerdict::Intact { entries: count })
    }
}

/// The first problem with one entry, if any. Without the key, a keyed entry's position
/// and link are checked but not its content.
fn check_row(
    linker: &Linker<'_>,
    row: &Row,
    expected_seq: i64,
    prev: &[u8],
) -> Option<AuditVerdict> {
    let e = &row.entry;
    let broken = |seq: i64, problem: String| Some(AuditVerdict::Broken { seq, problem });
    if e.seq != expected_seq {
        return broken(
            expected_seq,
            format!("is missing (the next entry is {})", e.seq),
        );
    }
    if row.prev != prev {
        return broken(e.seq, "does not link to the entry before it".into());
    }
    let event = Event {
        action: e.action.clone(),
        project: e.project.clone(),
        env: e.env.clone(),
        names: e.names.clone(),
        detail: e.detail.clone(),
    };
    let names = names_json(&event.names);
    let link = linker.link(prev, e.seq, e.at, &e.actor, &event, &names)?;
    if link != row.hash {
        return broken(
            e.seq,
            "was modified (its tag does not match its content)".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            action: "set".into(),
            project: "p".into(),
            env: "e".into(),
            names: vec!["X".into()],
            detail: "d".into(),
        }
    }

    #[test]
    fn keyed_entry_layout_is_frozen() {
        let names = names_json(&event().names);
        let bytes = entry_bytes(KEYED_LABEL, &[1; 32], 2, 3, "a", &event(), &names);
        assert_eq!(
            hex::encode(bytes),
            concat!(
                "73656372657473636c692f61756469742f763200010101010101010101010101",
                "0101010101010101010101010101010101010101000000000000000200000000",
                "0000000300000000000000016100000000000000037365740000000000000001",
                "7000000000000000016500000000000000055b2258225d000000000000000164"
            )
        );
    }

    #[test]
    fn legacy_links_are_the_sha256_they_always_were() {
        // Entries written before schema 4 must still verify: pinned from the old code's layout.
        let names = names_json(&event().names);
        // No key needed: entries before `keyed_from` are plain SHA-256.
        let linker = Linker {
            key: None,
            keyed_from: 3,
        };
        assert_eq!(
            hex::encode(linker.link(&[1; 32], 2, 3, "a", &event(), &names).unwrap()),
            "d201a43421d399f8319daf773a7b12d87d02216e08e8a93956413ba77ac40017"
        );
    }

    #[test]
    fn seal_layout_is_frozen() {
        assert_eq!(
            hex::encode(seal_bytes(4, 9, &[2; 32])),
            concat!(
                "73656372657473636c692f61756469742d7365616c2f76310000000000000000",
                "0400000000000000090202020202020202020202020202020202020202020202",
                "020202020202020202"
            )
        );
    }
}
