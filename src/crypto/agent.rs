//! The per-user key agent: a small process that holds vault root keys in memory for
//! [`super::keycache`] where no OS keyring works (containers often block keyutils).
//!
//! One request per connection on a Unix socket in a private (0700, ours) directory:
//! a JSON line such as `{"op":"put","vault_id":"…","key_hex":"…","expires_unix":N}`,
//! `{"op":"get","vault_id":"…"}` or `{"op":"drop","vault_id":"…"}`, answered by one JSON
//! line `{"ok":true,…}` or `{"ok":false,"error":"…"}`.
//!
//! The agent must never: write a key to disk, log or print one, answer a peer running as
//! another uid, be core-dumped or ptraced, block on a stuck client for more than a moment,
//! or linger once it holds no live key or its socket file is gone.

#![cfg(unix)]

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{self, Serializer};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::keycache::unix_now;
use super::keys::SecretKey;

/// Longest request or reply line, newline included. A put is about 170 bytes.
const MAX_LINE: usize = 512;
/// How long the agent gives one client to send its request and take the reply.
const SERVER_IO_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a client waits for the agent (which serves one connection at a time).
const CLIENT_IO_TIMEOUT: Duration = Duration::from_secs(3);
/// How often the agent wakes to expire keys and check that its socket file is still its own.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);
/// How long a fresh agent waits for its first key before giving up (its starter died).
const STARTUP_GRACE: Duration = Duration::from_secs(30);
/// How long a starting agent waits for another agent that holds the lock to start listening.
const LOCK_WAIT: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------------------------------
// Socket directory

/// Why the socket directory cannot be used.
#[derive(Debug)]
pub(crate) enum DirError {
    /// It exists but someone else could reach the socket through it.
    Unsafe { dir: PathBuf, reason: String },
    /// It could not be created or inspected.
    Io { dir: PathBuf, error: io::Error },
}

impl std::fmt::Display for DirError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DirError::Unsafe { dir, reason } => {
                write!(
                    f,
                    "refusing to use the key agent directory {}: {reason}",
                    dir.display()
                )
            }
            DirError::Io { dir, error } => {
                write!(
                    f,
                    "cannot create or inspect the key agent directory {}: {error}",
                    dir.display()
                )
            }
        }
    }
}

impl From<DirError> for io::Error {
    fn from(e: DirError) -> io::Error {
        let kind = match &e {
            DirError::Unsafe { .. } => io::ErrorKind::PermissionDenied,
            DirError::Io { error, .. } => error.kind(),
        };
        io::Error::new(kind, e.to_string())
    }
}

