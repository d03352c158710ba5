#!/usr/bin/env python3
# Usage: benches/team.py [BIN]   (BIN: default target/release/secretscli; build it first with
#        `cargo build --release --locked`). RUNS=5 SECS=8 STORES=sqlite,postgres by default.
"""The three team benchmarks of issue 11, with the real binary and real server processes on
loopback (nothing mocked, nothing in-process):

a) `member add bob --role reader -e envN`: bob has 5 approved devices, envN has 20 key
   versions (19 `rotate-key` + `push` after the first push), so the command wraps 100 env
   keys (20 versions x 5 devices) and uploads them. Target <= 200 ms. Each run uses a fresh
   env (so it really wraps all 100); bob's devices are pinned by the first run, which is
   reported apart (it also pins on first use).
b) `member rm bob -e big` with rotation on a 1,000-item env that bob could read (5 devices):
   the server drops his wraps, the command lists the 1,000 exposed names and starts key
   version N+1 for the rest (lazy rewrap, the default), and with `--now` (every data key
   rewrapped and pushed). Target <= 1 s. Each run re-adds bob first (untimed).
c) `GET /v1/envs/{id}/snapshot` reads/s, 64 keep-alive connections, closed loop, on two
   servers running side by side in this run: "single user" (one user, one project, one
   30-item env) and "1,000 members" (the same, plus 1,000 users who are members of the
   project, 100 envs of 30 items each in it). The reader is the project's creator on both,
   reading the same kind of env. Rounds alternate the two servers; each round is a 2 s
   warm-up and SECS measured. Target: the 1,000-member figure >= 80% of the single-user one.
   The load generator is Python asyncio (raw HTTP/1.1, one request in flight per
   connection); it shares the 2 cores with the server, equally for both servers, so the
   ratio is the figure to read, not the absolute rate (`cargo bench --bench server` has the
   Rust generator for absolute figures).

Every timed command is checked (exit 0, and what it printed: 100 wraps given, 1,000
exposed names, 30 items per snapshot). Medians over RUNS runs; p10/p90 shown.
PostgreSQL: SECRETSCLI_BENCH_DATABASE_URL, else SECRETSCLI_TEST_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/test, in a schema of its own (psql creates and drops it).
"""
import asyncio, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time, uuid
import http.client

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/secretscli")
RUNS = int(os.environ.get("RUNS", "5"))
SECS = float(os.environ.get("SECS", "8"))
STORES = os.environ.get("STORES", "sqlite,postgres").split(",")
PG_BASE = (os.environ.get("SECRETSCLI_BENCH_DATABASE_URL") or os.environ.get("SECRETSCLI_TEST_DATABASE_URL")
           or "postgres://postgres@127.0.0.1:5432/test")
PASS = "bench horse battery staple\n"
CONNECTIONS = 64
MEMBERS = int(os.environ.get("MEMBERS", "1000"))  # smaller only to try the script out
ROOT = tempfile.mkdtemp(prefix="teambench")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- servers and homes -------------------------------------------------------------------

