//! The local vault: one SQLite file holding the key hierarchy, projects, environments,
//! versioned encrypted items and the audit chain. The only SQL for the vault lives here.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction, so concurrent writers queue on the
//! busy timeout instead of failing, and a crash leaves the old or the new state. This layer
//! never prints, prompts or exits; it returns domain types and [`VaultError`].

mod aliases;
mod audit;
mod batch;
mod envset;
mod error;
mod items;
mod keys;
mod leases;
mod names;
mod pins;
mod projects;
mod rotations;
mod schema;
mod state;
mod sync;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use uuid::Uuid;

pub use aliases::{Alias, Aliases, Promoted};
pub use audit::{AuditEntry, AuditVerdict};
pub use batch::Batch;
pub use error::{VaultError, nearest};
pub use items::{
    Change, ChangeKind, HistoryEntry, ItemInfo, Kind, MAX_KEY_NAME_LEN, MAX_VALUE_LEN, NewValue,
    Progress, Revealed, check_key_name, is_invisible, quoted_prefix, summary,
};
pub use keys::Unlocked;
pub use leases::{Lease, LeaseState};
pub use pins::{Pin, PinSource};
pub use projects::{Env, Project, check_name};
pub use rotations::{Rotation, Step};
pub use sync::{
    Applied, AppliedChange, ApplyReport, Incoming, IncomingChange, Outgoing, Remote, Resolve,
    StoredVersion, SyncState,
};

use crate::crypto::{self, Aad, KdfParams, SecretKey};
use crate::sqlite;

/// Result type of the vault layer.
pub type Result<T, E = VaultError> = std::result::Result<T, E>;

/// An open vault file.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    header: Header,
    /// Set by the first unlock: writes need it (the audit chain and item states are
    /// keyed), reads check item states with it when it is there.
    macs: std::cell::OnceCell<Macs>,
}

/// The MAC keys derived from the root key.
struct Macs {
    audit: crypto::MacKey,
    state: crypto::MacKey,
    env_items: crypto::MacKey,
}

impl Macs {
    fn derive(root: &SecretKey) -> Self {
        Macs {
            audit: crypto::MacKey::derive(root, crypto::MacPurpose::AuditChain),
            state: crypto::MacKey::derive(root, crypto::MacPurpose::ItemState),
            env_items: crypto::MacKey::derive(root, crypto::MacPurpose::EnvItems),
        }
    }
}

/// The vault's single header row.
#[derive(Debug, Clone)]
struct Header {
    vault_id: Uuid,
    kdf: KdfParams,
    salt: Vec<u8>,
    wrapped_root_key: Vec<u8>,
    key_check: Vec<u8>,
    device: String,
}

/// What `init` needs besides the path.
pub struct InitOptions<'a> {
    /// Passphrase that will unlock the vault.
    pub passphrase: &'a [u8],
    /// Argon2id cost.
    pub kdf: KdfParams,
    /// Name recorded as the author of every write (e.g. `alice@laptop`).
    pub device: String,
    /// First project's name.
    pub project: &'a str,
    /// First environment's name.
    pub env: &'a str,
}

/// The key check's message in a vault whose audit chain and item states are not keyed yet
/// (schema 3 and earlier, until their first unlock).
const KEY_CHECK_MESSAGE: &[u8] = b"secretscli root key check";
/// The key check's message once they are (schema 4, until the first unlock with schema 5):
/// sealed by the root key, so nobody without it can make a keyed vault pass for an unkeyed
/// one (and strip its tags).
const KEY_CHECK_KEYED: &[u8] = b"secretscli root key check v2: audit chain and item states keyed";
/// The key check's message once every environment's item set is tagged as well: from then
/// on a missing set tag is damage, never a vault still to be tagged.
const KEY_CHECK_SETS: &[u8] =
    b"secretscli root key check v3: audit chain, item states and env item sets keyed";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Milliseconds since the Unix epoch, the vault's timestamp unit.
pub fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