/// The directory that holds `socket` (and its lock file).
pub(crate) fn socket_dir(socket: &Path) -> &Path {
    match socket.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Creates the socket's directory (0700) if missing, then refuses it unless it is a
/// directory owned by us that neither group nor others can enter.
pub(crate) fn prepare_socket_dir(socket: &Path) -> Result<(), DirError> {
    let dir = socket_dir(socket);
    let io_err = |error| DirError::Io {
        dir: dir.to_path_buf(),
        error,
    };
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_err)?;
    let meta = fs::metadata(dir).map_err(io_err)?;
    let unsafe_dir = |reason: String| DirError::Unsafe {
        dir: dir.to_path_buf(),
        reason,
    };
    if !meta.is_dir() {
        return Err(unsafe_dir(
            "it is not a directory; remove it or choose another socket path".into(),
        ));
    }
    let me = rustix::process::getuid().as_raw();
    if meta.uid() != me {
        return Err(unsafe_dir(format!(
            "it belongs to uid {}, not to you (uid {me}); remove it or choose another socket path",
            meta.uid()
        )));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(unsafe_dir(format!(
            "other users can reach it (mode {mode:03o}); run `chmod 700 {}`",
            dir.display()
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Wire format

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Op {
    Put,
    Get,
    Drop,
}

// An agent started by an older binary may serve a newer client for hours after an
// upgrade: fields are only ever added, and unknown ones are ignored on both sides.

#[derive(Serialize, Deserialize)]
struct WireRequest {
    op: Op,
    vault_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_hex: Option<HexKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_unix: Option<u64>,
}

#[derive(Serialize, Deserialize, Default)]
struct WireReply {
    ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key_hex: Option<HexKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_unix: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    held: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl WireReply {
    fn ok() -> Self {
        WireReply {
            ok: true,
            ..Default::default()
        }
    }

    fn refused(reason: &str) -> Self {
        WireReply {
            ok: false,
            error: Some(reason.to_string()),
            ..Default::default()
        }
    }
}

/// A key on the wire as 64 hex digits. Encoding and decoding go through zeroizing
/// buffers straight to and from the (zeroizing) line buffer, never through a `String`.
struct HexKey(SecretKey);

impl Serialize for HexKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut digits = Zeroizing::new([0u8; 64]);
        hex::encode_to_slice(self.0.expose(), &mut digits[..]).map_err(ser::Error::custom)?;
        let text = std::str::from_utf8(&digits[..]).map_err(ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl<'de> Deserialize<'de> for HexKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HexVisitor;
        impl Visitor<'_> for HexVisitor {
            type Value = HexKey;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a 256-bit key as 64 hex digits")
            }

            fn visit_str<E: de::Error>(self, digits: &str) -> Result<HexKey, E> {
                let mut bytes = Zeroizing::new([0u8; 32]);
                // The error never echoes the digits.
                hex::decode_to_slice(digits, &mut bytes[..])
                    .map_err(|_| E::custom("key_hex is not 64 hex digits"))?;
                SecretKey::from_slice(&bytes[..])
                    .map(HexKey)
                    .ok_or_else(|| E::custom("key_hex is not 32 bytes"))
            }
        }
        deserializer.deserialize_str(HexVisitor)
    }
}

/// One request or reply line, in a fixed zeroizing buffer (a growing `Vec` would leave
/// copies of the key behind in freed memory).
struct Line {
    buf: Zeroizing<[u8; MAX_LINE]>,
    len: usize,
}

impl Line {
    fn encode<T: Serialize>(value: &T) -> io::Result<Line> {
        let mut line = Line {
            buf: Zeroizing::new([0u8; MAX_LINE]),
            len: 0,
        };
        let mut cursor = io::Cursor::new(&mut line.buf[..MAX_LINE - 1]);
        serde_json::to_writer(&mut cursor, value)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "message too long"))?;
        line.len = cursor.position() as usize;
        line.buf[line.len] = b'\n';
        line.len += 1;
        Ok(line)
    }

    /// The bytes before the newline.
    fn body(&self) -> &[u8] {
        let bytes = &self.buf[..self.len];
        bytes.strip_suffix(b"\n").unwrap_or(bytes)
    }

    /// Reads one line (up to a newline or end of stream), failing past `MAX_LINE` bytes or
    /// `deadline`, however slowly the peer trickles bytes in.
    fn read(stream: &mut UnixStream, deadline: Instant) -> io::Result<Line> {
        let mut line = Line {
            buf: Zeroizing::new([0u8; MAX_LINE]),
            len: 0,
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "peer too slow"));
            }
            stream.set_read_timeout(Some(left))?;
            let n = match stream.read(&mut line.buf[line.len..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "peer too slow"));
                }
                Err(e) => return Err(e),
            };
            if n == 0 {
                if line.len == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                return Ok(line);
            }
            let start = line.len;
            line.len += n;
            if let Some(pos) = line.buf[start..line.len].iter().position(|&b| b == b'\n') {
                line.len = start + pos + 1;
                return Ok(line);
            }
            if line.len == MAX_LINE {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "message too long",
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Client

/// True when `e` means "no agent is serving this socket" (none started, a stale socket
/// file, or an agent that exited while we connected), as opposed to an agent that failed.
pub(crate) fn not_listening(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof
    )
}

