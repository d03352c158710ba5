//! The root-key cache: `unlock` runs Argon2id once and leaves the vault root key here until
//! a deadline, so later commands skip the KDF; `lock` drops it from every store.
//!
//! Stores, chosen by [`CacheMode`] (`SECRETSCLI_KEY_CACHE`):
//! - the OS keyring (keyring crate v3: kernel keyutils on Linux, Keychain, Credential
//!   Manager): one entry per vault, service `secretscli`, user = the vault UUID, secret =
//!   8-byte big-endian expiry (Unix seconds) ‖ 32 key bytes;
//! - where no keyring works (containers often block keyutils), a per-user agent process
//!   ([`super::agent`]) on a Unix socket in a private directory, started on demand.
//!
//! This module must never print or log a key, start an agent from [`KeyCache::load`] (it is
//! on the hot path of every `get`), or leave an older copy of a key in one store when
//! [`KeyCache::store`] put a newer one in the other (the older copy could outlive the
//! timeout the user just chose).

#[cfg(target_os = "linux")]
use std::cell::Cell;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use uuid::Uuid;
use zeroize::Zeroizing;

#[cfg(unix)]
use super::agent;
use super::keys::SecretKey;

/// The keyring service name under which every vault's entry lives.
const KEYRING_SERVICE: &str = "secretscli";
/// Length of a keyring record: expiry (u64, big-endian) then the key.
const RECORD_LEN: usize = 8 + 32;
/// How long `store` waits for a freshly started agent to listen.
#[cfg(unix)]
const AGENT_START_TIMEOUT: Duration = Duration::from_secs(5);
/// Latest expiry recorded (9999-12-31T23:59:59Z), so `now + ttl` cannot overflow.
const MAX_EXPIRES_UNIX: u64 = 253_402_300_799;

/// Which store holds a cached key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The OS keyring (kernel keyutils on Linux).
    Keyring,
    /// The per-user key agent.
    Agent,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Keyring => "keyring",
            Backend::Agent => "agent",
        })
    }
}

/// Which stores to use; parsed by the CLI from `SECRETSCLI_KEY_CACHE=auto|keyring|agent|none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheMode {
    /// The keyring, and the agent where the keyring fails.
    Auto,
    /// Only the keyring.
    Keyring,
    /// Only the agent.
    Agent,
    /// No caching: every command needs the passphrase (`lock` still clears both stores).
    None,
}

impl FromStr for CacheMode {
    type Err = ParseCacheModeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim();
        [
            CacheMode::Auto,
            CacheMode::Keyring,
            CacheMode::Agent,
            CacheMode::None,
        ]
        .into_iter()
        .find(|mode| mode.to_string().eq_ignore_ascii_case(word))
        .ok_or_else(|| ParseCacheModeError(s.to_string()))
    }
}

impl fmt::Display for CacheMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CacheMode::Auto => "auto",
            CacheMode::Keyring => "keyring",
            CacheMode::Agent => "agent",
            CacheMode::None => "none",
        })
    }
}

/// A `SECRETSCLI_KEY_CACHE` value that is not a mode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key cache mode {0:?}; use one of: auto, keyring, agent, none")]
pub struct ParseCacheModeError(String);

