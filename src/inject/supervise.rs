//! Running the child under supervision, for the cases where `secretscli` must stay alive
//! next to it: `--mask` (its output goes through a filter) and `--watch` (it is restarted
//! when the injected values change). Everything else execs the child instead.
//!
//! This module never prints (it reports through [`Event`]s), never puts a value into an
//! event, an error or `Debug` output, and never signals a process it has already reaped:
//! one thread owns the [`Child`], reaps it only with `try_wait` when woken (by `SIGCHLD`
//! among others), and sends every signal from that same thread, never after the reap, so
//! the pid cannot have been reused by an unrelated process.
//!
//! # Signals
//! The child stays in our process group and session, so job control, Ctrl-Z, `fg` and
//! reads from the terminal behave as if it had been started by the shell. A new process
//! group would break them. The cost is that keys typed at the terminal (Ctrl-C → `SIGINT`,
//! Ctrl-\ → `SIGQUIT`) and window resizes (`SIGWINCH`) reach the child directly, because
//! the terminal signals its whole foreground process group. Forwarding those too would
//! deliver each one twice, so a child that treats a second Ctrl-C as "quit now" would skip
//! its graceful shutdown. uv's `uv run` hit exactly this and settled on the rule used
//! here (astral-sh/uv#12108, #13925):
//!
//! - `SIGTERM`, `SIGHUP`, `SIGUSR1` and `SIGUSR2` are always forwarded to the child.
//! - `SIGINT`, `SIGQUIT` and `SIGWINCH` are forwarded unless the terminal has already
//!   delivered them: unless our process group is the foreground group of our controlling
//!   terminal and the child is still in our group. A child that moved to a group of its
//!   own, a run under a process supervisor (no terminal), or a run in the background all
//!   get the signal forwarded.
//! - Known limit: a `kill -INT <pid of secretscli>` from elsewhere, while secretscli is in
//!   the foreground of a terminal, does not reach the child. Use `SIGTERM`, or signal the
//!   process group (`kill -INT -<pgid>`), as the terminal does.
//! - `SIGTSTP` and `SIGCONT` are not touched: the terminal stops the whole group and the
//!   shell's `fg` continues it.
//! - A signal that was ignored when we started (`nohup`, `SIGINT` for a background job of
//!   a non-interactive shell) is left ignored, for us and for the child, as if we were not
//!   there. (Linux only: the dispositions are read from `/proc/self/status`, since asking
//!   `sigaction` would need `unsafe`; elsewhere every forwarded signal is handled.)
//!
//! Forwarding goes to the child process only, not to its own children.
//!
//! # Exit
//! [`supervise`] returns when the child exits without a restart pending: its exit code, or
//! 128 + the signal that killed it. With `--watch`, a child that exits by itself ends the
//! run too. The first terminating signal (`SIGINT`, `SIGTERM`, `SIGHUP`, `SIGQUIT`)
//! switches watching off for good: no restart starts after it, so a vault change cannot
//! undo the user's Ctrl-C.
//!
//! # Masking
//! With `--mask` the child's stdout and stderr are pipes, each copied through a
//! [`Masker`] by its own thread. The child therefore sees no terminal on those streams
//! (many programs then turn colours off). Like a shell pipeline, the run ends only when
//! every pipe handed out (to the last child and to those stopped by restarts) has reached
//! end of file, so no output is lost; a background process that inherited one keeps
//! `secretscli` waiting until it exits or `secretscli` gets a terminating signal.
//!
//! # Watching
//! A `notify` watcher on the given paths (directories, so that SQLite's `-wal` file and
//! atomic renames are seen) wakes the supervisor, which calls the caller's cheap
//! `reload`. Opens, reads and `-shm` changes are ignored: reading the vault causes them,
//! and they would otherwise wake us in a loop. Events that arrive during a restart are
//! coalesced into one more `reload` once the new child runs. SQLite makes a commit
//! visible to readers only after its last write to the `-wal` file, so a `reload` that
//! finds nothing new is tried once more after [`SETTLE`]; the caller's nudges (a pull it
//! made itself) need no such luck. A restart sends `SIGTERM`,
//! waits up to the grace period, then sends `SIGKILL`.
//!
//! # Gated restarts
//! With a [`Gate`] (`--restart-group`), a restart first asks the gate for a [`Permit`] (a
//! restart slot shared with other watchers). The asking runs on a thread of its own, so
//! signals, the child's exit and further changes are handled while it waits; changes that
//! land meanwhile fold into the one pending restart. The permit is held from `SIGTERM` of
//! the old child until the new one has run [`Gate::healthy_after`], and dropped then (or
//! when the new child exits, or the run ends). This module knows nothing of what a permit
//! is: dropping it gives it back.
//!
//! # Plaintext
//! Environment values and mask secrets held here are wiped when dropped. Known limit:
//! `std::process::Command` keeps its own copy of the environment until it is dropped
//! right after the spawn; that copy is freed, not wiped.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use notify::Watcher as _;
use rustix::process::{Pid, Signal};
use signal_hook::consts::signal::{
    SIGCHLD, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH,
};
use signal_hook::iterator::Signals;
use zeroize::{Zeroize, Zeroizing};

use super::mask::{self, Masker};

/// How long a restart waits after `SIGTERM` before `SIGKILL` (`--grace`).
pub const DEFAULT_GRACE: Duration = Duration::from_secs(10);

/// Signals passed on to the child.
const FORWARDED: [i32; 7] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH];

/// Signals that mean "stop": after one, the child is never restarted.
const TERMINATING: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// Signals a terminal sends to its whole foreground process group by itself.
const FROM_TERMINAL: [i32; 3] = [SIGINT, SIGQUIT, SIGWINCH];

/// What to run: the full environment is given (the caller builds it), the parent's
/// environment is not inherited.
pub struct ChildSpec {
    /// The program, looked up in the child's `PATH` when it has no slash.
    pub program: OsString,
    /// Its arguments (without `argv[0]`).
    pub args: Vec<OsString>,
    /// The child's complete environment.
    pub env: Vec<(OsString, OsString)>,
}

impl fmt::Debug for ChildSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChildSpec")
            .field("program", &self.program)
            .field("args", &self.args)
            .field("env", &EnvNames(&self.env))
            .finish()
    }
}

/// A fresh environment after a change, and the names that changed (never values).
pub struct Reload {
    /// The restarted child's complete environment.
    pub env: Vec<(OsString, OsString)>,
    /// Names of the variables that changed, for the user.
    pub changed: Vec<String>,
    /// Values to mask from now on (replacing the previous ones); ignored without `--mask`.
    pub secrets: Vec<Vec<u8>>,
}

impl fmt::Debug for Reload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reload")
            .field("env", &EnvNames(&self.env))
            .field("changed", &self.changed)
            .field("secrets", &format_args!("<{} values>", self.secrets.len()))
            .finish()
    }
}

/// Things the CLI may want to tell the user (the library never prints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The environment changed: the child is being stopped and started again.
    Restarting {
        /// Names of the variables that changed.
        changed: Vec<String>,
    },
    /// (Watch mode) a terminating signal arrived: no more restarts; secretscli exits
    /// when the child does.
    Stopping {
        /// The signal's number.
        signal: i32,
    },
    /// The child outlived the grace period of a restart and was sent `SIGKILL`.
    Killed {
        /// The grace period it had.
        after: Duration,
    },
    /// The environment changed and `--on-change` said to signal the child, not restart it
    /// (it keeps its old environment and reloads what it reads by itself).
    Signalled {
        /// Names of the variables that changed.
        changed: Vec<String>,
        /// The signal sent.
        signal: i32,
    },
    /// The environment changed and `--on-change none` said to leave the child alone.
    Unchanged {
        /// Names of the variables that changed.
        changed: Vec<String>,
    },
    /// `--on-change signal:S` names a signal this process ignores (it was started under
    /// `nohup`, say): the child inherits that, and a shell cannot even trap it, so the
    /// reload signal will likely go unnoticed. Told once, before the first child starts.
    SignalIgnored {
        /// The signal `--on-change` sends.
        signal: i32,
    },
    /// `reload` failed; the running child is kept.
    ReloadFailed {
        /// The error, as `reload` described it (it must not contain values).
        error: String,
    },
}