/// Hands `key` to the agent until `expires_unix`.
pub(crate) fn put(
    socket: &Path,
    vault_id: &Uuid,
    key: &SecretKey,
    expires_unix: u64,
) -> io::Result<()> {
    let copy = SecretKey::from_slice(key.expose()).expect("a SecretKey is 32 bytes");
    let request = WireRequest {
        op: Op::Put,
        vault_id: vault_id.to_string(),
        key_hex: Some(HexKey(copy)),
        expires_unix: Some(expires_unix),
    };
    exchange(socket, &request).map(|_| ())
}

/// The agent's live key for `vault_id` and its expiry, if it holds one.
pub(crate) fn get(socket: &Path, vault_id: &Uuid) -> io::Result<Option<(SecretKey, u64)>> {
    let request = WireRequest {
        op: Op::Get,
        vault_id: vault_id.to_string(),
        key_hex: None,
        expires_unix: None,
    };
    let reply = exchange(socket, &request)?;
    match (reply.key_hex, reply.expires_unix) {
        (Some(HexKey(key)), Some(expires)) => Ok(Some((key, expires))),
        (None, _) => Ok(None),
        (Some(_), None) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "agent sent a key without an expiry",
        )),
    }
}

/// Asks the agent to forget `vault_id`; true if it held a key for it.
pub(crate) fn drop_key(socket: &Path, vault_id: &Uuid) -> io::Result<bool> {
    let request = WireRequest {
        op: Op::Drop,
        vault_id: vault_id.to_string(),
        key_hex: None,
        expires_unix: None,
    };
    Ok(exchange(socket, &request)?.held.unwrap_or(false))
}

fn exchange(socket: &Path, request: &WireRequest) -> io::Result<WireReply> {
    let mut stream = UnixStream::connect(socket)?;
    // The 0700 directory already keeps other users out; this also catches a socket path
    // that someone else's process serves (e.g. a misconfigured shared directory).
    if !peer_is_same_user(&stream)? {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the process listening on the agent socket runs as another user",
        ));
    }
    stream.set_write_timeout(Some(CLIENT_IO_TIMEOUT))?;
    let line = Line::encode(request)?;
    stream.write_all(&line.buf[..line.len])?;
    let reply = Line::read(&mut stream, Instant::now() + CLIENT_IO_TIMEOUT)?;
    let reply: WireReply = serde_json::from_slice(reply.body()).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the agent sent a malformed reply",
        )
    })?;
    if !reply.ok {
        let reason = reply.error.as_deref().unwrap_or("no reason given");
        return Err(io::Error::other(format!(
            "the agent refused the request: {reason}"
        )));
    }
    Ok(reply)
}

/// Starts `<exe> agent --socket <socket>` detached from our terminal, so it outlives us.
pub(crate) fn spawn(exe: &Path, socket: &Path) -> io::Result<Child> {
    let socket = std::path::absolute(socket)?;
    Command::new(exe)
        .arg("agent")
        .arg("--socket")
        .arg(&socket)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // It needs no environment, and must not hold e.g. SECRETSCLI_PASSPHRASE for hours;
        // nor should it keep the caller's working directory busy.
        .env_clear()
        .current_dir("/")
        // Its own process group: Ctrl-C in the terminal that ran `unlock` must not kill it.
        .process_group(0)
        .spawn()
}

// ---------------------------------------------------------------------------------------
// Server

fn peer_is_same_user(stream: &UnixStream) -> io::Result<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let peer = rustix::net::sockopt::socket_peercred(stream)?;
        Ok(peer.uid == rustix::process::getuid())
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        // No safe SO_PEERCRED here; the 0700 directory is the only gate.
        let _ = stream;
        Ok(true)
    }
}

/// No core dumps, and no ptrace or /proc/PID/mem by other processes of the same user.
fn make_undumpable() -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

/// A key held by the agent. Boxed so that growing the map moves a pointer, not the key
/// bytes (a moved-from table is freed without being wiped).
struct Held {
    key: Box<SecretKey>,
    expires_unix: u64,
}