/// Why a key could not be cached or dropped. Each message ends with what to do next.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// `store` with [`CacheMode::None`].
    #[error(
        "key caching is turned off (SECRETSCLI_KEY_CACHE=none); unset it to cache the key, \
         or set SECRETSCLI_PASSPHRASE_FILE for non-interactive use"
    )]
    Disabled,
    /// The OS keyring refused.
    #[error(
        "could not use the OS keyring: {0}; set SECRETSCLI_KEY_CACHE=agent to keep the key in \
         a per-user agent instead"
    )]
    Keyring(keyring::Error),
    /// The agent's directory could be reached by other users.
    #[error("refusing to use the key agent directory {}: {reason}", .dir.display())]
    UnsafeSocketDir {
        /// The directory holding the socket.
        dir: PathBuf,
        /// What is wrong with it and how to fix it.
        reason: String,
    },
    /// No agent was running and none could be started.
    #[error(
        "could not start the key agent at {}: {reason}; set SECRETSCLI_PASSPHRASE_FILE for \
         non-interactive use",
        .socket.display()
    )]
    AgentStart {
        /// The socket the agent should listen on.
        socket: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A running agent failed to answer or refused.
    #[error("the key agent at {} failed: {error}; run `secretscli lock` and try again", .socket.display())]
    Agent {
        /// The agent's socket.
        socket: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
    /// The agent needs Unix sockets.
    #[error(
        "this platform has no Unix sockets for the key agent; set SECRETSCLI_KEY_CACHE=keyring, \
         or SECRETSCLI_PASSPHRASE_FILE for non-interactive use"
    )]
    AgentUnsupported,
    /// [`CacheMode::Auto`] and both stores failed.
    #[error("could not cache the key: the OS keyring failed ({keyring}), and {agent}")]
    Unavailable {
        /// Why the keyring failed.
        keyring: keyring::Error,
        /// Why the agent failed.
        agent: Box<CacheError>,
    },
}

/// What [`KeyCache::health`] found; `None` for a store the mode does not use.
#[derive(Debug, Clone)]
pub struct CacheHealth {
    /// The configured mode.
    pub mode: CacheMode,
    /// Whether the OS keyring stores and returns a secret (why not, if not).
    pub keyring: Option<Result<(), String>>,
    /// Whether an agent is running now; an error if its directory or socket is unusable.
    pub agent: Option<Result<bool, String>>,
}

/// The root-key cache for one user, as configured.
#[derive(Debug, Clone)]
pub struct KeyCache {
    mode: CacheMode,
    agent_socket: PathBuf,
    /// `None`: this process's own executable, looked up only when an agent must be started
    /// (reading `/proc/self/exe` on every `inject` is time no cached-key run needs).
    agent_exe: Option<PathBuf>,
}

impl KeyCache {
    /// `agent_exe`: the binary to start as `<exe> agent --socket <socket>` when the agent is
    /// needed and not running (`None`: this executable; the agent gets no environment).
    pub fn new(mode: CacheMode, agent_socket: PathBuf, agent_exe: Option<PathBuf>) -> Self {
        KeyCache {
            mode,
            agent_socket,
            agent_exe,
        }
    }

    /// Caches `key` for `vault_id` until now + `ttl` (whole seconds, rounded up). Auto:
    /// keyring first, the agent if the keyring fails. Returns where it went.
    pub fn store(
        &self,
        vault_id: &Uuid,
        key: &SecretKey,
        ttl: Duration,
    ) -> Result<Backend, CacheError> {
        let expires = expiry_after(ttl);
        match self.mode {
            CacheMode::None => Err(CacheError::Disabled),
            CacheMode::Keyring => {
                keyring_store(vault_id, key, expires).map_err(CacheError::Keyring)?;
                Ok(Backend::Keyring)
            }
            CacheMode::Agent => {
                self.agent_store(vault_id, key, expires)?;
                Ok(Backend::Agent)
            }
            CacheMode::Auto => match keyring_store(vault_id, key, expires) {
                Ok(()) => {
                    // A copy an earlier `unlock` left in the agent must not outlive this one.
                    let _ = self.agent_clear(vault_id);
                    Ok(Backend::Keyring)
                }
                Err(keyring) => match self.agent_store(vault_id, key, expires) {
                    Ok(()) => {
                        let _ = keyring_clear(vault_id);
                        Ok(Backend::Agent)
                    }
                    Err(agent) => Err(CacheError::Unavailable {
                        keyring,
                        agent: Box::new(agent),
                    }),
                },
            },
        }
    }

