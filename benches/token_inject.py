#!/usr/bin/env python3
"""End-to-end time of `inject` with a service token (issue 12), side by side in one run:

    `true`                                   the floor: starting a process
    `secretscli -e tN inject -- true`        from a local vault (key cached in the agent)
    `SECRETSCLI_TOKEN=... inject -- true`    from an empty HOME, through a server on loopback

at N = 30 and 1,000 items, the cases interleaved run by run so drift hits them alike.
Prints median and p90 wall time (ms) and the ratio of each median to `true`'s and to the
vault's at the same size. The server is SQLite, on this machine, started by the script.

Usage: benches/token_inject.py BINARY [RUNS]   (a release build: cargo build --release)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
SIZES = (30, 1000)

work = tempfile.mkdtemp(prefix="tokbench")
home = os.path.join(work, "home")
os.makedirs(os.path.join(home, "run"))
ENV = {
    "PATH": os.environ["PATH"],
    "HOME": home,
    "XDG_DATA_HOME": f"{home}/.local/share",
    "XDG_CONFIG_HOME": f"{home}/.config",
    "XDG_CACHE_HOME": f"{home}/.cache",
    "XDG_RUNTIME_DIR": f"{home}/run",
    "SECRETSCLI_KEY_CACHE": "agent",
    "USER": "bench",
}


def cli(args, stdin=b"", extra=None):
    out = subprocess.run(
        [BIN, *args], env={**ENV, **(extra or {})}, input=stdin, capture_output=True
    )
    if out.returncode != 0:
        sys.exit(f"{args}: {out.stderr.decode()}")
    return out.stdout.decode()


server = subprocess.Popen(
    [BIN, "server", "--listen", "127.0.0.1:0", "--data", f"{work}/srv",
     "--bootstrap-token-file", f"{work}/bootstrap"],
    env={"PATH": ENV["PATH"], "HOME": work, "SECRETSCLI_LOG": "warn"},
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
)
url = None
for line in server.stderr:
    line = line.decode()
    if "listening on " in line:
        url = "http://" + line.split("listening on ")[1].split()[0]
        break
# Keep draining the server's stderr so it never blocks.
import threading  # noqa: E402

threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
try:
    bootstrap = open(f"{work}/bootstrap").read().strip()
    cli(["init", "--name", "bench", "--kdf-memory", "8", "--kdf-iterations", "1"], b"pass\n")
    cli(["unlock"], b"pass\n")
    cli(["login", url, "--name", "bench"], extra={"SECRETSCLI_TOKEN": bootstrap})
    tokens = {}
    for n in SIZES:
        cli(["env", "create", f"t{n}"])
        lines = "".join(f"KEY_{i:05d}=value-{i:05d}-{'x' * 24}\n" for i in range(n))
        path = os.path.join(work, f"t{n}.env")
        open(path, "w").write(lines)
        cli(["-e", f"t{n}", "import", path])
    cli(["push"])
    for n in SIZES:
        tokens[n] = cli(["token", "create", f"bench{n}", "-e", f"t{n}"]).strip()

    empty = os.path.join(work, "empty")
    os.makedirs(empty)
    cases = [("true", ["true"], ENV)]
    for n in SIZES:
        cases.append((f"vault inject {n}", [BIN, "-e", f"t{n}", "inject", "--", "true"], ENV))
        cases.append((f"token inject {n}", [BIN, "inject", "--", "true"],
                      {"PATH": ENV["PATH"], "HOME": empty, "SECRETSCLI_TOKEN": tokens[n]}))
    times = {name: [] for name, _, _ in cases}
    for r in range(RUNS + 3):
        for name, argv, env in cases:
            t0 = time.perf_counter()
            done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            dt = (time.perf_counter() - t0) * 1000
            if done.returncode != 0:
                sys.exit(f"{name}: exit {done.returncode}: {done.stderr.decode()}")
            if r >= 3:  # three warm-up rounds
                times[name].append(dt)
    assert not os.listdir(empty), "a token run wrote into HOME"
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"runs per case: {RUNS} (interleaved), server: SQLite on loopback")
    print(f"{'case':<20} {'median ms':>10} {'p90 ms':>8} {'x true':>7} {'x vault':>8}")
    for name, v in times.items():
        p90 = statistics.quantiles(v, n=10)[-1]
        vault = name.replace("token", "vault")
        vs_vault = f"{med[name] / med[vault]:.2f}" if name.startswith("token") else ""
        print(f"{name:<20} {med[name]:>10.2f} {p90:>8.2f} {med[name] / med['true']:>7.1f} {vs_vault:>8}")
finally:
    server.terminate()
    server.wait()