/// How to supervise.
pub struct Options {
    /// Secret values to mask in the child's stdout and stderr; `None` leaves both
    /// inherited untouched.
    pub mask: Option<Vec<Vec<u8>>>,
    /// Restart the child when the environment changes.
    pub watch: Option<Watch>,
    /// `SIGTERM` → wait this long → `SIGKILL`, on restart (`--grace`).
    pub grace: Duration,
    /// Receives [`Event`]s, on the supervising thread.
    pub on_event: Box<dyn FnMut(Event) + Send>,
    /// Where the child's stdout goes instead of ours (the child then writes to a pipe).
    pub stdout: Option<Box<dyn Write + Send>>,
    /// Where the child's stderr goes instead of ours (the child then writes to a pipe).
    pub stderr: Option<Box<dyn Write + Send>>,
    /// The umask the child starts with (the user's, since `secretscli` runs with 077);
    /// `None` gives it ours.
    pub child_umask: Option<rustix::fs::Mode>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mask: None,
            watch: None,
            grace: DEFAULT_GRACE,
            on_event: Box::new(|_| {}),
            stdout: None,
            stderr: None,
            child_umask: None,
        }
    }
}

impl fmt::Debug for Options {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field(
                "mask",
                &self.mask.as_ref().map(|m| format!("<{} values>", m.len())),
            )
            .field("watch", &self.watch)
            .field("grace", &self.grace)
            .field("stdout", &self.stdout.as_ref().map(|_| "<writer>"))
            .field("stderr", &self.stderr.as_ref().map(|_| "<writer>"))
            .field("child_umask", &self.child_umask)
            .finish_non_exhaustive()
    }
}

/// What `--watch` watches and how it learns the new environment.
pub struct Watch {
    /// Directories (or files) to watch: the vault file's directory, since SQLite writes
    /// go to `vault.db-wal` and a watch on a replaced file goes stale.
    pub paths: Vec<PathBuf>,
    /// Called after a change on disk; cheap: returns `None` when the resolved
    /// environment is unchanged (the caller checks a revision counter first).
    pub reload: Box<dyn FnMut() -> anyhow::Result<Option<Reload>> + Send>,
    /// What a change does to the running child (`--on-change`).
    pub on_change: OnChange,
    /// Where the caller says that a change has landed (a pull from the server's feed):
    /// each message is one more `reload`. File events alone can come before a write is
    /// visible to readers.
    pub nudges: Option<Receiver<()>>,
    /// What a restart must hold first (`--restart-group`); `None` restarts at once.
    pub gate: Option<Gate>,
}

/// Whatever a gate hands out; dropping it gives the permission back.
pub type Permit = Box<dyn Send>;

/// Permission to restart, asked for before each restart (see "Gated restarts" above).
pub struct Gate {
    /// Blocks until this restart may go ahead (it must return eventually: a bounded wait
    /// is the caller's choice). Called on a thread of its own, one call at a time.
    pub acquire: Box<dyn FnMut() -> Permit + Send>,
    /// How long the new child must run before its permit is dropped (`--healthy-after`).
    pub healthy_after: Duration,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("healthy_after", &self.healthy_after)
            .finish_non_exhaustive()
    }
}

/// What a change of the environment does to the running child (`inject --on-change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnChange {
    /// `SIGTERM`, the grace period, `SIGKILL`, then a new child with the new values.
    #[default]
    Restart,
    /// Send this signal (the child keeps its environment and reloads by itself).
    Signal(i32),
    /// Only report the change.
    Nothing,
}

impl OnChange {
    /// Parses `restart`, `none` or `signal:NAME` (`HUP`, `SIGUSR1`, `usr2`, or a number).
    pub fn parse(text: &str) -> Result<OnChange, String> {
        match text {
            "restart" => return Ok(OnChange::Restart),
            "none" => return Ok(OnChange::Nothing),
            _ => {}
        }
        let Some(name) = text.strip_prefix("signal:") else {
            return Err("use restart, signal:NAME (e.g. signal:HUP) or none".into());
        };
        let upper = name.to_ascii_uppercase();
        let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
        let signal = match bare {
            "HUP" => SIGHUP,
            "INT" => SIGINT,
            "QUIT" => SIGQUIT,
            "TERM" => SIGTERM,
            "USR1" => SIGUSR1,
            "USR2" => SIGUSR2,
            "WINCH" => SIGWINCH,
            n => n
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or_else(|| {
                    format!(
                        "unknown signal {name:?} (HUP, USR1, USR2, TERM, INT, QUIT, WINCH or 1..64)"
                    )
                })?,
        };
        Ok(OnChange::Signal(signal))
    }
}

impl fmt::Debug for Watch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch")
            .field("paths", &self.paths)
            .field("on_change", &self.on_change)
            .field("gate", &self.gate)
            .finish_non_exhaustive()
    }
}

/// Starts the thread that asks `acquire` for a permit per message on the returned sender
/// and hands each permit to the supervisor. It ends when the supervisor is gone.
fn start_gate(
    mut acquire: Box<dyn FnMut() -> Permit + Send>,
    tx: Sender<Msg>,
) -> io::Result<Sender<()>> {
    let (asks, asked) = mpsc::channel::<()>();
    thread::Builder::new()
        .name("secretscli-gate".into())
        .spawn(move || {
            for () in asked {
                if tx.send(Msg::Granted(acquire())).is_err() {
                    return;
                }
            }
        })?;
    Ok(asks)
}

/// Runs the child under supervision; returns the exit code to use: the child's code, or
/// 128 + signal if a signal killed it.
///
/// Errors: the signal handlers, the watcher or a (re)spawn could not be set up; the
/// message names the program or path, never a value.
pub fn supervise(spec: ChildSpec, opts: Options) -> io::Result<i32> {
    supervise_with(spec, opts, |_| {})
}

/// The exit code for a finished child's status (code, or 128 + signal).
pub fn exit_code(status: ExitStatus) -> i32 {
    match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => 128 + signal,
        // Neither exited nor killed: only a stopped or continued status looks like
        // this, and `wait` never returns one. Fail rather than claim success.
        (None, None) => 1,
    }
}

/// How long after a `reload` that found nothing new it is tried once more: a write whose
/// file event woke us may not have been visible yet.
const SETTLE: Duration = Duration::from_millis(150);

/// What wakes the supervising thread.
enum Msg {
    /// A signal delivered to us (including `SIGCHLD`).
    Signal(i32),
    /// Something changed under a watched path.
    Changed,
    /// One output pump reached end of file.
    PumpDone,
    /// The gate granted the restart that was asked for.
    Granted(Permit),
}