impl Vault {
    /// Creates a new vault at `path` with its first project and environment, and returns
    /// it unlocked. The file appears atomically: it is built beside the target and renamed.
    pub fn create(path: &Path, opts: &InitOptions<'_>) -> Result<(Vault, Unlocked)> {
        if path.exists() {
            return Err(VaultError::AlreadyExists(path.to_path_buf()));
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|source| VaultError::Io {
            what: format!("cannot create {}", dir.display()),
            source,
        })?;
        let staging = dir.join(format!(
            ".{}.init-{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("vault"),
            std::process::id()
        ));
        let result = Self::build(&staging, opts);
        let root = match result {
            Ok(root) => root,
            Err(e) => {
                remove_sqlite_files(&staging);
                return Err(e);
            }
        };
        if path.exists() {
            remove_sqlite_files(&staging);
            return Err(VaultError::AlreadyExists(path.to_path_buf()));
        }
        std::fs::rename(&staging, path).map_err(|source| VaultError::Io {
            what: format!("cannot move the new vault to {}", path.display()),
            source,
        })?;
        // The staging file's empty -wal and -shm stay behind otherwise (connections close
        // without a checkpoint, so SQLite does not delete them).
        remove_sqlite_files(&staging);
        let vault = Vault::open(path)?;
        let unlocked = vault.unlock_with_key(root)?;
        Ok((vault, unlocked))
    }

    fn build(staging: &Path, opts: &InitOptions<'_>) -> Result<SecretKey> {
        remove_sqlite_files(staging);
        let mut conn = sqlite::open(staging, true)?;
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        sqlite::migrate(&mut conn, schema::MIGRATIONS).map_err(|e| match e {
            sqlite::MigrateError::Sqlite(e) => VaultError::from(e),
            sqlite::MigrateError::TooNew { .. } => unreachable!("fresh file"),
        })?;
        let vault_id = Uuid::new_v4();
        let root = SecretKey::random();
        let mut salt = vec![0u8; crypto::kdf::SALT_LEN];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let pass_key = opts.kdf.derive(opts.passphrase, &salt)?;
        let header = Header {
            vault_id,
            kdf: opts.kdf,
            wrapped_root_key: crypto::wrap_key(&pass_key, &Aad::RootKey { vault_id }, &root),
            key_check: crypto::seal(&root, &Aad::KeyCheck { vault_id }, KEY_CHECK_MESSAGE),
            salt,
            device: opts.device.clone(),
        };
        let mut vault = Vault {
            conn,
            path: staging.to_path_buf(),
            header,
            macs: std::cell::OnceCell::new(),
        };
        vault.write_header()?;
        let mut unlocked =
            vault.unlock_with_key(SecretKey::from_slice(root.expose()).expect("32"))?;
        vault.create_identity(&unlocked)?;
        let project = vault.create_project(opts.project)?;
        vault.create_env(&mut unlocked, &project, opts.env, None)?;
        vault.record(&audit::Event::new("init", &project.name, opts.env))?;
        // The rename moves only the main file, so everything must be in it first.
        sqlite::checkpoint(&vault.conn)?;
        drop(vault);
        Ok(root)
    }

    /// Opens an existing vault, refusing anything that is not one, and applies migrations.
    /// Nothing is written to the file (not even WAL mode) until it is known to be a vault.
    pub fn open(path: &Path) -> Result<Vault> {
        check_magic(path)?;
        let mut conn = sqlite::open_unconfigured(path, false)?;
        let found = check_is_vault(&conn, path)?;
        sqlite::configure(&conn)?;
        // Up to date (the common case): no second look at the version. Otherwise `migrate`
        // reads it again under the write lock, as another process may have migrated.
        if found == schema::MIGRATIONS.len() as u32 {
            return Vault::with_header(conn, path);
        }
        sqlite::migrate(&mut conn, schema::MIGRATIONS).map_err(|e| match e {
            sqlite::MigrateError::Sqlite(e) => VaultError::from(e),
            sqlite::MigrateError::TooNew { found, supported } => VaultError::TooNew {
                path: path.to_path_buf(),
                found,
                supported,
            },
        })?;
        Vault::with_header(conn, path)
    }

