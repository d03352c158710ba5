#!/usr/bin/env python3
# Usage: benches/feed.py [BIN]   (BIN: default target/release/secretscli; build it first with
#        `cargo build --release --locked`). CHANGES=50 WATCHERS=10000 SECS=8 by default.
"""The live-feed benchmarks of issue 13, with the real binary and real server processes on
loopback (nothing mocked, nothing in-process):

a) push-to-child-restart latency: device B runs `inject --watch --transport T --only K
   -- sh -c 'date +%s.%N >> starts; exec sleep 600'`; device A sets K and runs `push`,
   CHANGES times. One sample = from just before A's `push` process starts to the new
   child's first line (so it includes the push process itself: its median is printed
   apart). For T = ws and poll, with both devices on one SQLite node ("same node") and with
   A on node 1 and B on node 2 of one PostgreSQL database ("across nodes"; LISTEN/NOTIFY).
   Target p99 <= 250 ms (the seed asks <= 1 s).
b) idle WebSocket watchers: WATCHERS connections to one node (SQLite), each upgraded and
   following one env; the count the node holds (all upgrades answered 101) and its RSS
   before and after (VmRSS of the server process). Target: 10,000 under 50 MB extra.
   The bench raises its own RLIMIT_NOFILE (the server inherits it); the product does not.
   The connections are held by a second Python process (this script with `--hold`), whose
   asyncio loop answers the server's pings.
c) push throughput: pushes/s through the HTTP API, 8 closed-loop pushers each on its own env
   (1 item per push), SECS seconds after a 2 s warm-up, on the node of b), ROUNDS (2) times
   without and then with the WATCHERS connections open (they follow another env: this
   measures what idle connections cost a node, not the fan-out of one env to 10,000).
   Alternating rounds cancel the drift of a store that grows with every push. Target: with
   >= 80% of without, over all rounds.

PostgreSQL: SECRETSCLI_BENCH_DATABASE_URL, else SECRETSCLI_TEST_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/test, in a schema of its own (psql creates and drops it);
without it "across nodes" is skipped, saying so.
"""
import asyncio, base64, json, os, resource, statistics, subprocess, sys, tempfile, threading, time, uuid
import http.client

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/secretscli")
CHANGES = int(os.environ.get("CHANGES", "50"))
WATCHERS = int(os.environ.get("WATCHERS", "10000"))
SECS = float(os.environ.get("SECS", "8"))
PARTS = os.environ.get("PARTS", "latency,watchers").split(",")  # either alone to rerun one
PG_BASE = (os.environ.get("SECRETSCLI_BENCH_DATABASE_URL") or os.environ.get("SECRETSCLI_TEST_DATABASE_URL")
           or "postgres://postgres@127.0.0.1:5432/test")