/// [`supervise`], with `hook` given a sender before the first child starts, so tests can
/// play signals without sending real ones to the test process.
fn supervise_with(
    spec: ChildSpec,
    mut opts: Options,
    hook: impl FnOnce(Sender<Msg>),
) -> io::Result<i32> {
    let ChildSpec { program, args, env } = spec;
    let env = Env(env);
    let (tx, rx) = mpsc::channel();
    // Registered before the first spawn, so no SIGCHLD can be missed.
    let signals = SignalThread::start(tx.clone())?;
    let mut watch = opts.watch.take();
    if let Some(OnChange::Signal(signal)) = watch.as_ref().map(|w| w.on_change)
        && is_in(ignored_here(), signal)
    {
        (opts.on_event)(Event::SignalIgnored { signal });
    }
    let watcher = match &watch {
        Some(watch) => Some(start_watcher(&watch.paths, tx.clone())?),
        None => None,
    };
    if let Some(nudges) = watch.as_mut().and_then(|w| w.nudges.take()) {
        forward_nudges(nudges, tx.clone())?;
    }
    let gate = match watch.as_mut().and_then(|w| w.gate.take()) {
        Some(gate) => Some((start_gate(gate.acquire, tx.clone())?, gate.healthy_after)),
        None => None,
    };
    let piped = opts.mask.is_some() || opts.stdout.is_some() || opts.stderr.is_some();
    let outputs = piped.then(|| {
        let stdout = opts.stdout.take().unwrap_or_else(|| Box::new(io::stdout()));
        let stderr = opts.stderr.take().unwrap_or_else(|| Box::new(io::stderr()));
        Outputs {
            stdout: SharedWriter::new(stdout),
            stderr: SharedWriter::new(stderr),
        }
    });
    let mut supervisor = Supervisor {
        program,
        args,
        rx,
        tx: tx.clone(),
        on_event: opts.on_event,
        on_change: watch.as_ref().map(|w| w.on_change).unwrap_or_default(),
        reload: watch.map(|w| w.reload),
        grace: opts.grace,
        child_umask: opts.child_umask,
        outputs,
        secrets: opts.mask.take().map(Secrets::new),
        pumps: Vec::new(),
        pumps_open: 0,
        stopping: false,
        changed: false,
        recheck: None,
        gate: gate.map(|(asks, healthy_after)| GateState {
            asks,
            healthy_after,
            asked: false,
            pending: None,
            granted: None,
            held: None,
        }),
    };
    hook(tx);
    let code = supervisor.run(env);
    drop(watcher);
    drop(signals);
    code
}

/// The state of one supervision.
struct Supervisor {
    program: OsString,
    args: Vec<OsString>,
    rx: Receiver<Msg>,
    /// Kept so that `rx` never disconnects, and cloned into each pump.
    tx: Sender<Msg>,
    on_event: Box<dyn FnMut(Event) + Send>,
    reload: Option<Box<dyn FnMut() -> anyhow::Result<Option<Reload>> + Send>>,
    on_change: OnChange,
    grace: Duration,
    child_umask: Option<rustix::fs::Mode>,
    /// Where the pumps write; `None` when the child inherits our stdout and stderr.
    outputs: Option<Outputs>,
    /// Values to mask; `None` without `--mask`.
    secrets: Option<Secrets>,
    /// Output pumps of every child so far.
    pumps: Vec<JoinHandle<()>>,
    /// Pumps that have not reached end of file.
    pumps_open: usize,
    /// A terminating signal arrived: restart nothing, exit with the child.
    stopping: bool,
    /// A watched path changed since the last `reload`.
    changed: bool,
    /// When to `reload` once more after one that found nothing new ([`SETTLE`]).
    recheck: Option<Instant>,
    /// Restarts wait for a permit (`--restart-group`).
    gate: Option<GateState>,
}

/// Where a gated restart stands.
struct GateState {
    /// Each message asks the gate thread for one permit.
    asks: Sender<()>,
    healthy_after: Duration,
    /// A permit was asked for and has not arrived.
    asked: bool,
    /// The restart waiting for its permit (the newest environment).
    pending: Option<Reload>,
    /// A permit that arrived and is not yet used.
    granted: Option<Permit>,
    /// The permit of the last restart, until its new child has run `healthy_after`.
    held: Option<(Permit, Instant)>,
}

impl GateState {
    /// Queues `fresh` (folding in the names of a restart already waiting) and asks for a
    /// permit unless one is on its way. A permit still held from an earlier restart is
    /// given back first: this restart takes a new one, so its ttl covers it.
    fn ask(&mut self, mut fresh: Reload) {
        self.held = None;
        if let Some(old) = self.pending.take() {
            fresh.changed.extend(old.changed);
            fresh.changed.sort();
            fresh.changed.dedup();
        }
        self.pending = Some(fresh);
        if !self.asked {
            // The gate thread outlives the supervisor's use of it: a send cannot fail
            // before the run ends, and if it did, the restart would only wait for good.
            self.asked = self.asks.send(()).is_ok();
        }
    }

    /// The restart to make now: a pending one whose permit arrived.
    fn ready(&mut self) -> Option<(Reload, Permit)> {
        if self.granted.is_none() || self.pending.is_none() {
            return None;
        }
        Some((self.pending.take()?, self.granted.take()?))
    }

    /// Gives back a held permit once its child has been healthy long enough.
    fn release_if_healthy(&mut self) {
        if self
            .held
            .as_ref()
            .is_some_and(|(_, at)| *at <= Instant::now())
        {
            self.held = None;
        }
    }
}

/// Whether the run goes on, and with which child.
enum Step {
    /// This child runs (the same one, or its replacement).
    Go(Running),
    /// The run is over: its exit code.
    Exit(i32),
}

/// How a restart ended.
enum Restart {
    /// The new child runs.
    Started(Running),
    /// A terminating signal arrived meanwhile; the old child's status.
    Stopped(Running, ExitStatus),
}

impl Supervisor {
    /// Runs children until one exits without a restart pending; its exit code.
    fn run(&mut self, env: Env) -> io::Result<i32> {
        let mut child = self.spawn(env)?;
        loop {
            if !self.changed
                && let Some(msg) = self.next_or_recheck()
            {
                self.handle(msg, &mut child);
            }
            while let Ok(msg) = self.rx.try_recv() {
                self.handle(msg, &mut child);
            }
            // A child that is gone wins over a pending change: its exit ends the run.
            if let Some(status) = child.try_wait()? {
                return Ok(self.finish(child, status));
            }
            child = match self.gated_restart(child)? {
                Step::Go(child) => child,
                Step::Exit(code) => return Ok(code),
            };
            if !self.changed || self.stopping {
                self.changed = false;
                continue;
            }
            self.changed = false;
            let rechecking = self.recheck.take().is_some_and(|at| at <= Instant::now());
            let Some(reload) = self.reload.as_mut() else {
                continue;
            };
            match reload() {
                Ok(None) if !rechecking => self.recheck = Some(Instant::now() + SETTLE),
                Ok(None) => {}
                Ok(Some(fresh)) => {
                    child = match self.on_fresh(child, fresh)? {
                        Step::Go(child) => child,
                        Step::Exit(code) => return Ok(code),
                    }
                }
                Err(error) => (self.on_event)(Event::ReloadFailed {
                    error: format!("{error:#}"),
                }),
            }
        }
    }

    /// Acts on a changed environment as `--on-change` says (a gated restart only asks).
    fn on_fresh(&mut self, child: Running, fresh: Reload) -> io::Result<Step> {
        match self.on_change {
            OnChange::Restart => match self.gate.as_mut() {
                Some(gate) => gate.ask(fresh),
                None => return self.restart(child, fresh).map(|r| self.step(r)),
            },
            OnChange::Signal(signal) => {
                (self.on_event)(Event::Signalled {
                    changed: fresh.changed.clone(),
                    signal,
                });
                child.signal(signal);
            }
            OnChange::Nothing => (self.on_event)(Event::Unchanged {
                changed: fresh.changed.clone(),
            }),
        }
        Ok(Step::Go(child))
    }