    /// Opens a vault for reading names and metadata only: never writes, never migrates,
    /// never waits long for a writer. For shell completion and `doctor`, which must not
    /// change the file they look at. A file whose schema is not exactly this binary's is
    /// refused (an older one needs a migration that only a normal open may run).
    pub fn open_read_only(path: &Path) -> Result<Vault> {
        check_magic(path)?;
        let conn = sqlite::open_read_only(path, std::time::Duration::from_millis(500))?;
        let found = check_is_vault(&conn, path)?;
        let supported = schema::MIGRATIONS.len() as u32;
        if found > supported {
            return Err(VaultError::TooNew {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }
        if found < supported {
            return Err(VaultError::NeedsMigration {
                path: path.to_path_buf(),
                found,
                supported,
            });
        }
        Vault::with_header(conn, path)
    }

    /// SQLite's `quick_check`: `None` when the file's pages and indexes are sound, else
    /// the first problems SQLite reports.
    pub fn quick_check(&self) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check(5)")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows != ["ok"]).then(|| rows.join("; ")))
    }

    /// How many items (current, not deleted) the vault holds across every environment.
    pub fn item_count(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM items WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// The schema version this binary writes.
    pub fn schema_version() -> u32 {
        schema::MIGRATIONS.len() as u32
    }

    /// The vault's stable id (also the key-cache entry name).
    pub fn id(&self) -> Uuid {
        self.header.vault_id
    }

    /// The vault file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The author name recorded on writes.
    pub fn device(&self) -> &str {
        &self.header.device
    }

    /// Argon2id parameters stored in the file.
    pub fn kdf_params(&self) -> KdfParams {
        self.header.kdf
    }

    fn write_header(&mut self) -> Result<()> {
        let h = &self.header;
        self.conn.execute(
            "INSERT INTO vault (id, vault_id, kdf_memory_kib, kdf_iterations, kdf_parallelism,
                 kdf_salt, wrapped_root_key, key_check, device, created_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET kdf_memory_kib = ?2, kdf_iterations = ?3,
                 kdf_parallelism = ?4, kdf_salt = ?5, wrapped_root_key = ?6",
            rusqlite::params![
                h.vault_id.to_string(),
                h.kdf.memory_kib,
                h.kdf.iterations,
                h.kdf.parallelism,
                h.salt,
                h.wrapped_root_key,
                h.key_check,
                h.device,
                now_ms(),
            ],
        )?;
        Ok(())
    }

    /// The MAC keys, or [`VaultError::NeedsUnlock`] before the vault was unlocked.
    fn macs(&self) -> Result<&Macs> {
        self.macs.get().ok_or(VaultError::NeedsUnlock)
    }

    /// A read transaction, so a whole-environment read and the set tag it checks come from
    /// one snapshot (a writer committing in between would otherwise look like damage).
    /// `None` inside a transaction already open, which gives the same guarantee.
    fn read_tx(&self) -> Result<Option<Transaction<'_>>> {
        if !self.conn.is_autocommit() {
            return Ok(None);
        }
        Ok(Some(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Deferred,
        )?))
    }

    /// Starts a write transaction that waits for other writers instead of failing.
    /// Takes `&self` so reads through `self.conn` can happen inside it; the vault never
    /// nests transactions, which is what the unchecked constructor leaves to us.
    fn write_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }
}

impl Drop for Vault {
    fn drop(&mut self) {
        sqlite::tidy_wal(&self.conn, &self.path);
    }
}

impl Vault {
    /// Leaves the vault for an `exec` that replaces this process at once (`inject`): the
    /// WAL is tidied as on drop, but SQLite is not closed. Closing frees its caches and
    /// unmaps its files one by one (66 us at 50 items, 142 us at 1,000 items,
    /// `benches/inject-timeline.py`), work the exec does anyway. Every commit is already
    /// in the WAL, and SQLite's descriptors are close-on-exec, so the exec releases its
    /// locks; if the exec fails, the process exits and the kernel releases them the same way.
    pub fn leave_for_exec(self) {
        sqlite::tidy_wal(&self.conn, &self.path);
        std::mem::forget(self);
    }

    /// Reads the header of an opened, checked file; a missing header row means not a vault.
    fn with_header(conn: Connection, path: &Path) -> Result<Vault> {
        let header = read_header(&conn).map_err(|e| match e {
            VaultError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => VaultError::NotAVault {
                path: path.to_path_buf(),
                why: "its header row is missing".into(),
            },
            other => other,
        })?;
        Ok(Vault {
            conn,
            path: path.to_path_buf(),
            header,
            macs: std::cell::OnceCell::new(),
        })
    }
}

