//! Opening SQLite files the one way this project does it, and append-only migrations.
//!
//! WAL mode with a busy timeout lets two processes write at once without either failing;
//! every write runs in one `BEGIN IMMEDIATE` transaction so a crash or `kill -9` leaves
//! the previous or the new state. Migrations are keyed on `PRAGMA user_version`: the list
//! only ever grows, and a file newer than this binary is refused rather than guessed at.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Migration failures.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    /// The file was written by a newer secretscli.
    #[error(
        "the file uses schema version {found}, newer than this binary understands ({supported})"
    )]
    TooNew {
        /// Version found in the file.
        found: u32,
        /// Newest version this binary knows.
        supported: u32,
    },
    /// SQLite failed.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Opens (or creates, when `create` is set) a database with the project's pragmas.
pub fn open(path: &Path, create: bool) -> rusqlite::Result<Connection> {
    let conn = open_unconfigured(path, create)?;
    configure(&conn)?;
    Ok(conn)
}

/// Opens a database read-write without touching it: no pragma that writes (WAL mode
/// rewrites the file header and creates `-wal`/`-shm`), so a caller can first check that
/// the file is its own, then [`configure`] it. Only the busy timeout is set.
pub fn open_unconfigured(path: &Path, create: bool) -> rusqlite::Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    Ok(conn)
}

/// The project's pragmas: WAL, durability level, foreign keys, secure delete, caches.
pub fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // Every CLI process is short-lived: checkpointing (and fsyncing) the WAL on every close
    // would dominate `get`. Big writers checkpoint on their way out instead (`tidy_wal`).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    // NORMAL is atomic and consistent under WAL; only a power cut can lose the last commit.
    // Memory-mapped reads and a 16 MiB page cache keep a 10,000-item read off read(2).
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA mmap_size = 268435456;
         PRAGMA cache_size = -16384;",
    )?;
    Ok(())
}

/// Opens an existing database for reading only (`query_only`, no create, no migration),
/// for callers that must never change a file, such as shell completion. `busy` bounds how
/// long it waits for a writer holding an exclusive lock.
pub fn open_read_only(path: &Path, busy: Duration) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(busy)?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    Ok(conn)
}

/// WAL size above which a closing connection folds the WAL back into the main file, so
/// the next short command does not inherit a large WAL (or pay for its checkpoint).
///
/// Kept small because every process pays for the WAL it opens: the first connection to a
/// file nobody else holds finds the `-shm` index untrusted and rebuilds it by reading and
/// checksumming every frame (`walIndexRecover`). Each `inject` appends ~8 KB of audit
/// frames; at the former 1 MiB, `inject -- true` at 50 items spent 5.6% of its time in
/// that rebuild (perf, 5 December 2026), while a checkpoint here costs ~0.7 ms once per
/// ~16 runs.
pub const WAL_TIDY_BYTES: u64 = 128 * 1024;

/// Checkpoints if this database's WAL has grown past [`WAL_TIDY_BYTES`]; a stat otherwise.
pub fn tidy_wal(conn: &Connection, path: &Path) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let big = std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_TIDY_BYTES);
    if big {
        // Best effort: a busy reader elsewhere only postpones it to the next command.
        let _ = checkpoint(conn);
    }
}

/// Copies the WAL into the main file and empties it, e.g. before the file is renamed.
pub fn checkpoint(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
}

/// Applies the migrations the file has not seen yet, all in one transaction. The common
/// case (nothing to do) takes no write lock, so read-only commands never queue behind writers.
pub fn migrate(conn: &mut Connection, migrations: &[&str]) -> Result<(), MigrateError> {
    let supported = migrations.len() as u32;
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0));
    let found = version(conn)?;
    if found > supported {
        return Err(MigrateError::TooNew { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the lock.
    let found = version(&tx)?;
    if found > supported {
        return Err(MigrateError::TooNew { found, supported });
    }
    for sql in &migrations[found as usize..] {
        tx.execute_batch(sql)?;
    }
    if found < supported {
        tx.pragma_update(None, "user_version", supported)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "CREATE TABLE a (x INTEGER);";
    const V2: &str = "ALTER TABLE a ADD COLUMN y TEXT;";

    #[test]
    fn migrations_apply_once_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut conn = open(&path, true).unwrap();
        migrate(&mut conn, &[V1]).unwrap();
        migrate(&mut conn, &[V1, V2]).unwrap();
        migrate(&mut conn, &[V1, V2]).unwrap();
        conn.execute("INSERT INTO a (x, y) VALUES (1, 'z')", [])
            .unwrap();
        let v: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 2);
    }

    #[test]
    fn a_newer_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("db"), true).unwrap();
        migrate(&mut conn, &[V1, V2]).unwrap();
        let err = migrate(&mut conn, &[V1]).unwrap_err();
        assert!(matches!(
            err,
            MigrateError::TooNew {
                found: 2,
                supported: 1
            }
        ));
    }

    #[test]
    fn a_wal_past_the_tidy_size_is_folded_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut conn = open(&path, true).unwrap();
        migrate(&mut conn, &[V1, V2]).unwrap();
        let wal = dir.path().join("db-wal");
        let wal_len = || std::fs::metadata(&wal).map_or(0, |m| m.len());
        while wal_len() <= WAL_TIDY_BYTES {
            conn.execute("INSERT INTO a (x, y) VALUES (1, hex(randomblob(2000)))", [])
                .unwrap();
        }
        tidy_wal(&conn, &path);
        assert_eq!(wal_len(), 0);
    }

    #[test]
    fn journal_mode_is_wal() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("db"), true).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