    /// With a gate: gives back a permit whose child has run long enough, and makes the
    /// waiting restart whose permit arrived (never after a terminating signal).
    fn gated_restart(&mut self, child: Running) -> io::Result<Step> {
        let Some(gate) = self.gate.as_mut() else {
            return Ok(Step::Go(child));
        };
        gate.release_if_healthy();
        let Some((fresh, permit)) = gate.ready().filter(|_| !self.stopping) else {
            return Ok(Step::Go(child));
        };
        let step = self.restart(child, fresh).map(|r| self.step(r))?;
        // A run that ended during the restart gives the permit back here, as it drops.
        if matches!(step, Step::Go(_)) {
            self.hold(permit);
        }
        Ok(step)
    }

    /// Where a restart leaves the run.
    fn step(&mut self, restart: Restart) -> Step {
        match restart {
            Restart::Started(next) => Step::Go(next),
            Restart::Stopped(old, status) => Step::Exit(self.finish(old, status)),
        }
    }

    /// The next message, or `None` when a timer is due: a pending recheck (then a change
    /// to look for) or the end of a held permit's healthy period.
    fn next_or_recheck(&mut self) -> Option<Msg> {
        let healthy = self
            .gate
            .as_ref()
            .and_then(|g| g.held.as_ref())
            .map(|h| h.1);
        let Some(at) = self.recheck.into_iter().chain(healthy).min() else {
            return Some(self.recv());
        };
        match self
            .rx
            .recv_timeout(at.saturating_duration_since(Instant::now()))
        {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => {
                self.changed = self.recheck.is_some_and(|r| r <= Instant::now());
                None
            }
            Err(RecvTimeoutError::Disconnected) => unreachable!("the supervisor holds a sender"),
        }
    }

    /// Waits for the next message; the supervisor holds a sender, so there always is one.
    fn recv(&self) -> Msg {
        self.rx
            .recv()
            .expect("the supervisor holds a sender, so the channel stays open")
    }

    /// Acts on one message while `child` has not been reaped.
    fn handle(&mut self, msg: Msg, child: &mut Running) {
        match msg {
            // The caller polls the child after every batch of messages.
            Msg::Signal(SIGCHLD) => {}
            Msg::Signal(signal) => {
                if TERMINATING.contains(&signal) && !self.stopping {
                    self.stopping = true;
                    if self.reload.is_some() {
                        (self.on_event)(Event::Stopping { signal });
                    }
                }
                if !(FROM_TERMINAL.contains(&signal) && terminal_delivered_it(child.pid)) {
                    child.signal(signal);
                }
            }
            Msg::Changed => self.changed = true,
            Msg::PumpDone => self.pumps_open -= 1,
            Msg::Granted(permit) => {
                if let Some(gate) = self.gate.as_mut() {
                    gate.asked = false;
                    // After a terminating signal no restart comes: give it back at once.
                    if !self.stopping {
                        gate.granted = Some(permit);
                    }
                }
            }
        }
    }

    /// Keeps the permit of the restart just made until the new child has run
    /// `healthy_after`.
    fn hold(&mut self, permit: Permit) {
        if let Some(gate) = self.gate.as_mut() {
            let until = Instant::now()
                .checked_add(gate.healthy_after)
                .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365));
            gate.held = Some((permit, until));
        }
    }

    /// Stops `old` (SIGTERM, grace, SIGKILL) and starts the child again with `fresh`.
    fn restart(&mut self, mut old: Running, fresh: Reload) -> io::Result<Restart> {
        let Reload {
            env,
            changed,
            secrets,
        } = fresh;
        let env = Env(env);
        let secrets = Secrets::new(secrets);
        (self.on_event)(Event::Restarting { changed });
        old.signal(SIGTERM);
        // No deadline when the grace period is too long to represent: wait for good.
        let deadline = Instant::now().checked_add(self.grace);
        let mut killed = false;
        let status = loop {
            if let Some(status) = old.try_wait()? {
                break status;
            }
            let msg = if let (false, Some(deadline)) = (killed, deadline) {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.rx.recv_timeout(left) {
                    Ok(msg) => msg,
                    Err(RecvTimeoutError::Timeout) => {
                        old.signal(Signal::KILL.as_raw());
                        killed = true;
                        (self.on_event)(Event::Killed { after: self.grace });
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        unreachable!("the supervisor holds a sender")
                    }
                }
            } else {
                self.recv()
            };
            // Signals still go to the dying child; changes pile up into one reload.
            self.handle(msg, &mut old);
        };
        if self.stopping {
            return Ok(Restart::Stopped(old, status));
        }
        // The old pumps drain on their own and are waited for only at the end, so a
        // leftover grandchild holding the old pipes cannot hold up the restart.
        drop(old);
        if self.secrets.is_some() {
            self.secrets = Some(secrets);
        }
        Ok(Restart::Started(self.spawn(env)?))
    }

    /// The exit code for `child`'s `status`, once its output is drained.
    /// `child` is reaped: no signal may go to its pid any more.
    fn finish(&mut self, child: Running, status: ExitStatus) -> i32 {
        drop(child);
        while self.pumps_open > 0 {
            match self.recv() {
                Msg::PumpDone => self.pumps_open -= 1,
                // Someone holds a pipe open (a background grandchild, say) and the user
                // wants out: stop waiting.
                Msg::Signal(signal) if TERMINATING.contains(&signal) => break,
                // A late permit is given back as it drops.
                Msg::Signal(_) | Msg::Changed | Msg::Granted(_) => {}
            }
        }
        if self.pumps_open == 0 {
            for pump in self.pumps.drain(..) {
                // A pump that panicked has nothing left to drain.
                let _ = pump.join();
            }
        }
        exit_code(status)
    }

    /// Starts a child with `env` (wiped once the child has it).
    fn spawn(&mut self, env: Env) -> io::Result<Running> {
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .env_clear()
            .envs(env.0.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::inherit());
        if self.outputs.is_some() {
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
        }
        let spawned = match self.child_umask {
            Some(mask) => {
                // umask is per process: set it just around the spawn. No other thread
                // of ours creates files meanwhile (pumps only write to open pipes).
                let ours = rustix::process::umask(mask);
                let spawned = command.spawn();
                rustix::process::umask(ours);
                spawned
            }
            None => command.spawn(),
        };
        drop(command);
        drop(env);
        let mut child = spawned.map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot run {}: {e}", Path::new(&self.program).display()),
            )
        })?;
        let readers: [Option<Box<dyn Read + Send>>; 2] = [
            child.stdout.take().map(|s| Box::new(s) as _),
            child.stderr.take().map(|s| Box::new(s) as _),
        ];
        // From here on, an error kills and reaps the child (see `Drop for Running`).
        let running = Running {
            pid: Pid::from_child(&child),
            status: None,
            child,
        };
        let Some(outputs) = &self.outputs else {
            return Ok(running);
        };
        for (reader, writer) in readers.into_iter().zip([&outputs.stdout, &outputs.stderr]) {
            let Some(reader) = reader else { continue };
            let masker = self
                .secrets
                .as_ref()
                .and_then(|s| Masker::new(s.0.iter().map(|v| v.as_slice())));
            let done = self.tx.clone();
            let writer = writer.clone();
            let pump = thread::Builder::new()
                .name("secretscli-output".into())
                .spawn(move || {
                    // A write error (our stdout closed, say) ends the copy; dropping the
                    // reader then gives the child EPIPE, as it would get without us.
                    let _ = match masker {
                        Some(masker) => mask::pump(reader, writer, masker),
                        None => copy(reader, writer),
                    };
                    let _ = done.send(Msg::PumpDone);
                })?;
            self.pumps.push(pump);
            self.pumps_open += 1;
        }
        Ok(running)
    }
}

/// One started child.
struct Running {
    pid: Pid,
    /// Set once reaped; after that the pid is never signalled.
    status: Option<ExitStatus>,
    child: Child,
}