    /// The cached key if present and not expired (an expired entry is deleted), with its
    /// store and expiry. Never starts an agent; with none running this returns at once.
    pub fn load(&self, vault_id: &Uuid) -> Option<(SecretKey, Backend, SystemTime)> {
        let from_keyring = || {
            let (key, expires) = keyring_load(vault_id).ok().flatten()?;
            Some((key, Backend::Keyring, system_time(expires)))
        };
        let from_agent = || {
            let (key, expires) = self.agent_load(vault_id)?;
            Some((key, Backend::Agent, system_time(expires)))
        };
        match self.mode {
            CacheMode::None => None,
            CacheMode::Keyring => from_keyring(),
            CacheMode::Agent => from_agent(),
            CacheMode::Auto => from_keyring().or_else(from_agent),
        }
    }

    /// Drops the key from every store it may be in, whatever the mode (so `lock` also
    /// clears what an `unlock` under another mode left); returns the backends that held
    /// it. Errors from a store the mode does not use are ignored.
    pub fn clear(&self, vault_id: &Uuid) -> Result<Vec<Backend>, CacheError> {
        let mut held = Vec::new();
        match keyring_clear(vault_id) {
            Ok(true) => held.push(Backend::Keyring),
            Ok(false) => {}
            Err(KeyringClearError::Unavailable(e)) if self.mode == CacheMode::Keyring => {
                return Err(CacheError::Keyring(e));
            }
            Err(KeyringClearError::Unavailable(_)) => {}
            Err(KeyringClearError::Failed(e))
                if matches!(self.mode, CacheMode::Keyring | CacheMode::Auto) =>
            {
                return Err(CacheError::Keyring(e));
            }
            Err(KeyringClearError::Failed(_)) => {}
        }
        match self.agent_clear(vault_id) {
            Ok(true) => held.push(Backend::Agent),
            Ok(false) => {}
            Err(e) if matches!(self.mode, CacheMode::Agent | CacheMode::Auto) => return Err(e),
            Err(_) => {}
        }
        Ok(held)
    }

    /// Checks the stores this mode uses without touching any vault's entry, for `doctor`:
    /// the keyring round-trips a harmless probe value; the agent's directory must be
    /// private (it is created 0700 if missing), and the agent may or may not be running.
    pub fn health(&self) -> CacheHealth {
        let keyring = matches!(self.mode, CacheMode::Auto | CacheMode::Keyring)
            .then(|| keyring_probe().map_err(|e| e.to_string()));
        let agent =
            matches!(self.mode, CacheMode::Auto | CacheMode::Agent).then(|| self.agent_health());
        CacheHealth {
            mode: self.mode,
            keyring,
            agent,
        }
    }

    #[cfg(unix)]
    fn agent_health(&self) -> Result<bool, String> {
        agent::prepare_socket_dir(&self.agent_socket).map_err(|e| e.to_string())?;
        match agent::get(&self.agent_socket, &Uuid::nil()) {
            Ok(_) => Ok(true),
            Err(e) if agent::not_listening(&e) => Ok(false),
            Err(e) => Err(format!(
                "the key agent at {} does not answer properly: {e}",
                self.agent_socket.display()
            )),
        }
    }

    #[cfg(not(unix))]
    fn agent_health(&self) -> Result<bool, String> {
        Err(CacheError::AgentUnsupported.to_string())
    }

