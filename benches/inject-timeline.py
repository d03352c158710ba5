#!/usr/bin/env python3
# Usage (root, or perf allowed to place uprobes): benches/inject-timeline.py BIN [DOTENVY_BIN]
#   RUNS=300 by default. BIN must keep its symbols: build it as the release does, plus
#   CARGO_PROFILE_RELEASE_STRIP=false CARGO_PROFILE_RELEASE_DEBUG=line-tables-only.
"""Where one `inject -- true` spends its wall time, phase by phase, at 50 and 1,000 items.

Uprobes on function entries of the real binary (perf probe) and the kernel's exec/exit
tracepoints give each run a timeline from the parent's execve to the child's exit; the
table is the median of every phase over RUNS runs. dotenvy's run (execve, its own work,
the exec of `true`, `true`) is timed the same way, without probes, as the peer's floor.
Each probe costs about a microsecond per hit, so phases read slightly long."""
import os
import random
import shutil
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inject_vault import gen_env, make_vault  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
DOTENVY = sys.argv[2] if len(sys.argv) > 2 else None
RUNS = int(os.environ.get("RUNS", "300"))
ROOT = os.path.join(os.environ.get("TMPDIR", "/tmp"), "inject-timeline")
GROUP = "secretscli_timeline"

# Function entries in the order one run reaches them; (label, demangled symbol).
PROBES = [
    ("libc start", "__libc_start_main_impl"),
    ("self-relocation", "_dl_relocate_static_pie"),
    ("TLS set-up", "__libc_setup_tls"),
    ("C main", "main"),
    ("our parser", "secretscli::cli::parse::parser"),
    ("clap parse", "clap_builder::builder::command::Command::_do_parse"),
    ("from_arg_matches", "<secretscli::cli::Cli as clap_builder::derive::FromArgMatches>::from_arg_matches_mut"),
    ("dispatch", "secretscli::cli::dispatch"),
    ("Vault::open", "secretscli::vault::Vault::open"),
    ("sqlite3_open_v2", "sqlite3_open_v2"),
    ("check_is_vault", "secretscli::vault::check_is_vault"),
    ("WAL index read", "walIndexReadHdr"),
    ("schema parse", "sqlite3InitOne"),
    ("read header", "secretscli::vault::Vault::with_header"),
    ("unlock", "secretscli::cli::session::unlock_without_asking"),
    ("agent round trip", "secretscli::crypto::agent::get"),
    ("key check", "secretscli::vault::keys::<impl secretscli::vault::Vault>::unlock_with_key"),
    ("reveal items", "secretscli::vault::items::<impl secretscli::vault::Vault>::reveal_all_at"),
    ("interpolate + plan", "secretscli::inject::plan"),
    ("audit entry", "secretscli::vault::audit::<impl secretscli::vault::Vault>::record_reveal"),
    ("close vault", "secretscli::sqlite::tidy_wal"),
    ("exec", "secretscli::inject::exec::try_exec"),
]
EVENTS = ["-e", "sched:sched_process_exec", "-e", "sched:sched_process_exit", "-e", "syscalls:sys_enter_execve"]


def die(msg):
    sys.exit(f"inject-timeline: {msg}")