impl Running {
    /// Reaps the child if it has exited.
    fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        if self.status.is_none() {
            self.status = self.child.try_wait()?;
        }
        Ok(self.status)
    }

    /// Sends `signal` to the child if it has not been reaped (a zombie ignores it).
    fn signal(&self, signal: i32) {
        if self.status.is_some() {
            return;
        }
        if let Some(signal) = Signal::from_named_raw(signal) {
            // ESRCH cannot happen before the reap; anything else we can do nothing about.
            let _ = rustix::process::kill_process(self.pid, signal);
        }
    }
}

impl Drop for Running {
    /// On an error path the child must not outlive us unsupervised: kill and reap it.
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Whether the terminal already sent a keyboard or resize signal to the child: our
/// process group is the foreground group of our controlling terminal, and the child is
/// still in it.
fn terminal_delivered_it(child: Pid) -> bool {
    use rustix::fs::{Mode, OFlags};
    let ours = rustix::process::getpgrp();
    if rustix::process::getpgid(Some(child)).ok() != Some(ours) {
        return false;
    }
    // /dev/tty is the controlling terminal whatever stdin and stdout are redirected to.
    let flags = OFlags::RDONLY | OFlags::NOCTTY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    match rustix::fs::open("/dev/tty", flags, Mode::empty()) {
        Ok(tty) => rustix::termios::tcgetpgrp(&tty).ok() == Some(ours),
        Err(_) => false,
    }
}

/// Copies without masking (a writer override without `--mask`).
fn copy(mut reader: impl Read, mut writer: impl Write) -> io::Result<()> {
    io::copy(&mut reader, &mut writer)?;
    writer.flush()
}

/// Our stdout and stderr (or their overrides), shared by every generation's pumps.
struct Outputs {
    stdout: SharedWriter,
    stderr: SharedWriter,
}

/// A writer shared between pump threads; each write reaches the destination whole and
/// at once (no buffering here, so prompts without a newline show up).
#[derive(Clone)]
struct SharedWriter(Arc<Mutex<Box<dyn Write + Send>>>);

impl SharedWriter {
    fn new(inner: Box<dyn Write + Send>) -> Self {
        SharedWriter(Arc::new(Mutex::new(inner)))
    }
}

impl Write for SharedWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut inner = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        inner.write_all(buf)?;
        inner.flush()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }
}

/// A child's environment; values are wiped when dropped.
struct Env(Vec<(OsString, OsString)>);

impl Drop for Env {
    fn drop(&mut self) {
        for (_, value) in self.0.drain(..) {
            value.into_vec().zeroize();
        }
    }
}

/// Values to mask; wiped when dropped.
struct Secrets(Vec<Zeroizing<Vec<u8>>>);

impl Secrets {
    fn new(values: Vec<Vec<u8>>) -> Self {
        Secrets(values.into_iter().map(Zeroizing::new).collect())
    }
}

/// Shows an environment's names only.
struct EnvNames<'a>(&'a [(OsString, OsString)]);

impl fmt::Debug for EnvNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.0
                    .iter()
                    .map(|(name, _)| format!("{}=***", name.display())),
            )
            .finish()
    }
}

/// The thread that turns delivered signals into [`Msg::Signal`]; stops when dropped.
struct SignalThread {
    handle: signal_hook::iterator::Handle,
    thread: Option<JoinHandle<()>>,
}

impl SignalThread {
    fn start(tx: Sender<Msg>) -> io::Result<Self> {
        let ignored = ignored_here();
        // SIGCHLD is always handled: were it ignored, the kernel would reap the child
        // for us and its status would be lost.
        let handled = FORWARDED
            .into_iter()
            .filter(|&signal| !is_in(ignored, signal))
            .chain([SIGCHLD]);
        let mut signals = Signals::new(handled)?;
        let handle = signals.handle();
        let thread = thread::Builder::new()
            .name("secretscli-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if tx.send(Msg::Signal(signal)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(SignalThread {
            handle,
            thread: Some(thread),
        })
    }
}

impl Drop for SignalThread {
    fn drop(&mut self) {
        // Unregisters our actions. signal-hook keeps its low-level handler installed, so
        // a SIGINT arriving after this is ignored; the CLI exits right after anyway.
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The signals this process ignores (as a `SigIgn` mask), inherited from whoever started it.
fn ignored_here() -> u64 {
    fs::read_to_string("/proc/self/status")
        .map(|status| ignored_signals(&status))
        .unwrap_or(0)
}

/// The `SigIgn` mask of a `/proc/<pid>/status` file (0 if absent): bit `n - 1` set means
/// signal `n` is ignored.
fn ignored_signals(status: &str) -> u64 {
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .unwrap_or(0)
}

/// Whether `signal` is in a `SigIgn`-style `mask`.
fn is_in(mask: u64, signal: i32) -> bool {
    (1..=64).contains(&signal) && mask & (1 << (signal - 1)) != 0
}

/// Turns each of the caller's nudges into a [`Msg::Changed`]; the thread ends with the
/// caller's sender (or at the first nudge after the supervisor is gone).
fn forward_nudges(nudges: Receiver<()>, tx: Sender<Msg>) -> io::Result<()> {
    thread::Builder::new()
        .name("secretscli-nudges".into())
        .spawn(move || {
            for () in nudges {
                if tx.send(Msg::Changed).is_err() {
                    break;
                }
            }
        })?;
    Ok(())
}

/// Watches `paths` and sends [`Msg::Changed`] for every event that may be a write.
fn start_watcher(paths: &[PathBuf], tx: Sender<Msg>) -> io::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // An error (a lost event, say) may hide a change; `reload` is cheap.
        if event.as_ref().map_or(true, may_be_a_write) {
            let _ = tx.send(Msg::Changed);
        }
    })
    .map_err(|e| io::Error::other(format!("cannot watch for changes: {e}")))?;
    for path in paths {
        watcher
            .watch(path, notify::RecursiveMode::NonRecursive)
            .map_err(|e| io::Error::other(format!("cannot watch {}: {e}", path.display())))?;
    }
    Ok(watcher)
}