    #[cfg(unix)]
    fn agent_store(
        &self,
        vault_id: &Uuid,
        key: &SecretKey,
        expires: u64,
    ) -> Result<(), CacheError> {
        let socket = &self.agent_socket;
        agent::prepare_socket_dir(socket).map_err(|e| match e {
            agent::DirError::Unsafe { dir, reason } => CacheError::UnsafeSocketDir { dir, reason },
            e @ agent::DirError::Io { .. } => self.start_error(e.to_string()),
        })?;
        let failed = |error| CacheError::Agent {
            socket: socket.clone(),
            error,
        };
        match agent::put(socket, vault_id, key, expires) {
            Ok(()) => return Ok(()),
            Err(e) if agent::not_listening(&e) => {}
            Err(e) => return Err(failed(e)),
        }
        let exe = match &self.agent_exe {
            Some(exe) => exe.clone(),
            None => std::env::current_exe().map_err(|e| {
                self.start_error(format!("cannot find the secretscli executable: {e}"))
            })?,
        };
        let mut child = agent::spawn(&exe, socket)
            .map_err(|e| self.start_error(format!("cannot run {}: {e}", exe.display())))?;
        let deadline = std::time::Instant::now() + AGENT_START_TIMEOUT;
        loop {
            match agent::put(socket, vault_id, key, expires) {
                Ok(()) => return Ok(()),
                Err(e) if agent::not_listening(&e) => {}
                Err(e) => return Err(failed(e)),
            }
            // Exit status 0 means another agent won a start race; keep trying to reach it.
            if let Ok(Some(status)) = child.try_wait()
                && !status.success()
            {
                return Err(self.start_error(format!(
                    "`{} agent --socket …` exited with {status}",
                    exe.display()
                )));
            }
            if std::time::Instant::now() >= deadline {
                return Err(self.start_error(format!(
                    "it did not listen within {} s",
                    AGENT_START_TIMEOUT.as_secs()
                )));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[cfg(not(unix))]
    fn agent_store(
        &self,
        _vault_id: &Uuid,
        _key: &SecretKey,
        _expires: u64,
    ) -> Result<(), CacheError> {
        Err(CacheError::AgentUnsupported)
    }

    #[cfg(unix)]
    fn start_error(&self, reason: String) -> CacheError {
        CacheError::AgentStart {
            socket: self.agent_socket.clone(),
            reason,
        }
    }

    /// Any failure (no agent, a hung one, another user's socket) reads as "not cached":
    /// the caller then asks for the passphrase, which is always safe.
    fn agent_load(&self, vault_id: &Uuid) -> Option<(SecretKey, u64)> {
        #[cfg(unix)]
        {
            let (key, expires) = agent::get(&self.agent_socket, vault_id).ok().flatten()?;
            (expires > unix_now()).then_some((key, expires))
        }
        #[cfg(not(unix))]
        {
            let _ = vault_id;
            None
        }
    }

    /// True if the agent held a key for `vault_id`; no agent running means it did not.
    fn agent_clear(&self, vault_id: &Uuid) -> Result<bool, CacheError> {
        #[cfg(unix)]
        {
            match agent::drop_key(&self.agent_socket, vault_id) {
                Ok(held) => Ok(held),
                Err(e) if agent::not_listening(&e) => Ok(false),
                Err(error) => Err(CacheError::Agent {
                    socket: self.agent_socket.clone(),
                    error,
                }),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = vault_id;
            Ok(false)
        }
    }
}

/// The hidden `secretscli agent --socket PATH` command: serves keys on `socket` until it
/// holds none (after a drop or an expiry, or 30 s after starting without one) or the
/// socket file is removed or replaced. Returns at once if another agent serves `socket`.
pub fn run_agent(socket: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        agent::serve(socket)
    }
    #[cfg(not(unix))]
    {
        let _ = socket;
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            CacheError::AgentUnsupported.to_string(),
        ))
    }
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn expiry_after(ttl: Duration) -> u64 {
    let secs = ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0);
    unix_now().saturating_add(secs).min(MAX_EXPIRES_UNIX)
}

fn system_time(expires_unix: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(expires_unix.min(MAX_EXPIRES_UNIX))
}

// ---------------------------------------------------------------------------------------
// Keyring

#[cfg(target_os = "linux")]
thread_local! {
    static SESSION_KEYRING_READY: Cell<bool> = const { Cell::new(false) };
}

/// The keyring entry `user` of our service.
///
/// Incident (keyring 3.6, kernel 6.x, a container whose processes start without a session
/// keyring): the first `Entry::new` in a thread takes the *user-session* keyring's id, then
/// links the persistent keyring into the session keyring, which makes the kernel give the
/// thread a fresh session keyring. The entry keeps using the user-session keyring, which
/// the thread no longer possesses: `add_key` succeeds but reading, linking and deleting
/// fail with EACCES, stranding the secret in kernel memory. Every later `Entry::new` in
/// that thread works and is visible to other processes (through the persistent keyring).
/// Session keyrings belong to a thread's credentials, hence a thread-local throwaway entry.
fn keyring_entry(user: &str) -> keyring::Result<keyring::Entry> {
    #[cfg(target_os = "linux")]
    SESSION_KEYRING_READY.with(|ready| {
        if !ready.get() {
            let _ = keyring::Entry::new(KEYRING_SERVICE, "session");
            ready.set(true);
        }
    });
    keyring::Entry::new(KEYRING_SERVICE, user)
}

/// Round-trips a harmless value first, so that key material only goes to a keyring that
/// has just shown it can give a secret back and delete it.
fn keyring_probe() -> keyring::Result<()> {
    const PROBE: &[u8] = b"secretscli keyring probe";
    let entry = keyring_entry("probe")?;
    entry.set_secret(PROBE)?;
    let back = entry.get_secret().map(Zeroizing::new);
    entry.delete_credential()?;
    if back?.as_slice() != PROBE {
        return Err(keyring::Error::PlatformFailure(
            "the keyring returned a different secret".into(),
        ));
    }
    Ok(())
}

fn keyring_store(vault_id: &Uuid, key: &SecretKey, expires_unix: u64) -> keyring::Result<()> {
    keyring_probe()?;
    let entry = keyring_entry(&vault_id.to_string())?;
    let mut record = Zeroizing::new([0u8; RECORD_LEN]);
    record[..8].copy_from_slice(&expires_unix.to_be_bytes());
    record[8..].copy_from_slice(key.expose());
    entry.set_secret(&record[..])
}

/// The live key and its expiry; an expired or malformed entry is deleted.
fn keyring_load(vault_id: &Uuid) -> keyring::Result<Option<(SecretKey, u64)>> {
    let entry = keyring_entry(&vault_id.to_string())?;
    let record = match entry.get_secret() {
        Ok(record) => Zeroizing::new(record),
        Err(keyring::Error::NoEntry) => return Ok(None),
        Err(e) => return Err(e),
    };
    let live = decode_record(&record).filter(|(_, expires)| *expires > unix_now());
    if live.is_none() {
        let _ = entry.delete_credential();
    }
    Ok(live)
}

/// The key and expiry in a keyring record (see the module docs).
fn decode_record(record: &[u8]) -> Option<(SecretKey, u64)> {
    let (expires, key) = record.split_first_chunk::<8>()?;
    Some((SecretKey::from_slice(key)?, u64::from_be_bytes(*expires)))
}

enum KeyringClearError {
    /// No keyring here at all (the entry could not even be made): it cannot hold the key.
    Unavailable(keyring::Error),
    /// The keyring is there but would not delete.
    Failed(keyring::Error),
}

/// True if the keyring held an entry (live or expired) for `vault_id`.
fn keyring_clear(vault_id: &Uuid) -> Result<bool, KeyringClearError> {
    let entry = keyring_entry(&vault_id.to_string()).map_err(KeyringClearError::Unavailable)?;
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(KeyringClearError::Failed(e)),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Instant;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_slice(&[byte; 32]).unwrap()
    }