fn read_header(conn: &Connection) -> Result<Header> {
    let row = conn
        .query_row(
            "SELECT vault_id, kdf_memory_kib, kdf_iterations, kdf_parallelism, kdf_salt,
                    wrapped_root_key, key_check, device FROM vault WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    [r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?],
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            },
        )
        .optional()
        .map_err(|e| VaultError::from(e).concerning(|| "the vault header".into()))?
        .ok_or(VaultError::Sqlite(rusqlite::Error::QueryReturnedNoRows))?;
    let vault_id = Uuid::parse_str(&row.0).map_err(|_| VaultError::Damaged {
        what: "the vault header".into(),
        why: "its vault id is not a UUID".into(),
    })?;
    Ok(Header {
        vault_id,
        kdf: kdf_from_row(row.1)?,
        salt: row.2,
        wrapped_root_key: row.3,
        key_check: row.4,
        device: row.5,
    })
}

/// Narrows the stored Argon2 parameters; a value that does not even fit is out of bounds
/// like one that fits but is too large (both exit 6), never a decoding failure.
fn kdf_from_row([m, t, p]: [i64; 3]) -> Result<KdfParams> {
    let narrow = |v: i64| u32::try_from(v).ok();
    match (narrow(m), narrow(t), narrow(p)) {
        (Some(memory_kib), Some(iterations), Some(parallelism)) => Ok(KdfParams {
            memory_kib,
            iterations,
            parallelism,
        }),
        _ => Err(crypto::kdf::ParamsOutOfBounds::cost(m, t, p).into()),
    }
}

/// Checks, reading only, that an SQLite file is a vault: our application id and the
/// tables a migration of a real vault made. A file with our id but no tables (crafted,
/// or a crashed `init` outside the staging rename) is refused instead of being migrated,
/// which used to write twelve tables into it. Returns the file's schema version.
fn check_is_vault(conn: &Connection, path: &Path) -> Result<u32> {
    let not_a_vault = |why: &str| VaultError::NotAVault {
        path: path.to_path_buf(),
        why: why.into(),
    };
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != schema::APPLICATION_ID {
        return Err(not_a_vault("an SQLite database of another program"));
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_header: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vault')",
        [],
        |r| r.get(0),
    )?;
    if version == 0 || !has_header {
        return Err(not_a_vault(
            "it carries the vault id but has no vault tables",
        ));
    }
    Ok(version)
}

/// Refuses files that are not SQLite at all before SQLite gets to touch them.
fn check_magic(path: &Path) -> Result<()> {
    use std::io::Read;
    check_regular_files(path)?;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VaultError::NotInitialized(path.to_path_buf()));
        }
        Err(source) => {
            return Err(VaultError::Io {
                what: format!("cannot read {}", path.display()),
                source,
            });
        }
    };
    let mut head = [0u8; 16];
    let n = file.read(&mut head).unwrap_or(0);
    if n < head.len() || head != SQLITE_MAGIC {
        return Err(VaultError::NotAVault {
            path: path.to_path_buf(),
            why: if n == 0 {
                "the file is empty".into()
            } else {
                "not an SQLite database".into()
            },
        });
    }
    Ok(())
}

/// Refuses a vault path (or its `-wal`/`-shm` companion) that is not a regular file,
/// before anything opens it: opening a FIFO blocks until a writer appears, which hung every
/// command and shell completion. A symlink to a regular file is followed, as before.
fn check_regular_files(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = PathBuf::from(p);
        let meta = match std::fs::metadata(&p) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if suffix.is_empty() {
                    return Err(VaultError::NotInitialized(path.to_path_buf()));
                }
                continue;
            }
            Err(source) => {
                return Err(VaultError::Io {
                    what: format!("cannot read {}", p.display()),
                    source,
                });
            }
        };
        if !meta.is_file() {
            return Err(VaultError::NotAVault {
                path: p,
                why: format!("it is {}, not a regular file", file_kind(&meta.file_type())),
            });
        }
    }
    Ok(())
}

fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// A new vault at `path` (project `app`, env `dev`, device `NAME@test` after the file's
/// stem) with the cheapest key derivation the header accepts: for unit tests.
#[cfg(test)]
pub(crate) fn test_vault(path: &Path) -> (Vault, Unlocked) {
    let stem = path.file_stem().map_or("v".into(), |s| s.to_string_lossy());
    Vault::create(
        path,
        &InitOptions {
            passphrase: b"pass",
            kdf: crate::crypto::KdfParams {
                memory_kib: crate::crypto::kdf::MIN_MEMORY_KIB,
                iterations: 1,
                parallelism: 1,
            },
            device: format!("{stem}@test"),
            project: "app",
            env: "dev",
        },
    )
    .expect("a test vault")
}