/// False for events that reading the vault causes: opens, reads, closes without a write,
/// access times, and anything about SQLite's `-shm` index (readers update it too).
pub(crate) fn may_be_a_write(event: &notify::Event) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
    let kind = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    };
    let is_shm = |path: &PathBuf| path.as_os_str().as_bytes().ends_with(b"-shm");
    kind && (event.paths.is_empty() || !event.paths.iter().all(is_shm))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    const SECRET: &str = "hunter22-s3cr3t";
    const CONCEALED: &str = "<concealed by secretscli>";

    /// `/bin/sh -c script` with exactly `env` plus a PATH.
    fn sh(script: &str, env: &[(&str, &str)]) -> ChildSpec {
        ChildSpec {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
            env: env_of(env),
        }
    }

    fn env_of(env: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        let mut all = vec![("PATH".into(), "/usr/bin:/bin".into())];
        all.extend(
            env.iter()
                .map(|(k, v)| (OsString::from(k), OsString::from(v))),
        );
        all
    }

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
        }
    }

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Options whose events land in the returned receiver.
    fn recording() -> (Options, Receiver<Event>) {
        let (tx, rx) = mpsc::channel();
        let opts = Options {
            on_event: Box::new(move |event| {
                let _ = tx.send(event);
            }),
            ..Options::default()
        };
        (opts, rx)
    }

    /// Runs `supervise` on a thread; the result arrives on the returned receiver.
    fn start(spec: ChildSpec, opts: Options) -> (Receiver<io::Result<i32>>, Sender<Msg>) {
        let (result_tx, result_rx) = mpsc::channel();
        let (sender_tx, sender_rx) = mpsc::channel();
        thread::spawn(move || {
            let result = supervise_with(spec, opts, |tx| sender_tx.send(tx).unwrap());
            let _ = result_tx.send(result);
        });
        let sender = sender_rx.recv_timeout(WAIT).expect("supervisor started");
        (result_rx, sender)
    }

    const WAIT: Duration = Duration::from_secs(20);

    fn result_of(rx: &Receiver<io::Result<i32>>) -> i32 {
        rx.recv_timeout(WAIT)
            .expect("supervise returned in time")
            .expect("supervise succeeded")
    }

    fn next_event(rx: &Receiver<Event>) -> Event {
        rx.recv_timeout(WAIT).expect("an event in time")
    }

    /// Polls `path` until its lines satisfy `ready`; the child writes it, so there is
    /// nothing to block on.
    fn wait_for_lines(path: &Path, ready: impl Fn(&[&str]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = fs::read_to_string(path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            if ready(&lines) {
                return lines.iter().map(|l| l.to_string()).collect();
            }
            assert!(
                Instant::now() < deadline,
                "gave up waiting; {path:?} has {text:?}"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// A watch on `dir` whose reload returns the queued results in turn, then `None`.
    fn watch_returning(
        dir: &Path,
        results: Vec<anyhow::Result<Option<Reload>>>,
        calls: Arc<AtomicUsize>,
    ) -> Watch {
        let mut results = results.into_iter();
        Watch {
            paths: vec![dir.to_path_buf()],
            reload: Box::new(move || {
                calls.fetch_add(1, Ordering::SeqCst);
                results.next().unwrap_or(Ok(None))
            }),
            on_change: OnChange::Restart,
            nudges: None,
            gate: None,
        }
    }

    fn reload_with(name: &str, value: &str, secrets: &[&str]) -> Reload {
        Reload {
            env: env_of(&[(name, value)]),
            changed: vec![name.to_string()],
            secrets: secrets.iter().map(|s| s.as_bytes().to_vec()).collect(),
        }
    }

    /// Simulates `secretscli set` writing the vault's WAL.
    fn write_vault(dir: &Path) {
        fs::write(dir.join("vault.db-wal"), b"frame").unwrap();
    }

    #[test]
    fn exit_codes_propagate() {
        for code in [0, 1, 42] {
            let got = supervise(sh(&format!("exit {code}"), &[]), Options::default()).unwrap();
            assert_eq!(got, code);
        }
    }

    #[test]
    fn a_child_killed_by_a_signal_gives_128_plus_the_signal() {
        assert_eq!(
            supervise(sh("kill -9 $$", &[]), Options::default()).unwrap(),
            137
        );
        assert_eq!(
            supervise(sh("kill -TERM $$", &[]), Options::default()).unwrap(),
            143
        );
    }

    #[test]
    fn exit_code_of_raw_statuses() {
        assert_eq!(exit_code(ExitStatus::from_raw(0)), 0);
        assert_eq!(exit_code(ExitStatus::from_raw(42 << 8)), 42);
        assert_eq!(exit_code(ExitStatus::from_raw(9)), 137);
        assert_eq!(exit_code(ExitStatus::from_raw(2)), 130);
    }

    #[test]
    fn the_child_gets_exactly_the_given_environment() {
        let out = Captured::default();
        let opts = Options {
            stdout: Some(Box::new(out.clone())),
            ..Options::default()
        };
        let spec = ChildSpec {
            program: "/usr/bin/env".into(),
            args: vec![],
            env: env_of(&[("FOO", "bar baz"), ("key-with.dots", "x")]),
        };
        assert_eq!(supervise(spec, opts).unwrap(), 0);
        let mut lines: Vec<String> = out.text().lines().map(String::from).collect();
        lines.sort();
        assert_eq!(
            lines,
            ["FOO=bar baz", "PATH=/usr/bin:/bin", "key-with.dots=x"]
        );
    }

    #[test]
    fn a_program_that_cannot_run_is_an_error_naming_it() {
        let spec = ChildSpec {
            program: "/nonexistent/prog".into(),
            args: vec![],
            env: env_of(&[("TOKEN", SECRET)]),
        };
        let err = supervise(spec, Options::default()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("/nonexistent/prog"), "{shown}");
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn masking_conceals_a_secret_split_across_two_writes_on_both_streams() {
        let (out, err) = (Captured::default(), Captured::default());
        let opts = Options {
            mask: Some(vec![SECRET.as_bytes().to_vec(), b"abc".to_vec()]),
            stdout: Some(Box::new(out.clone())),
            stderr: Some(Box::new(err.clone())),
            ..Options::default()
        };
        // Two printf builtins are two write(2)s; the sleep makes the pump read them apart.
        let script = r#"printf 'token=%s' "${T%%-*}"; sleep 0.2; printf -- '-%s abc\n' "${T#*-}"
                        printf 'err %s\n' "$T" >&2"#;
        let code = supervise(sh(script, &[("T", SECRET)]), opts).unwrap();
        assert_eq!(code, 0);
        assert_eq!(out.text(), format!("token={CONCEALED} abc\n"));
        assert_eq!(err.text(), format!("err {CONCEALED}\n"));
    }

    #[test]
    fn masked_output_is_drained_completely_before_returning() {
        let out = Captured::default();
        let opts = Options {
            mask: Some(vec![SECRET.as_bytes().to_vec()]),
            stdout: Some(Box::new(out.clone())),
            ..Options::default()
        };
        let script = "head -c 1000000 /dev/zero | tr '\\0' a; printf end; exit 3";
        assert_eq!(supervise(sh(script, &[]), opts).unwrap(), 3);
        let text = out.text();
        assert_eq!(text.len(), 1_000_003);
        assert!(text.ends_with("aend"));
    }

    #[test]
    fn a_forwarded_signal_reaches_the_child() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let script = r#"trap 'kill $!; echo usr1 >> "$LOG"; exit 5' USR1
                        echo ready >> "$LOG"; sleep 60 & wait"#;
        let log_str = log.to_str().unwrap();
        let (result, signals) = start(sh(script, &[("LOG", log_str)]), Options::default());
        wait_for_lines(&log, |l| l.contains(&"ready"));
        signals.send(Msg::Signal(SIGUSR1)).unwrap();
        assert_eq!(result_of(&result), 5);
        assert_eq!(fs::read_to_string(&log).unwrap(), "ready\nusr1\n");
    }

    #[test]
    fn watch_restarts_the_child_with_the_new_environment() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let (mut opts, events) = recording();
        let mut fresh = reload_with("V", "two", &[]);
        fresh.env.push(("LOG".into(), log_str.into()));
        opts.watch = Some(watch_returning(vault.path(), vec![Ok(Some(fresh))], calls));
        let script = r#"echo "$V" >> "$LOG"; [ "$V" = two ] && exit 7; exec sleep 60"#;
        let (result, _signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        assert_eq!(result_of(&result), 7);
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
        assert_eq!(
            next_event(&events),
            Event::Restarting {
                changed: vec!["V".into()]
            }
        );
        assert!(
            events.try_recv().is_err(),
            "sleep dies on SIGTERM: no SIGKILL"
        );
    }

    /// A child that logs `$V` and exits 7 once it runs with `V=two`, watched by a reload
    /// that returns `results` in turn; the run's result and the log.
    fn restartable(
        results: Vec<anyhow::Result<Option<Reload>>>,
        setup: impl FnOnce(&mut Watch),
    ) -> (
        Receiver<io::Result<i32>>,
        Sender<Msg>,
        PathBuf,
        tempfile::TempDir,
    ) {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap().to_string();
        let with_log = |r: anyhow::Result<Option<Reload>>| {
            r.map(|fresh| {
                fresh.map(|mut f| {
                    f.env.push(("LOG".into(), log_str.clone().into()));
                    f
                })
            })
        };
        let results = results.into_iter().map(with_log).collect();
        let mut watch = watch_returning(vault.path(), results, Arc::new(AtomicUsize::new(0)));
        setup(&mut watch);
        let opts = Options {
            watch: Some(watch),
            ..Options::default()
        };
        let script = r#"echo "$V" >> "$LOG"; [ "$V" = two ] && exit 7; exec sleep 60"#;
        let (result, sender) = start(sh(script, &[("V", "one"), ("LOG", &log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        (result, sender, log, scratch)
    }

    #[test]
    fn a_reload_that_finds_nothing_new_is_tried_once_more_after_the_settle_time() {
        // SQLite's commit may become visible just after the file event that woke us.
        let results = vec![Ok(None), Ok(Some(reload_with("V", "two", &[])))];
        let (result, sender, log, _scratch) = restartable(results, |_| {});
        sender.send(Msg::Changed).unwrap();
        assert_eq!(result_of(&result), 7);
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    }

    #[test]
    fn a_nudge_from_the_caller_reloads_without_any_file_event() {
        let (nudge, nudges) = mpsc::channel();
        let results = vec![Ok(Some(reload_with("V", "two", &[])))];
        let (result, _sender, log, _scratch) = restartable(results, |w| w.nudges = Some(nudges));
        nudge.send(()).unwrap();
        assert_eq!(result_of(&result), 7);
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    }

    /// Drops by saying so: a permit whose return the test can see.
    struct Returned(Sender<Instant>);

    impl Drop for Returned {
        fn drop(&mut self) {
            let _ = self.0.send(Instant::now());
        }
    }

    /// A gate that says when it is asked and grants when the test says so.
    fn test_gate(healthy_after: Duration) -> (Gate, Receiver<()>, Sender<()>, Receiver<Instant>) {
        let (asked_tx, asked) = mpsc::channel();
        let (grant, grants) = mpsc::channel::<()>();
        let (returned_tx, returned) = mpsc::channel();
        let gate = Gate {
            acquire: Box::new(move || {
                asked_tx.send(()).unwrap();
                grants.recv().unwrap();
                Box::new(Returned(returned_tx.clone()))
            }),
            healthy_after,
        };
        (gate, asked, grant, returned)
    }

    #[test]
    fn a_gated_restart_waits_for_its_permit_and_gives_it_back_once_the_new_child_ran_healthy_after()
    {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        let mut fresh = reload_with("V", "two", &[]);
        fresh.env.push(("LOG".into(), log_str.into()));
        let mut watch = watch_returning(vault.path(), vec![Ok(Some(fresh))], Arc::default());
        let healthy_after = Duration::from_millis(300);
        let (gate, asked, grant, returned) = test_gate(healthy_after);
        watch.gate = Some(gate);
        opts.watch = Some(watch);
        let script = r#"echo "$V" >> "$LOG"; exec sleep 60"#;
        let (result, signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        asked.recv_timeout(WAIT).expect("the gate was asked");
        // No permit yet: the old child runs on, untouched.
        assert!(events.try_recv().is_err());
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\n");
        // The new child starts after this, and holds the permit healthy_after from its start.
        let granted = Instant::now();
        grant.send(()).unwrap();
        assert!(matches!(next_event(&events), Event::Restarting { .. }));
        wait_for_lines(&log, |l| l == ["one", "two"]);
        let given_back = returned.recv_timeout(WAIT).expect("the permit came back");
        assert!(given_back >= granted + healthy_after);
        signals.send(Msg::Signal(SIGTERM)).unwrap();
        assert_eq!(result_of(&result), 143);
    }

    #[test]
    fn a_terminating_signal_while_waiting_for_a_permit_restarts_nothing_and_returns_the_late_permit()
     {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        let mut watch = watch_returning(
            vault.path(),
            vec![Ok(Some(reload_with("V", "two", &[])))],
            Arc::default(),
        );
        let (gate, asked, grant, returned) = test_gate(Duration::from_secs(60));
        watch.gate = Some(gate);
        opts.watch = Some(watch);
        let script = r#"trap 'exit 3' TERM; echo "$V" >> "$LOG"; sleep 60 & wait"#;
        let (result, signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        asked.recv_timeout(WAIT).expect("the gate was asked");
        signals.send(Msg::Signal(SIGTERM)).unwrap();
        assert_eq!(next_event(&events), Event::Stopping { signal: SIGTERM });
        assert_eq!(result_of(&result), 3);
        // The gate thread outlives the run; its permit, granted now, is given back unused.
        grant.send(()).unwrap();
        returned
            .recv_timeout(WAIT)
            .expect("the late permit came back");
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\n");
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn on_change_signal_sends_the_signal_and_keeps_the_child() {
        // SIGUSR1, not SIGHUP: under `nohup` (a CI runner, say) HUP is ignored, a child
        // inherits that, and a shell cannot trap a signal ignored on entry.
        assert!(
            !is_in(ignored_here(), SIGUSR1),
            "this test process ignores SIGUSR1, so no child could catch it; run the tests without that"
        );
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        let mut watch = watch_returning(vault.path(), vec![], Arc::new(AtomicUsize::new(0)));
        // The change counts only once the child has set its trap: a wake-up before that
        // (a directory event of the test's own setup) would signal a shell that cannot
        // catch it yet.
        let armed = Arc::new(AtomicBool::new(false));
        let mut fresh = Some(reload_with("V", "two", &[]));
        let is_armed = armed.clone();
        watch.reload = Box::new(move || match is_armed.load(Ordering::SeqCst) {
            true => Ok(fresh.take()),
            false => Ok(None),
        });
        watch.on_change = OnChange::Signal(SIGUSR1);
        opts.watch = Some(watch);
        let script = r#"trap 'kill $!; echo "usr1 $V" >> "$LOG"; exit 4' USR1
                        echo ready >> "$LOG"; sleep 60 & wait"#;
        let (result, _signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["ready"]);
        armed.store(true, Ordering::SeqCst);
        write_vault(vault.path());
        assert_eq!(result_of(&result), 4);
        assert_eq!(fs::read_to_string(&log).unwrap(), "ready\nusr1 one\n");
        assert_eq!(
            next_event(&events),
            Event::Signalled {
                changed: vec!["V".into()],
                signal: SIGUSR1
            }
        );
    }

    #[test]
    fn on_change_parses_restart_none_and_signal_names() {
        assert_eq!(OnChange::parse("restart"), Ok(OnChange::Restart));
        assert_eq!(OnChange::parse("none"), Ok(OnChange::Nothing));
        assert_eq!(OnChange::parse("signal:HUP"), Ok(OnChange::Signal(SIGHUP)));
        assert_eq!(
            OnChange::parse("signal:sigusr1"),
            Ok(OnChange::Signal(SIGUSR1))
        );
        assert_eq!(OnChange::parse("signal:10"), Ok(OnChange::Signal(10)));
        assert!(OnChange::parse("signal:BOGUS").is_err());
        assert!(OnChange::parse("reboot").is_err());
    }

    #[test]
    fn a_child_that_ignores_sigterm_is_killed_after_the_grace_period() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        opts.grace = Duration::from_millis(300);
        let mut fresh = reload_with("V", "two", &[]);
        fresh.env.push(("LOG".into(), log_str.into()));
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(Some(fresh))],
            Arc::default(),
        ));
        // An ignored signal stays ignored across exec, so `sleep` ignores TERM too.
        let script = r#"trap '' TERM; echo "$V" >> "$LOG"; [ "$V" = two ] && exit 0
                        exec sleep 60"#;
        let began = Instant::now();
        let (result, _signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        assert_eq!(result_of(&result), 0);
        assert!(began.elapsed() >= Duration::from_millis(300));
        assert!(matches!(next_event(&events), Event::Restarting { .. }));
        assert_eq!(
            next_event(&events),
            Event::Killed {
                after: Duration::from_millis(300)
            }
        );
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");
    }

    #[test]
    fn an_unchanged_or_failed_reload_keeps_the_child_running() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let calls = Arc::new(AtomicUsize::new(0));
        let (mut opts, events) = recording();
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(None), Err(anyhow::anyhow!("vault is locked"))],
            Arc::clone(&calls),
        ));
        let script = r#"echo $$ >> "$LOG"; exec sleep 60"#;
        let (result, _signals) = start(sh(script, &[("LOG", log_str)]), opts);
        let pid = wait_for_lines(&log, |l| l.len() == 1)[0].parse().unwrap();
        // The first write (and any burst with it) reloads to "unchanged"; keep writing
        // until the second reload has failed.
        let failed = loop {
            write_vault(vault.path());
            match events.recv_timeout(Duration::from_millis(50)) {
                Ok(event) => break event,
                Err(_) => assert!(calls.load(Ordering::SeqCst) < 1000),
            }
        };
        assert_eq!(
            failed,
            Event::ReloadFailed {
                error: "vault is locked".into()
            }
        );
        // Still the first child: the same pid takes the signal and its status is ours.
        let pid = Pid::from_raw(pid).unwrap();
        rustix::process::kill_process(pid, Signal::TERM).unwrap();
        assert_eq!(result_of(&result), 143);
        assert_eq!(fs::read_to_string(&log).unwrap().lines().count(), 1);
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn a_terminating_signal_in_watch_mode_ends_the_run_with_the_childs_status() {
        let vault = tempfile::tempdir().unwrap();
        let (mut opts, events) = recording();
        let fresh = reload_with("V", "two", &[]);
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(Some(fresh))],
            Arc::default(),
        ));
        let (result, signals) = start(sh("exec sleep 60", &[("V", "one")]), opts);
        signals.send(Msg::Signal(SIGTERM)).unwrap();
        assert_eq!(result_of(&result), 143);
        assert_eq!(next_event(&events), Event::Stopping { signal: SIGTERM });
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn a_terminating_signal_during_a_restart_starts_no_new_child() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        opts.grace = Duration::from_millis(500);
        let mut fresh = reload_with("V", "two", &[]);
        fresh.env.push(("LOG".into(), log_str.into()));
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(Some(fresh))],
            Arc::default(),
        ));
        let script = r#"trap '' TERM; echo "$V" >> "$LOG"; exec sleep 60"#;
        let (result, signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        assert!(matches!(next_event(&events), Event::Restarting { .. }));
        signals.send(Msg::Signal(SIGTERM)).unwrap();
        assert_eq!(next_event(&events), Event::Stopping { signal: SIGTERM });
        assert!(matches!(next_event(&events), Event::Killed { .. }));
        assert_eq!(result_of(&result), 137);
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\n");
    }

    #[test]
    fn after_a_restart_the_new_secrets_are_masked() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let out = Captured::default();
        let (mut opts, _events) = recording();
        opts.mask = Some(vec![b"first-secret".to_vec()]);
        opts.stdout = Some(Box::new(out.clone()));
        let mut fresh = reload_with("V", "second-secret", &["second-secret"]);
        fresh.env.push(("LOG".into(), log_str.into()));
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(Some(fresh))],
            Arc::default(),
        ));
        let script = r#"echo "V=$V"; echo started >> "$LOG"
                        [ "$V" = second-secret ] && exit 0; exec sleep 60"#;
        let spec = sh(script, &[("V", "first-secret"), ("LOG", log_str)]);
        let (result, _signals) = start(spec, opts);
        wait_for_lines(&log, |l| l.len() == 1);
        write_vault(vault.path());
        assert_eq!(result_of(&result), 0);
        wait_for_lines(&log, |l| l.len() == 2);
        let text = out.text();
        assert!(!text.contains("first-secret"), "{text}");
        assert!(!text.contains("second-secret"), "{text}");
        assert_eq!(
            text.matches(&format!("V={CONCEALED}\n")).count(),
            2,
            "{text}"
        );
    }

    #[test]
    fn a_missing_watch_path_is_an_error_and_starts_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-dir");
        let marker = dir.path().join("ran");
        let opts = Options {
            watch: Some(watch_returning(&missing, vec![], Arc::default())),
            ..Options::default()
        };
        let script = format!("touch {}", marker.display());
        let err = supervise(sh(&script, &[]), opts).unwrap_err();
        assert!(err.to_string().contains("no-such-dir"), "{err}");
        assert!(!marker.exists());
    }

    #[test]
    fn reads_and_shm_changes_are_not_writes() {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind};
        let event = |kind, path: &str| notify::Event::new(kind).add_path(path.into());
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(may_be_a_write(&event(data, "/v/vault.db-wal")));
        assert!(may_be_a_write(&event(
            EventKind::Create(CreateKind::File),
            "/v/vault.db"
        )));
        assert!(may_be_a_write(&event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "/v/vault.db"
        )));
        assert!(!may_be_a_write(&event(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "/v/vault.db"
        )));
        assert!(!may_be_a_write(&event(data, "/v/vault.db-shm")));
        assert!(may_be_a_write(&notify::Event::new(EventKind::Any)));
    }

    #[test]
    fn signals_ignored_at_start_are_read_from_proc_status() {
        let status = "Name:\tsecretscli\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\n";
        let mask = ignored_signals(status);
        assert!(is_in(mask, SIGHUP));
        assert!(is_in(mask, 13)); // SIGPIPE, which Rust ignores at startup
        assert!(!is_in(mask, SIGTERM));
        assert!(!is_in(mask, 0) && !is_in(mask, 65));
        assert_eq!(ignored_signals("Name:\tno mask here\n"), 0);
        // Rust's runtime ignores SIGPIPE in this very process.
        let ours = ignored_signals(&fs::read_to_string("/proc/self/status").unwrap());
        assert!(is_in(ours, 13));
    }

    #[test]
    fn a_grace_period_too_long_to_add_still_restarts() {
        let (vault, scratch) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let log = scratch.path().join("log");
        let log_str = log.to_str().unwrap();
        let (mut opts, events) = recording();
        opts.grace = Duration::MAX;
        let mut fresh = reload_with("V", "two", &[]);
        fresh.env.push(("LOG".into(), log_str.into()));
        opts.watch = Some(watch_returning(
            vault.path(),
            vec![Ok(Some(fresh))],
            Arc::default(),
        ));
        let script = r#"echo "$V" >> "$LOG"; [ "$V" = two ] && exit 4; exec sleep 60"#;
        let (result, _signals) = start(sh(script, &[("V", "one"), ("LOG", log_str)]), opts);
        wait_for_lines(&log, |l| l == ["one"]);
        write_vault(vault.path());
        assert_eq!(result_of(&result), 4);
        assert!(matches!(next_event(&events), Event::Restarting { .. }));
    }

    #[test]
    fn debug_output_shows_names_never_values() {
        let spec = sh("true", &[("TOKEN", SECRET)]);
        let reload = reload_with("TOKEN", SECRET, &[SECRET]);
        let opts = Options {
            mask: Some(vec![SECRET.as_bytes().to_vec()]),
            ..Options::default()
        };
        for shown in [
            format!("{spec:?}"),
            format!("{reload:?}"),
            format!("{opts:?}"),
        ] {
            assert!(!shown.contains(SECRET), "{shown}");
        }
        assert!(format!("{spec:?}").contains("TOKEN=***"));
    }
}