    fn cache(mode: CacheMode, socket: &Path) -> KeyCache {
        KeyCache::new(
            mode,
            socket.to_path_buf(),
            Some(PathBuf::from("/nonexistent/secretscli")),
        )
    }

    #[test]
    fn cache_mode_parses_the_documented_words() {
        for (word, mode) in [
            ("auto", CacheMode::Auto),
            ("keyring", CacheMode::Keyring),
            ("Agent", CacheMode::Agent),
            (" none ", CacheMode::None),
        ] {
            assert_eq!(word.parse::<CacheMode>().unwrap(), mode);
            assert_eq!(mode.to_string().parse::<CacheMode>().unwrap(), mode);
        }
        let err = "kernel".parse::<CacheMode>().unwrap_err().to_string();
        assert_eq!(
            err,
            "unknown key cache mode \"kernel\"; use one of: auto, keyring, agent, none"
        );
    }

    #[test]
    fn mode_none_caches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(CacheMode::None, &dir.path().join("agent.sock"));
        let id = Uuid::new_v4();
        let err = cache
            .store(&id, &key(1), Duration::from_secs(60))
            .unwrap_err();
        assert!(matches!(err, CacheError::Disabled));
        assert!(err.to_string().contains("SECRETSCLI_PASSPHRASE_FILE"));
        assert!(cache.load(&id).is_none());
        assert_eq!(cache.clear(&id).unwrap(), vec![]);
    }

    #[test]
    fn load_without_an_agent_is_none_and_fast() {
        let dir = tempfile::tempdir().unwrap();
        let missing = cache(
            CacheMode::Agent,
            &dir.path().join("nowhere").join("agent.sock"),
        );
        let stale_path = dir.path().join("stale.sock");
        drop(std::os::unix::net::UnixListener::bind(&stale_path).unwrap());
        let stale = cache(CacheMode::Auto, &stale_path);
        let id = Uuid::new_v4();
        for cache in [&missing, &stale] {
            let started = Instant::now();
            assert!(cache.load(&id).is_none());
            assert!(
                started.elapsed() < Duration::from_millis(200),
                "{:?}",
                started.elapsed()
            );
            assert_eq!(cache.clear(&id).unwrap(), vec![]);
        }
        assert!(
            !dir.path().join("nowhere").exists(),
            "load must not create the agent directory"
        );
    }

    #[test]
    fn agent_mode_round_trip() {
        let agent = agent::tests::TestAgent::start();
        let cache = cache(CacheMode::Agent, &agent.socket);
        let id = Uuid::new_v4();
        let before = SystemTime::now();
        assert_eq!(
            cache
                .store(&id, &key(7), Duration::from_secs(3600))
                .unwrap(),
            Backend::Agent
        );

        let (got, backend, expires) = cache.load(&id).unwrap();
        assert_eq!(got.expose(), &[7; 32]);
        assert_eq!(backend, Backend::Agent);
        let ttl = expires.duration_since(before).unwrap();
        assert!(
            ttl > Duration::from_secs(3598) && ttl <= Duration::from_secs(3601),
            "{ttl:?}"
        );

        assert_eq!(cache.clear(&id).unwrap(), vec![Backend::Agent]);
        assert!(cache.load(&id).is_none());
        assert!(
            agent.exited_within(Duration::from_secs(3)),
            "agent lingered after lock"
        );
    }

    #[test]
    fn agent_mode_zero_ttl_is_never_returned() {
        let agent = agent::tests::TestAgent::start();
        let cache = cache(CacheMode::Agent, &agent.socket);
        let id = Uuid::new_v4();
        cache.store(&id, &key(8), Duration::ZERO).unwrap();
        assert!(cache.load(&id).is_none());
    }

    #[test]
    fn agent_mode_refuses_a_shared_directory() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o775)).unwrap();
        let cache = cache(CacheMode::Agent, &dir.path().join("agent.sock"));
        let err = cache
            .store(&Uuid::new_v4(), &key(9), Duration::from_secs(60))
            .unwrap_err();
        assert!(matches!(err, CacheError::UnsafeSocketDir { .. }), "{err}");
        assert!(err.to_string().contains("chmod 700"), "{err}");
    }

    #[test]
    fn agent_start_failures_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("agent").join("agent.sock");

        let err = cache(CacheMode::Agent, &socket)
            .store(&Uuid::new_v4(), &key(10), Duration::from_secs(60))
            .unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, CacheError::AgentStart { .. }), "{text}");
        assert!(
            text.contains("cannot run /nonexistent/secretscli"),
            "{text}"
        );
        assert!(
            text.contains("set SECRETSCLI_PASSPHRASE_FILE for non-interactive use"),
            "{text}"
        );

        // An executable that exits at once instead of serving.
        let fails = KeyCache::new(
            CacheMode::Agent,
            socket.clone(),
            Some(PathBuf::from("/bin/false")),
        );
        if Path::new("/bin/false").exists() {
            let started = Instant::now();
            let err = fails
                .store(&Uuid::new_v4(), &key(11), Duration::from_secs(60))
                .unwrap_err();
            assert!(err.to_string().contains("exited with"), "{err}");
            assert!(started.elapsed() < AGENT_START_TIMEOUT);
        }
    }

    /// Whether keyutils works in this process, found without this module's code.
    #[cfg(target_os = "linux")]
    fn keyutils_works_here() -> bool {
        std::thread::spawn(|| {
            let _ = keyring::Entry::new("secretscli-test", "warm-up");
            let Ok(entry) = keyring::Entry::new("secretscli-test", &Uuid::new_v4().to_string())
            else {
                return false;
            };
            let works = entry.set_secret(b"probe").is_ok()
                && entry.get_secret().is_ok_and(|s| s == b"probe");
            let _ = entry.delete_credential();
            works
        })
        .join()
        .unwrap()
    }

    /// Uses the kernel keyring if it works on this machine (never a desktop keyring: only
    /// keyutils is compiled in on Linux), and otherwise requires `store` to fail.
    #[cfg(target_os = "linux")]
    #[test]
    fn keyring_mode_round_trip_or_store_failure() {
        let works = keyutils_works_here();
        let cache = cache(CacheMode::Keyring, Path::new("/nonexistent/agent.sock"));
        let id = Uuid::new_v4();
        // A fresh thread: the first keyring use in a thread is where keyutils misbehaved.
        let stored = std::thread::scope(|s| {
            s.spawn(|| cache.store(&id, &key(12), Duration::from_secs(600)))
                .join()
                .unwrap()
        });
        if !works {
            assert!(matches!(stored, Err(CacheError::Keyring(_))), "{stored:?}");
            assert!(cache.load(&id).is_none());
            return;
        }
        assert_eq!(stored.unwrap(), Backend::Keyring);
        // Another fresh thread stands in for the next `secretscli get`.
        let loaded = std::thread::scope(|s| s.spawn(|| cache.load(&id)).join().unwrap());
        let (got, backend, _) = loaded.expect("key cached in the keyring");
        assert_eq!((got.expose(), backend), (&[12; 32], Backend::Keyring));
        assert_eq!(cache.clear(&id).unwrap(), vec![Backend::Keyring]);
        assert!(cache.load(&id).is_none());
        assert_eq!(cache.clear(&id).unwrap(), vec![]);

        // An expired entry is not returned, and is deleted.
        cache.store(&id, &key(13), Duration::ZERO).unwrap();
        assert!(cache.load(&id).is_none());
        assert_eq!(cache.clear(&id).unwrap(), vec![]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn auto_mode_uses_the_keyring_where_it_works_and_the_agent_otherwise() {
        let works = keyutils_works_here();
        let agent = agent::tests::TestAgent::start();
        let cache = cache(CacheMode::Auto, &agent.socket);
        let id = Uuid::new_v4();
        // An older unlock left a longer-lived copy in the agent.
        agent::put(&agent.socket, &id, &key(14), unix_now() + 3600).unwrap();
        let keep_agent_alive = Uuid::new_v4();
        agent::put(
            &agent.socket,
            &keep_agent_alive,
            &key(15),
            unix_now() + 3600,
        )
        .unwrap();

        let expected = if works {
            Backend::Keyring
        } else {
            Backend::Agent
        };
        assert_eq!(
            cache
                .store(&id, &key(16), Duration::from_secs(600))
                .unwrap(),
            expected
        );
        let (got, backend, _) = cache.load(&id).unwrap();
        assert_eq!((got.expose(), backend), (&[16; 32], expected));
        if works {
            assert!(
                agent::get(&agent.socket, &id).unwrap().is_none(),
                "stale agent copy kept"
            );
        }
        assert_eq!(cache.clear(&id).unwrap(), vec![expected]);
        assert!(cache.load(&id).is_none());
        cache.clear(&keep_agent_alive).unwrap();
    }
}