PASS = "bench horse battery staple\n"
ROOT = None  # the run's temporary directory, made by main() (a `--hold` process needs none)
PUSHERS = 8
ROUNDS = int(os.environ.get("ROUNDS", "2"))  # c): without/with pairs, alternating


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def psql(sql):
    subprocess.run(["psql", PG_BASE, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True)


class Server:
    """`secretscli server` on 127.0.0.1:0, SQLite in a temp dir or `database_url`."""

    def __init__(self, name, database_url=None):
        d = os.path.join(ROOT, name)
        os.makedirs(d)
        token_file = os.path.join(d, "bootstrap")
        args = ["--database-url", database_url] if database_url else ["--data", os.path.join(d, "data")]
        env = {"PATH": os.environ["PATH"], "HOME": "/nonexistent", "SECRETSCLI_LOG": "warn"}
        self.proc = subprocess.Popen(
            [BIN, "server", "--listen", "127.0.0.1:0", "--bootstrap-token-file", token_file,
             "--max-watchers", str(WATCHERS + 100), *args],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in self.proc.stderr:
            if line.startswith("listening on "):
                self.addr = line.split()[2]
                break
        else:
            raise SystemExit(f"the server exited before listening ({name})")
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        self.url = f"http://{self.addr}"
        self.bootstrap = open(token_file).read().strip() if os.path.exists(token_file) else None

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Home:
    """A temp HOME with a vault (fast KDF), unlocked through the agent, like the tests'."""

    def __init__(self, name):
        self.dir = os.path.join(ROOT, name)
        self.env = {"PATH": os.environ["PATH"], "HOME": self.dir, "USER": name,
                    "SECRETSCLI_KEY_CACHE": "agent"}
        for var, sub in [("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                         ("XDG_CACHE_HOME", ".cache"), ("XDG_RUNTIME_DIR", "run")]:
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


def pair(url, bootstrap, tag):
    """Device A (first admin) and device B of the same user, both at `url`."""
    a = Home(f"a-{tag}")
    a.run("login", url, "--name", "a", extra={"SECRETSCLI_TOKEN": bootstrap})
    a.run("set", "K", stdin="v0")
    a.run("push")
    return a, join(a, url, tag)


def lines(path):
    try:
        with open(path) as f:
            return f.read().split()
    except FileNotFoundError:
        return []


def latency(a, b, transport):
    """CHANGES samples of push start -> new child's first line, and the push process times."""
    starts = os.path.join(b.dir, f"starts-{transport}")
    script = f"date +%s.%N >> {starts}; exec sleep 600"
    child = subprocess.Popen([BIN, "inject", "--watch", "--transport", transport, "--only", "K",
                              "--grace", "2s", "--", "sh", "-c", script],
                             env=b.env, cwd=b.dir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(lines(starts)) >= 1, "the first child")
        # Let the feed connect (its first read) before the first sample.
        time.sleep(1.0)
        samples, pushes = [], []
        for i in range(1, CHANGES + 1):
            a.run("set", "K", stdin=f"v{i}-{transport}")
            t0 = time.time()
            a.run("push")
            pushes.append(time.time() - t0)
            wait_for(lambda: len(lines(starts)) >= i + 1, f"restart {i}")
            samples.append(float(lines(starts)[i]) - t0)
        return samples, pushes
    finally:
        child.terminate()
        child.wait()


def wait_for(cond, what, limit=60.0):
    deadline = time.time() + limit
    while not cond():
        if time.time() > deadline:
            raise SystemExit(f"waited {limit:.0f} s for {what}")
        time.sleep(0.002)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


# ---- b) and c): API-level watchers and pushers -------------------------------------------

def api(addr, token, method, path, body=None):
    c = http.client.HTTPConnection(addr)
    c.request(method, path, body=None if body is None else json.dumps(body),
              headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None


def item(name, version):
    return {"op": "version", "name": name, "version": version, "kind": "secret", "literal": False,
            "key_version": 1, "wrapped_data_key": "A" * 80, "ciphertext": "B" * 92,
            "created_at": 1_700_000_000_000, "author": "owner@bench"}


def api_setup(s):
    owner = api(s.addr, s.bootstrap, "POST", "/v1/login",
                {"device_name": "owner@bench", "recipient": "age1owner", "user_name": "owner"})["token"]
    project = str(uuid.uuid4())
    api(s.addr, owner, "PUT", f"/v1/projects/{project}", {"name": "p"})
    envs = []
    for e in range(PUSHERS + 1):
        env = str(uuid.uuid4())
        api(s.addr, owner, "PUT", f"/v1/envs/{env}", {"project_id": project, "name": f"e{e}"})
        envs.append(env)
    return owner, envs[0], envs[1:]


async def hold_ws(addr, token, env, ready, stop):
    """One upgraded feed connection, answering pings until `stop` is set."""
    host, port = addr.split(":")
    r, w = await asyncio.open_connection(host, int(port))
    key = base64.b64encode(os.urandom(16)).decode()
    w.write((f"GET /v1/envs/{env}/changes/ws?since=0 HTTP/1.1\r\nHost: {addr}\r\n"
             f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
             f"Sec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n").encode())
    head = await r.readuntil(b"\r\n\r\n")
    if head[9:12] != b"101":
        ready.append(False)
        w.close()
        return
    ready.append(True)
    reader = asyncio.ensure_future(pings(r, w))
    await stop.wait()
    reader.cancel()
    w.close()


async def pings(r, w):
    while True:
        b0, b1 = await r.readexactly(2)
        n = b1 & 0x7F
        if n == 126:
            n = int.from_bytes(await r.readexactly(2), "big")
        elif n == 127:
            n = int.from_bytes(await r.readexactly(8), "big")
        payload = await r.readexactly(n)
        if b0 & 0x0F == 0x9:  # ping: a masked pong with the same payload
            mask = os.urandom(4)
            masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
            w.write(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)


async def pusher(addr, token, env, stop_at, measure_from, counts):
    host, port = addr.split(":")
    r, w = await asyncio.open_connection(host, int(port))
    rev, n = REVISIONS.get(env, 0), 0
    while time.perf_counter() < stop_at:
        body = json.dumps({"base_revision": rev, "idempotency_key": str(uuid.uuid4()), "force": False,
                           "changes": [item("K", rev + 1)]}).encode()
        w.write((f"POST /v1/envs/{env}/push HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body)
        head = await r.readuntil(b"\r\n\r\n")
        assert head[9:12] == b"200", head[:200]
        length = int(next(l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")))
        rev = json.loads(await r.readexactly(length))["revision"]
        if time.perf_counter() >= measure_from:
            n += 1
    REVISIONS[env] = rev
    w.close()
    counts.append(n)


# Each pusher's env revision (= its item's version), kept across the two throughput runs.
REVISIONS = {}


async def pushes_per_sec(addr, token, envs):
    start = time.perf_counter()
    measure_from, stop_at = start + 2.0, start + 2.0 + SECS
    counts = []
    await asyncio.gather(*[pusher(addr, token, e, stop_at, measure_from, counts) for e in envs])
    return sum(counts) / SECS


def watchers_and_throughput(s, owner, watched, pushed):
    """ROUNDS rounds of: throughput without watchers, WATCHERS opened by a separate process,
    throughput with them, watchers closed. Alternating cancels the drift of a store that
    grows with every push; a process of their own keeps the 10,000 sockets' pings off the
    pushers' event loop. The memory figure is the first round's (a fresh server)."""
    rounds = []
    for _ in range(ROUNDS):
        before = asyncio.run(pushes_per_sec(s.addr, owner, pushed))
        rss0 = s.rss_kib()
        holder = Holder(s.addr, owner, watched)
        time.sleep(1.0)
        rss1 = s.rss_kib()
        with_watchers = asyncio.run(pushes_per_sec(s.addr, owner, pushed))
        holder.close()
        rounds.append((holder.held, rss0, rss1, before, with_watchers))
    return rounds


class Holder:
    """This script again, as `--hold`: a process that opens WATCHERS feed connections,
    prints how many were upgraded, answers pings, and closes them all when stdin closes."""

    def __init__(self, addr, token, env):
        self.p = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--hold", addr, token, env,
                                   str(WATCHERS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        if not line:
            raise SystemExit(f"the watcher process ended before holding its connections (exit {self.p.wait()})")
        self.held = int(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=120)


async def hold(addr, token, env, n):
    ready, stop = [], asyncio.Event()
    holders = []
    for i in range(0, n, 500):  # in batches: the accept queue is finite
        batch = [asyncio.ensure_future(hold_ws(addr, token, env, ready, stop)) for _ in range(min(500, n - i))]
        holders += batch
        while len(ready) < i + len(batch):
            await asyncio.sleep(0.01)
    print(sum(ready), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    stop.set()
    await asyncio.gather(*holders, return_exceptions=True)


def main():
    global ROOT
    ROOT = tempfile.mkdtemp(prefix="feedbench")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 2 * WATCHERS + 1000))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    subprocess.run([BIN, "--version"], check=True, capture_output=True)
    log(f"binary {BIN}; CHANGES={CHANGES} WATCHERS={WATCHERS} SECS={SECS}; RLIMIT_NOFILE {want}; "
        f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    rows = []
    if "latency" in PARTS:
        latency_rows(rows)
    held = None
    if "watchers" in PARTS:
        log(f"b) c) {WATCHERS} idle WebSocket watchers; push throughput without and with them")
        s = Server("idle")
        owner, watched, pushed = api_setup(s)
        held = watchers_and_throughput(s, owner, watched, pushed)
        s.stop()
    report(rows, held)


def latency_rows(rows):
    s = Server("same")
    a, b = pair(s.url, s.bootstrap, "same")
    for transport in ["ws", "poll"]:
        log(f"a) same node, {transport}")
        rows.append(("same node", transport, *latency(a, b, transport)))
    s.stop()
    schema = "bench_" + uuid.uuid4().hex
    try:
        psql(f"CREATE SCHEMA {schema}")
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        schema = None
        log(f"a) across nodes: skipped (no PostgreSQL: {e})")
    if schema:
        sep = "&" if "?" in PG_BASE else "?"
        url = f"{PG_BASE}{sep}options=-csearch_path%3D{schema}"
        try:
            n1 = Server("n1", url)
            a = Home("a-x")
            a.run("login", n1.url, "--name", "a", extra={"SECRETSCLI_TOKEN": n1.bootstrap})
            n2 = Server("n2", url)
            a.run("set", "K", stdin="v0")
            a.run("push")
            b0 = join(a, n2.url, "x")
            for transport in ["ws", "poll"]:
                log(f"a) across nodes, {transport}")
                rows.append(("across nodes", transport, *latency(a, b0, transport)))
            n1.stop()
            n2.stop()
        finally:
            psql(f"DROP SCHEMA {schema} CASCADE")


def report(rows, idle):
    print("| feed | transport | p50 ms | p99 ms | max ms | push process p50 ms | target p99 <= 250 ms |")
    print("|---|---|---|---|---|---|---|")
    for where, transport, xs, pushes in rows:
        p99 = pct(xs, 99) * 1000
        print(f"| {where} | {transport} | {pct(xs, 50) * 1000:.0f} | {p99:.0f} | {max(xs) * 1000:.0f} | "
              f"{statistics.median(pushes) * 1000:.0f} | {'met' if p99 <= 250 else 'NOT met'} |")
    if idle:
        report_idle(idle)
    print(f"machine: {os.cpu_count()} cores, {os.uname().release}, load {os.getloadavg()[0]:.1f}; binary {BIN}")


def report_idle(rounds):
    held, rss0, rss1, _, _ = rounds[0]
    extra_mb = (rss1 - rss0) / 1024
    print()
    print(f"idle WebSocket watchers held: {held} of {WATCHERS}; server RSS {rss0 / 1024:.1f} MB -> "
          f"{rss1 / 1024:.1f} MB (+{extra_mb:.1f} MB, {(rss1 - rss0) / max(held, 1):.1f} KiB each); "
          f"target >= 10,000 under 50 MB extra: {'met' if held >= 10000 and extra_mb < 50 else 'NOT met'}")
    for i, (held, rss0, rss1, _, _) in enumerate(rounds[1:], 2):
        print(f"  round {i} (the same server again): {held} held, +{(rss1 - rss0) / 1024:.1f} MB")
    print(f"push throughput ({PUSHERS} pushers, {SECS:.0f} s a run), without / with the watchers, round by round:")
    for i, (held, _, _, before, with_w) in enumerate(rounds, 1):
        print(f"  round {i}: {before:.0f}/s / {with_w:.0f}/s with {held} ({with_w / before:.0%})")
    ratio = sum(r[4] for r in rounds) / sum(r[3] for r in rounds)
    print(f"all rounds: with / without {ratio:.0%}; target >= 80%: {'met' if ratio >= 0.8 else 'NOT met'}")


def join(a, url_b, tag):
    """Device B of a's user, logged in at url_b (maybe another node)."""
    b = Home(f"b-{tag}")
    ident = os.path.join(a.dir, "id.age")
    pw = {"SECRETSCLI_IDENTITY_PASSPHRASE": "bench pass", "SECRETSCLI_IDENTITY_WORK_FACTOR": "10"}
    a.run("identity", "export", "-o", ident, extra=pw)
    b.run("identity", "import", ident, extra=pw)
    token = a.run("invite", "--self").stdout.strip()
    out = b.run("login", url_b, "--name", "b", extra={"SECRETSCLI_TOKEN": token}).stderr
    a.run("device", "approve", "b", "--fingerprint", out.split("fingerprint: ")[1].split()[0])
    b.run("pull")
    return b


if __name__ == "__main__":
    if sys.argv[1:2] == ["--hold"]:
        addr, token, env, n = sys.argv[2:6]
        asyncio.run(hold(addr, token, env, int(n)))
    else:
        main()