class Server:
    """`secretscli server` on 127.0.0.1:0 (SQLite in a temp dir, or a PostgreSQL schema)."""

    def __init__(self, store, name):
        d = os.path.join(ROOT, name)
        os.makedirs(d)
        token_file = os.path.join(d, "bootstrap")
        self.schema = None
        if store == "sqlite":
            args = ["--data", os.path.join(d, "data")]
        else:
            self.schema = "bench_" + uuid.uuid4().hex
            psql(f"CREATE SCHEMA {self.schema}")
            sep = "&" if "?" in PG_BASE else "?"
            args = ["--database-url", f"{PG_BASE}{sep}options=-csearch_path%3D{self.schema}"]
        env = {"PATH": os.environ["PATH"], "HOME": "/nonexistent", "SECRETSCLI_LOG": "warn"}
        self.proc = subprocess.Popen(
            [BIN, "server", "--listen", "127.0.0.1:0", "--bootstrap-token-file", token_file, *args],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:
            if line.startswith("listening on "):
                self.addr = line.split()[2]
                break
        else:
            raise SystemExit(f"the server exited before listening ({store})")
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        self.url = f"http://{self.addr}"
        with open(token_file) as f:
            self.bootstrap = f.read().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()
        if self.schema:
            psql(f"DROP SCHEMA {self.schema} CASCADE")


def psql(sql):
    subprocess.run(["psql", PG_BASE, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True)


class Home:
    """A temp HOME with a vault (fast KDF), unlocked through the agent, like the tests'."""

    def __init__(self, name):
        self.dir = os.path.join(ROOT, name)
        self.env = {"PATH": os.environ["PATH"], "HOME": self.dir, "USER": name,
                    "SECRETSCLI_KEY_CACHE": "agent"}
        for var, sub in [("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                         ("XDG_CACHE_HOME", ".cache"), ("XDG_RUNTIME_DIR", "run"), ("XDG_STATE_HOME", "s")]:
            os.makedirs(os.path.join(self.dir, sub), mode=0o700, exist_ok=True)
            self.env[var] = os.path.join(self.dir, sub)
        self.run("init", "--name", "app", "--kdf-memory", "8", "--kdf-iterations", "1", stdin=PASS)
        self.run("unlock", stdin=PASS)

    def run(self, *args, stdin=None, extra=None):
        env = dict(self.env, **(extra or {}))
        r = subprocess.run([BIN, *args], env=env, cwd=self.dir, input=stdin, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"{os.path.basename(self.dir)}: {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
        return r

    def timed(self, *args):
        t0 = time.perf_counter()
        r = self.run(*args)
        return time.perf_counter() - t0, r

    def login(self, server, token, device, user=None):
        args = ["login", server.url, "--name", device] + (["--user", user] if user else [])
        return self.run(*args, extra={"SECRETSCLI_TOKEN": token})


def api(server, token, method, path, body=None):
    c = http.client.HTTPConnection(server.addr)
    c.request(method, path, body=None if body is None else json.dumps(body),
              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None


def summary(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=10) if len(xs) > 1 else [xs[0]] * 9
    return statistics.median(xs), q[0], q[-1]


# ---- a) and b): member add / member rm as processes ---------------------------------------

def team_setup(server):
    """alice (admin of project app) and bob with 5 approved devices."""
    alice = Home(f"alice-{server.addr.split(':')[1]}")
    alice.login(server, server.bootstrap, "alice@laptop", "alice")
    bob = [Home(f"bob{i}-{server.addr.split(':')[1]}") for i in range(5)]
    t = alice.run("invite", "--user", "bob").stdout.strip()
    bob[0].login(server, t, "bob@d0", "bob")
    for i, home in enumerate(bob[1:], 1):
        t = bob[0].run("invite", "--self").stdout.strip()
        out = home.login(server, t, f"bob@d{i}").stderr
        fp = out.split("fingerprint: ")[1].split()[0]
        bob[0].run("device", "approve", f"bob@d{i}", "--fingerprint", fp)
    return alice, bob


def env_with_key_versions(alice, name, versions):
    alice.run("env", "create", name)
    alice.run("-e", name, "set", "FIRST", stdin="v0")
    alice.run("-e", name, "push")
    for v in range(2, versions + 1):
        alice.run("-e", name, "rotate-key")
        alice.run("-e", name, "set", "FIRST", stdin=f"v{v}")
        alice.run("-e", name, "push")


def bench_member_add(alice, bob_last):
    times = []
    for i in range(RUNS + 1):
        name = f"add{i}"
        env_with_key_versions(alice, name, 20)
        secs, r = alice.timed("-e", name, "member", "add", "bob", "--role", "reader")
        text = r.stdout + r.stderr
        assert "bob" in text, text
        times.append(secs)
    # The wraps really landed: bob's last device opens the newest env's newest value.
    bob_last.run("-e", name, "pull")
    got = bob_last.run("-e", name, "get", "FIRST").stdout.strip()
    assert got == "v20", got
    return times[0], times[1:]


def bench_member_rm(alice, bob, now):
    name = "big-now" if now else "big"
    alice.run("env", "create", name)
    dotenv = "".join(f"SVC{i:04d}_TOKEN=value-{i:04d}-{'x' * 24}\n" for i in range(1000))
    path = os.path.join(alice.dir, f"{name}.env")
    with open(path, "w") as f:
        f.write(dotenv)
    alice.run("-e", name, "import", path)
    alice.run("-e", name, "push")
    times = []
    for _ in range(RUNS):
        alice.run("-e", name, "member", "add", "bob", "--role", "reader")
        bob[4].run("-e", name, "pull")  # bob really holds the keys he loses
        args = ["-e", name, "member", "rm", "bob", "--json"] + (["--now"] if now else [])
        secs, r = alice.timed(*args)
        out = json.loads(r.stdout)
        exposed = json.dumps(out)
        assert exposed.count("SVC") >= 1000, exposed[:500]
        assert '"outcome": "rotated"' in exposed or '"outcome":"rotated"' in exposed, exposed[-500:]
        times.append(secs)
    return times


# ---- c) snapshot reads under load ----------------------------------------------------------

def snapshot_server(store, members, envs):
    """A server where `owner` created project p with an env of 30 items; with `members`
    users given a project role and `envs - 1` more envs of 30 items. Returns (server,
    owner token, env id)."""
    s = Server(store, f"c-{store}-{members}")
    owner = api(s, s.bootstrap, "POST", "/v1/login",
                {"device_name": "owner@bench", "recipient": "age1owner", "user_name": "owner"})["token"]
    project = str(uuid.uuid4())
    api(s, owner, "PUT", f"/v1/projects/{project}", {"name": "p"})
    items = [{"op": "version", "name": f"KEY_{i:02d}", "version": 1, "kind": "secret", "literal": False,
              "key_version": 1, "wrapped_data_key": "A" * 80, "ciphertext": "B" * 92,
              "created_at": 1_700_000_000_000, "author": "owner@bench"} for i in range(30)]
    env_ids = []
    for e in range(envs):
        env = str(uuid.uuid4())
        api(s, owner, "PUT", f"/v1/envs/{env}", {"project_id": project, "name": f"e{e:03d}"})
        api(s, owner, "POST", f"/v1/envs/{env}/push",
            {"base_revision": 0, "idempotency_key": str(uuid.uuid4()), "force": False, "changes": items})
        env_ids.append(env)
    roles = ["viewer", "reader", "writer", "admin"]
    for m in range(members):
        inv = api(s, owner, "POST", "/v1/invites", {"expires_in_secs": 3600})["token"]
        api(s, inv, "POST", "/v1/login",
            {"device_name": f"u{m}@bench", "recipient": f"age1user{m}", "user_name": f"u{m:04d}"})
        body = {"role": roles[m % 4]}
        if m % 3 == 0:  # a third also get an env override, as teams do
            body = {"role": roles[(m + 1) % 4], "env_id": env_ids[m % envs]}
        api(s, owner, "PUT", f"/v1/projects/{project}/members/u{m:04d}", body)
    snap = api(s, owner, "GET", f"/v1/envs/{env_ids[-1]}/snapshot")
    assert len(snap["items"]) == 30, snap
    return s, owner, env_ids[-1]


async def one_conn(addr, req, stop_at, measure_from, counts):
    host, port = addr.split(":")
    r, w = await asyncio.open_connection(host, int(port))
    n = 0
    while True:
        now = time.perf_counter()
        if now >= stop_at:
            break
        w.write(req)
        head = await r.readuntil(b"\r\n\r\n")
        assert head[9:12] == b"200", head[:200]
        length = int(next(l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")))
        await r.readexactly(length)
        if now >= measure_from:
            n += 1
    w.close()
    counts.append(n)


def reads_per_sec(server, token, env):
    req = (f"GET /v1/envs/{env}/snapshot HTTP/1.1\r\nHost: {server.addr}\r\n"
           f"Authorization: Bearer {token}\r\n\r\n").encode()

    async def main():
        start = time.perf_counter()
        measure_from, stop_at = start + 2.0, start + 2.0 + SECS
        counts = []
        await asyncio.gather(*[one_conn(server.addr, req, stop_at, measure_from, counts)
                               for _ in range(CONNECTIONS)])
        return sum(counts) / SECS

    return asyncio.run(main())


# ---- main ----------------------------------------------------------------------------------

def main():
    subprocess.run([BIN, "--version"], check=True, capture_output=True)
    log(f"binary {BIN}; RUNS={RUNS} SECS={SECS}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    results = {}
    for store in STORES:
        if store == "postgres":
            try:
                psql("SELECT 1")
            except (subprocess.CalledProcessError, FileNotFoundError) as e:
                log(f"postgres: skipped ({e})")
                continue
        log(f"{store}: a) b) setting up alice and bob's 5 devices")
        s = Server(store, f"ab-{store}")
        try:
            alice, bob = team_setup(s)
            log(f"{store}: a) member add, 20 key versions x 5 devices")
            first, add = bench_member_add(alice, bob[4])
            log(f"{store}: b) member rm on 1,000 items")
            rm = bench_member_rm(alice, bob, now=False)
            rm_now = bench_member_rm(alice, bob, now=True)
        finally:
            s.stop()
        log(f"{store}: c) seeding the 1,000-member server")
        single, owner1, env1 = snapshot_server(store, 0, 1)
        big, owner2, env2 = snapshot_server(store, MEMBERS, 100)
        try:
            one, many = [], []
            for rnd in range(RUNS):
                one.append(reads_per_sec(single, owner1, env1))
                many.append(reads_per_sec(big, owner2, env2))
                log(f"{store}: c) round {rnd + 1}: single {one[-1]:.0f}/s, 1,000 members {many[-1]:.0f}/s")
        finally:
            single.stop()
            big.stop()
        results[store] = (first, add, rm, rm_now, one, many)
    print(f"\nload average after the run: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores); RUNS={RUNS}, SECS={SECS}\n")
    print("| store | case | median | p10 | p90 | target | verdict |")
    print("|---|---|---:|---:|---:|---|---|")
    for store, (first, add, rm, rm_now, one, many) in results.items():
        def row(case, xs, target, ok_if, unit="ms", scale=1000):
            m, lo, hi = summary(xs)
            verdict = "" if not target else "met" if ok_if(m) else "MISSED"
            print(f"| {store} | {case} | {m * scale:.0f} {unit} | {lo * scale:.0f} | {hi * scale:.0f} | {target} | {verdict} |")
        row("a) member add, 5 devices x 20 key versions", add, "<= 200 ms", lambda m: m <= 0.2)
        print(f"| {store} | a) the same, first run (pins bob's 5 devices) | {first * 1000:.0f} ms | | | | |")
        row("b) member rm, 1,000 items, lazy rotation", rm, "<= 1 s", lambda m: m <= 1.0)
        row("b) member rm --now, 1,000 items rewrapped", rm_now, "<= 1 s", lambda m: m <= 1.0)
        row("c) snapshot reads/s, single user", one, "", lambda m: True, "/s", 1)
        row("c) snapshot reads/s, 1,000 members, 100 envs", many, "", lambda m: True, "/s", 1)
        ratio = statistics.median(many) / statistics.median(one)
        print(f"| {store} | c) 1,000 members / single user | {ratio * 100:.0f}% | | | >= 80% | "
              f"{'met' if ratio >= 0.8 else 'MISSED'} |")
    shutil.rmtree(ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