def symbols(binary):
    """Demangled name -> address, from the binary's own symbol table."""
    out = subprocess.run(["nm", "-C", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and parts[1] in "tTwW":
            found.setdefault(parts[2], int(parts[0], 16))
    return found


def file_offset(binary, addr):
    """uprobes take file offsets: map `addr` through the LOAD segment that holds it."""
    out = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        p = line.split()
        if p and p[0] == "LOAD":
            off, vaddr, filesz = int(p[1], 16), int(p[2], 16), int(p[4], 16)
            if vaddr <= addr < vaddr + filesz:
                return addr - vaddr + off
    die(f"address {addr:#x} is in no LOAD segment of {binary}")


def place_probes():
    subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)
    syms = symbols(BIN)
    if "secretscli::cli::dispatch" not in syms:
        die(f"{BIN} has no symbols; build it with CARGO_PROFILE_RELEASE_STRIP=false")
    for i, (label, sym) in enumerate(PROBES):
        if sym not in syms:
            print(f"note: no symbol {sym} (inlined?); phase '{label}' merges into the one before")
            continue
        name = f"p{i:02d}"
        r = subprocess.run(["perf", "probe", "-q", "-x", BIN, "-a",
                            f"{GROUP}:{name}=0x{file_offset(BIN, syms[sym]):x}"], capture_output=True, text=True)
        if r.returncode != 0:
            die(f"perf probe failed for {sym} (root, or perf_event_paranoid <= 1, is needed): {r.stderr.strip()}")


def repeated(*argv):
    """`argv` RUNS times in a row, from one shell (a mark's pid is one run)."""
    return ["sh", "-c", f'i=0; while [ $i -lt {RUNS} ]; do "$@"; i=$((i+1)); done', "sh", *argv]


def record(argv_loop, env, cwd, with_probes):
    data = os.path.join(ROOT, "perf.data")
    probes = ["-e", f"{GROUP}:*"] if with_probes else []
    subprocess.run(["perf", "record", "-q", "-o", data, *probes, *EVENTS, "--", *argv_loop],
                   env=env, cwd=cwd, check=True, capture_output=True)
    out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,time,event"],
                         capture_output=True, text=True, check=True).stdout
    return out


def phases(script_out):
    """Median duration of each phase: from one mark to the next, per run (pid)."""
    label = {f"p{i:02d}": l for i, (l, _) in enumerate(PROBES)}
    runs = {}
    for line in script_out.splitlines():
        p = line.split()
        if len(p) < 4:
            continue
        comm, pid, t, ev = p[0], p[1], float(p[2].rstrip(":")), p[3].rstrip(":").split(":")[-1]
        if ev == "sys_enter_execve":
            ev = f"execve by {comm}"
        elif ev == "sched_process_exec":
            ev = f"{comm} starts"
        elif ev == "sched_process_exit":
            ev = f"{comm} exits"
        else:
            ev = label.get(ev, ev)
        marks = runs.setdefault(pid, [])
        if ev not in [m for _, m in marks]:  # first hit only (execvp tries each PATH entry)
            marks.append((t, ev))
    table, order = {}, []
    for marks in runs.values():
        if not marks or not marks[-1][1].endswith("exits") or len(marks) < 4:
            continue
        for (t0, a), (t1, b) in zip(marks, marks[1:]):
            key = f"{a} -> {b}"
            if key not in table:
                order.append(key)
            table.setdefault(key, []).append((t1 - t0) * 1e6)
        table.setdefault("total", []).append((marks[-1][0] - marks[0][0]) * 1e6)
    return [(k, statistics.median(table[k]), len(table[k])) for k in order + ["total"] if len(table[k]) >= RUNS // 2]


def main():
    if shutil.which("perf") is None:
        die("perf is not installed (Debian: apt-get install linux-perf)")
    shutil.rmtree(ROOT, ignore_errors=True)
    os.makedirs(ROOT)
    place_probes()
    results = {}
    try:
        for n in (50, 1000):
            home = os.path.join(ROOT, f"h{n}")
            os.makedirs(home)
            env = make_vault(BIN, home, gen_env(n, random.Random(7)))
            results[("inject", n)] = phases(record(repeated(BIN, "inject", "--", "true"), env, home, True))
            if DOTENVY:
                results[("dotenvy", n)] = phases(record(repeated(DOTENVY, "-f", ".env", "true"), env, home, False))
    finally:
        subprocess.run(["perf", "probe", "-q", "-d", f"{GROUP}:*"], capture_output=True)
    for (what, n), rows in results.items():
        print(f"\n{what}, {n} items: median of {RUNS} runs, microseconds")
        print("| from -> to | us |\n|---|---:|")
        for key, us, _ in rows:
            print(f"| {key} | {us:.0f} |")
    print("\nmachine:", os.uname().release, "nproc", os.cpu_count(), "load", os.getloadavg())


main()
