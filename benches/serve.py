#!/usr/bin/env python3
"""Throughput and latency of the local sidecar (`secretscli serve`, issue 14): `GET` of one
key at C concurrent keep-alive connections, over the unix socket and over loopback TCP
(with the bearer), for D seconds each. Prints requests/s and p50/p99 latency (ms), and the
issue's targets (>= 20,000 req/s, p99 <= 5 ms at 64 connections).

The load generator is one Python asyncio loop on the same 2 cores as the sidecar: it is
part of what is measured, and on a small machine it is often the limit, so read the
figures as a floor for the sidecar.

Usage: benches/serve.py BINARY [CONNECTIONS] [SECONDS]   (a release build: cargo build --release)
"""

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
CONNS = int(sys.argv[2]) if len(sys.argv) > 2 else 64
SECS = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
PASS = b"bench passphrase"

work = tempfile.mkdtemp(prefix="servebench")
home = os.path.join(work, "home")
os.makedirs(os.path.join(home, "run"))
ENV = {
    "PATH": os.environ["PATH"],
    "HOME": home,
    "XDG_DATA_HOME": os.path.join(home, ".local/share"),
    "XDG_CONFIG_HOME": os.path.join(home, ".config"),
    "XDG_CACHE_HOME": os.path.join(home, ".cache"),
    "XDG_RUNTIME_DIR": os.path.join(home, "run"),
    "SECRETSCLI_KEY_CACHE": "agent",
}


def sc(*args, stdin=b""):
    subprocess.run([BIN, *args], input=stdin, env=ENV, cwd=home, check=True,
                   stdout=subprocess.DEVNULL)


def start(*args):
    """Starts `serve ARGS`; returns the process and where it serves (from stderr)."""
    p = subprocess.Popen([BIN, "serve", *args], env=ENV, cwd=home,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    for line in p.stderr:
        line = line.decode()
        if line.startswith("serving ") and " on " in line:
            return p, line.rsplit(" on ", 1)[1].strip()
    raise SystemExit("the sidecar exited before serving")


async def worker(open_conn, request, until, lat):
    reader, writer = await open_conn()
    n = 0
    while time.perf_counter() < until:
        t0 = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for h in head.split(b"\r\n"):
            if h.lower().startswith(b"content-length:"):
                length = int(h.split(b":", 1)[1])
        body = await reader.readexactly(length)
        if not head.startswith(b"HTTP/1.1 200"):
            raise SystemExit("unexpected answer: %r %r" % (head, body))
        lat.append(time.perf_counter() - t0)
        n += 1
    writer.close()
    return n


async def load(open_conn, request):
    lat = []
    until = time.perf_counter() + SECS
    t0 = time.perf_counter()
    counts = await asyncio.gather(*(worker(open_conn, request, until, lat)
                                    for _ in range(CONNS)))
    took = time.perf_counter() - t0
    lat.sort()
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
    return sum(counts) / took, pct(0.50), pct(0.99)


def report(name, rps, p50, p99):
    verdict = "meets" if rps >= 20000 and p99 <= 5 else "misses"
    print("%-6s %5d conns  %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%s the target)"
          % (name, CONNS, rps, p50, p99, verdict))


def main():
    sc("init", "--name", "bench", "--kdf-memory", "8", "--kdf-iterations", "1", stdin=PASS)
    sc("unlock", stdin=PASS)
    sc("set", "database.password", stdin=b"s3cret-value-for-the-bench")
    path = "/v1/config/bench/dev/database.password"
    sock = os.path.join(work, "s.sock")
    unix, _ = start("--socket", sock)
    bearer_file = os.path.join(work, "bearer")
    tcp, url = start("--listen", "127.0.0.1:0", "--bearer-file", bearer_file)
    try:
        req = ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode()
        report("unix", *asyncio.run(load(lambda: asyncio.open_unix_connection(sock), req)))
        bearer = open(bearer_file).read().strip()
        host, port = url.removeprefix("http://").rsplit(":", 1)
        req = ("GET %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n"
               % (path, bearer)).encode()
        report("tcp", *asyncio.run(load(lambda: asyncio.open_connection(host, int(port)), req)))
    finally:
        for p in (unix, tcp):
            p.terminate()
            p.wait()
        sc("lock")
        shutil.rmtree(work, ignore_errors=True)
    print("binary: %s; %d cores" % (BIN, os.cpu_count()))


main()