/// Identifies the socket file we bound, to notice it being removed or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

fn file_id(path: &Path) -> Option<FileId> {
    let meta = fs::symlink_metadata(path).ok()?;
    Some(FileId {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}

fn lock_path(socket: &Path) -> PathBuf {
    let mut path = socket.as_os_str().to_owned();
    path.push(".lock");
    PathBuf::from(path)
}

/// Takes the agent lock beside the socket, so two agents started at once never fight over
/// the socket path. `None`: another agent is serving `socket`.
///
/// The lock file is never deleted: deleting a lock file that others may have open lets
/// two processes each hold a lock on a different file of the same name.
fn acquire_lock(socket: &Path) -> io::Result<Option<File>> {
    let path = lock_path(socket);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot open the agent lock {}: {e}", path.display()),
            )
        })?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) => {
                if UnixStream::connect(socket).is_ok() {
                    return Ok(None);
                }
                if Instant::now() >= deadline {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another key agent holds {} but does not listen on {}",
                            path.display(),
                            socket.display()
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
    }
}

/// Binds `socket` (0600), first removing a stale socket file. `None`: an agent is
/// already listening there.
fn bind(socket: &Path) -> io::Result<Option<UnixListener>> {
    match fs::symlink_metadata(socket) {
        Ok(meta) if !meta.file_type().is_socket() => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not a socket; remove it or choose another socket path",
                    socket.display()
                ),
            ));
        }
        Ok(_) => {
            if UnixStream::connect(socket).is_ok() {
                return Ok(None);
            }
            match fs::remove_file(socket) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let listener = UnixListener::bind(socket).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot listen on {}: {e} (a socket path must be shorter than about 100 bytes)",
                socket.display()
            ),
        )
    })?;
    fs::set_permissions(socket, fs::Permissions::from_mode(0o600))?;
    // Accept only after poll says a client is waiting, and never block if it gave up.
    listener.set_nonblocking(true)?;
    Ok(Some(listener))
}

/// Runs the agent on `socket` until it has nothing left to hold (see the module docs).
/// Returns `Ok` at once when another agent already serves `socket`.
pub(crate) fn serve(socket: &Path) -> io::Result<()> {
    prepare_socket_dir(socket)?;
    make_undumpable()?;
    let Some(_lock) = acquire_lock(socket)? else {
        return Ok(());
    };
    let Some(listener) = bind(socket)? else {
        return Ok(());
    };
    let Some(bound) = file_id(socket) else {
        return Ok(());
    };
    let mut keys: HashMap<Uuid, Held> = HashMap::new();
    let result = serve_loop(&listener, socket, bound, &mut keys);
    // Wipe the keys before anything else can fail.
    keys.clear();
    if file_id(socket) == Some(bound) {
        let _ = fs::remove_file(socket);
    }
    drop(listener);
    result
}

fn serve_loop(
    listener: &UnixListener,
    socket: &Path,
    bound: FileId,
    keys: &mut HashMap<Uuid, Held>,
) -> io::Result<()> {
    let started = Instant::now();
    let mut ever_held = false;
    loop {
        let now = unix_now();
        keys.retain(|_, held| held.expires_unix > now);
        if keys.is_empty() && (ever_held || started.elapsed() >= STARTUP_GRACE) {
            return Ok(());
        }
        // A deleted socket (e.g. a test's temp HOME removed) or one replaced by another
        // agent: nobody can reach us any more.
        if file_id(socket) != Some(bound) {
            return Ok(());
        }
        let soonest = keys.values().map(|held| held.expires_unix).min();
        let wait = match soonest {
            Some(at) => WATCH_INTERVAL.min(Duration::from_secs(at.saturating_sub(now))),
            None => WATCH_INTERVAL,
        }
        .max(Duration::from_millis(10));
        let timeout = Timespec::try_from(wait).map_err(io::Error::other)?;
        let mut fds = [PollFd::new(listener, PollFlags::IN)];
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
        match listener.accept() {
            Ok((stream, _)) => {
                // This client's failure is its own; nothing about it is logged.
                let _ = handle(stream, keys);
                ever_held |= !keys.is_empty();
            }
            // The client left between poll and accept, or a signal came: wait again.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                        | io::ErrorKind::ConnectionAborted
                ) => {}
            Err(e) => return Err(e),
        }
    }
}

/// Serves one connection: one request line, one reply line.
fn handle(mut stream: UnixStream, keys: &mut HashMap<Uuid, Held>) -> io::Result<()> {
    stream.set_nonblocking(false)?;
    if !peer_is_same_user(&stream)? {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "peer is another user",
        ));
    }
    let deadline = Instant::now() + SERVER_IO_TIMEOUT;
    let line = Line::read(&mut stream, deadline)?;
    // A parse error could quote the input, so the reply never includes it.
    let reply = match serde_json::from_slice::<WireRequest>(line.body()) {
        Ok(request) => answer(request, keys),
        Err(_) => WireReply::refused("malformed request"),
    };
    drop(line);
    let out = Line::encode(&reply)?;
    drop(reply);
    stream.set_write_timeout(Some(
        deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1)),
    ))?;
    stream.write_all(&out.buf[..out.len])
}

fn answer(request: WireRequest, keys: &mut HashMap<Uuid, Held>) -> WireReply {
    let Ok(vault_id) = Uuid::parse_str(&request.vault_id) else {
        return WireReply::refused("vault_id is not a UUID");
    };
    let now = unix_now();
    match request.op {
        Op::Put => {
            let (Some(HexKey(key)), Some(expires_unix)) = (request.key_hex, request.expires_unix)
            else {
                return WireReply::refused("put needs key_hex and expires_unix");
            };
            keys.insert(
                vault_id,
                Held {
                    key: Box::new(key),
                    expires_unix,
                },
            );
            WireReply::ok()
        }
        Op::Get => match keys.get(&vault_id) {
            Some(held) if held.expires_unix > now => {
                let key =
                    SecretKey::from_slice(held.key.expose()).expect("a SecretKey is 32 bytes");
                WireReply {
                    key_hex: Some(HexKey(key)),
                    expires_unix: Some(held.expires_unix),
                    ..WireReply::ok()
                }
            }
            _ => WireReply::ok(),
        },
        Op::Drop => {
            let held = keys.remove(&vault_id).is_some();
            WireReply {
                held: Some(held),
                ..WireReply::ok()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::thread::JoinHandle;

    /// An agent served by a thread of the test process, on a socket in a temp dir.
    pub(crate) struct TestAgent {
        pub(crate) dir: tempfile::TempDir,
        pub(crate) socket: PathBuf,
        pub(crate) thread: JoinHandle<io::Result<()>>,
    }

    impl TestAgent {
        pub(crate) fn start() -> TestAgent {
            let dir = tempfile::tempdir().unwrap();
            let socket = dir.path().join("agent").join("agent.sock");
            let path = socket.clone();
            let thread = std::thread::spawn(move || serve(&path));
            // The socket file exists from bind(), a moment before listen(): wait until
            // the agent answers (a get of an unknown vault changes nothing), not for the
            // file, or a busy machine sees "connection refused".
            wait_for(Duration::from_secs(10), || {
                get(&socket, &Uuid::nil()).is_ok_and(|found| found.is_none())
            });
            TestAgent {
                dir,
                socket,
                thread,
            }
        }

        /// Waits for the agent thread to return.
        pub(crate) fn exited_within(&self, limit: Duration) -> bool {
            let deadline = Instant::now() + limit;
            while Instant::now() < deadline {
                if self.thread.is_finished() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        }
    }

    /// A temp dir only we can enter (tempfile leaves it to the umask).
    pub(crate) fn private_tempdir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        dir
    }

    pub(crate) fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + limit;
        while !done() {
            assert!(
                Instant::now() < deadline,
                "condition not met within {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_slice(&[byte; 32]).unwrap()
    }

    #[test]
    fn put_get_drop_round_trip_then_exit_when_last_key_dropped() {
        let agent = TestAgent::start();
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let later = unix_now() + 3600;
        put(&agent.socket, &a, &key(1), later).unwrap();
        put(&agent.socket, &b, &key(2), later + 1).unwrap();

        let (got, expires) = get(&agent.socket, &a).unwrap().unwrap();
        assert_eq!(got.expose(), &[1; 32]);
        assert_eq!(expires, later);
        assert!(get(&agent.socket, &Uuid::new_v4()).unwrap().is_none());

        assert!(drop_key(&agent.socket, &a).unwrap());
        assert!(!drop_key(&agent.socket, &a).unwrap());
        assert!(get(&agent.socket, &a).unwrap().is_none());
        assert_eq!(
            get(&agent.socket, &b).unwrap().unwrap().0.expose(),
            &[2; 32]
        );
        assert!(
            !agent.thread.is_finished(),
            "must keep serving while it holds a key"
        );

        assert!(drop_key(&agent.socket, &b).unwrap());
        assert!(
            agent.exited_within(Duration::from_secs(3)),
            "agent lingered with no keys"
        );
        assert!(!agent.socket.exists(), "agent left its socket behind");
        agent.thread.join().unwrap().unwrap();
    }

    #[test]
    fn expired_key_is_not_returned() {
        let agent = TestAgent::start();
        let (live, stale) = (Uuid::new_v4(), Uuid::new_v4());
        put(&agent.socket, &live, &key(3), unix_now() + 60).unwrap();
        put(&agent.socket, &stale, &key(4), unix_now() - 1).unwrap();
        assert!(
            get(&agent.socket, &stale).unwrap().is_none(),
            "expired key returned"
        );
        assert!(get(&agent.socket, &live).unwrap().is_some());
        drop_key(&agent.socket, &live).unwrap();
    }

    #[test]
    fn key_expires_while_held() {
        let agent = TestAgent::start();
        let id = Uuid::new_v4();
        put(&agent.socket, &id, &key(4), unix_now() + 1).unwrap();
        assert!(
            agent.exited_within(Duration::from_secs(4)),
            "agent lingered after its key expired"
        );
        assert!(get(&agent.socket, &id).is_err_and(|e| not_listening(&e)));
    }

    #[test]
    fn exits_when_socket_file_is_removed() {
        let agent = TestAgent::start();
        put(&agent.socket, &Uuid::new_v4(), &key(5), unix_now() + 3600).unwrap();
        fs::remove_file(&agent.socket).unwrap();
        assert!(
            agent.exited_within(Duration::from_secs(3)),
            "agent outlived its socket"
        );
    }

    #[test]
    fn exits_when_its_directory_is_deleted() {
        let agent = TestAgent::start();
        put(&agent.socket, &Uuid::new_v4(), &key(6), unix_now() + 3600).unwrap();
        fs::remove_dir_all(agent.dir.path()).unwrap();
        assert!(
            agent.exited_within(Duration::from_secs(3)),
            "agent outlived its temp HOME"
        );
    }

    #[test]
    fn refuses_a_directory_others_can_reach() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
        let err = serve(&shared.join("agent.sock")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        let text = err.to_string();
        assert!(
            text.contains("mode 755") && text.contains("chmod 700"),
            "{text}"
        );
        assert!(!shared.join("agent.sock").exists());
    }

    #[test]
    fn refuses_a_directory_owned_by_someone_else() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs");
        fs::DirBuilder::new().mode(0o700).create(&theirs).unwrap();
        // Only root can give a directory away; as anyone else this test has nothing to show.
        if std::os::unix::fs::chown(&theirs, Some(65534), None).is_err() {
            return;
        }
        let err = serve(&theirs.join("agent.sock")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert!(err.to_string().contains("belongs to uid 65534"), "{err}");
    }

    #[test]
    fn replaces_a_stale_socket_and_sets_private_modes() {
        let dir = private_tempdir();
        let socket = dir.path().join("agent.sock");
        drop(UnixListener::bind(&socket).unwrap()); // leaves a socket file nobody serves
        let path = socket.clone();
        let thread = std::thread::spawn(move || serve(&path));
        let id = Uuid::new_v4();
        wait_for(Duration::from_secs(5), || {
            put(&socket, &id, &key(7), unix_now() + 60).is_ok()
        });
        assert_eq!(
            fs::metadata(&socket).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            fs::metadata(lock_path(&socket))
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
        assert!(drop_key(&socket, &id).unwrap());
        wait_for(Duration::from_secs(3), || thread.is_finished());
        thread.join().unwrap().unwrap();
    }

    #[test]
    fn a_second_agent_leaves_the_first_in_charge() {
        let agent = TestAgent::start();
        let id = Uuid::new_v4();
        put(&agent.socket, &id, &key(8), unix_now() + 60).unwrap();
        // Returns at once; had it taken the socket over, the get below would reach an
        // agent without the key (after this one served its 30 s of grace).
        serve(&agent.socket).unwrap();
        assert_eq!(
            get(&agent.socket, &id).unwrap().unwrap().0.expose(),
            &[8; 32]
        );
        drop_key(&agent.socket, &id).unwrap();
    }

    #[test]
    fn refuses_a_non_socket_at_the_socket_path() {
        let dir = private_tempdir();
        let socket = dir.path().join("agent.sock");
        fs::write(&socket, b"not a socket").unwrap();
        let err = serve(&socket).unwrap_err();
        assert!(err.to_string().contains("is not a socket"), "{err}");
        assert_eq!(fs::read(&socket).unwrap(), b"not a socket");
    }

    #[test]
    fn bad_and_stuck_clients_do_not_stop_the_agent() {
        let agent = TestAgent::start();
        let id = Uuid::new_v4();
        put(&agent.socket, &id, &key(9), unix_now() + 60).unwrap();

        // Garbage gets a refusal that echoes nothing.
        let mut raw = UnixStream::connect(&agent.socket).unwrap();
        raw.write_all(b"{\"op\":\"put\",\"vault_id\":\"x\",\"key_hex\":\"zz\"}\n")
            .unwrap();
        let mut reply = String::new();
        raw.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("{\"ok\":false"), "{reply}");
        assert!(!reply.contains("zz"));

        // An oversized request is cut off.
        let mut raw = UnixStream::connect(&agent.socket).unwrap();
        let _ = raw.write_all(&[b'a'; 4 * MAX_LINE]);
        let mut sink = Vec::new();
        let _ = raw.read_to_end(&mut sink);

        // A client that connects and says nothing holds the agent for at most a second.
        let _silent = UnixStream::connect(&agent.socket).unwrap();
        let started = Instant::now();
        assert_eq!(
            get(&agent.socket, &id).unwrap().unwrap().0.expose(),
            &[9; 32]
        );
        assert!(started.elapsed() < CLIENT_IO_TIMEOUT);
        drop_key(&agent.socket, &id).unwrap();
    }

    #[test]
    fn wire_format_is_one_json_line() {
        let request = WireRequest {
            op: Op::Put,
            vault_id: "6a1f1c3e-0000-4000-8000-000000000000".into(),
            key_hex: Some(HexKey(key(0xab))),
            expires_unix: Some(1_700_000_000),
        };
        let line = Line::encode(&request).unwrap();
        let text = std::str::from_utf8(&line.buf[..line.len]).unwrap();
        assert_eq!(
            text,
            format!(
                "{{\"op\":\"put\",\"vault_id\":\"6a1f1c3e-0000-4000-8000-000000000000\",\
                 \"key_hex\":\"{}\",\"expires_unix\":1700000000}}\n",
                "ab".repeat(32)
            )
        );
        let back: WireRequest = serde_json::from_slice(line.body()).unwrap();
        assert_eq!(back.key_hex.unwrap().0.expose(), &[0xab; 32]);
    }
}
