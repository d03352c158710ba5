#!/usr/bin/env python3
"""Read a key from a `secretscli serve --socket PATH` sidecar, then watch it.

Standard library only: http.client over a unix socket. Prints the key's value, then
waits (long-poll) and prints each new value, one per line, until --changes new values
were seen (0: forever). Run it as:

    python3 examples/sidecar.py /run/user/1000/secretscli.sock database.password --changes 1
"""

import argparse
import http.client
import json
import socket
import sys


class UnixHTTPConnection(http.client.HTTPConnection):
    """An HTTPConnection that connects to a unix socket instead of host:port."""

    def __init__(self, path, timeout=40):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.path)
        self.sock = sock


def get(path, url):
    """GET url on the sidecar: (status, revision, parsed JSON body)."""
    conn = UnixHTTPConnection(path)
    try:
        conn.request("GET", url)
        res = conn.getresponse()
        body = json.loads(res.read() or b"null")
        return res.status, int(res.getheader("secretscli-revision", "0")), body
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("socket")
    ap.add_argument("key")
    ap.add_argument("--changes", type=int, default=0)
    args = ap.parse_args()

    # The sidecar serves one environment; /healthz says which.
    _, _, health = get(args.socket, "/healthz")
    base = "/v1/config/%s/%s/%s" % (health["project"], health["env"], args.key)

    status, since, body = get(args.socket, base)
    if status != 200:
        print("error: %s" % body.get("message"), file=sys.stderr)
        return 1
    last = body["value"]
    print(last, flush=True)
    seen = 0
    while args.changes == 0 or seen < args.changes:
        status, since, body = get(args.socket, "%s?since=%d&wait=25" % (base, since))
        value = body["value"] if status == 200 else None
        if value != last:
            last = value
            seen += 1
            print(value if value is not None else "(deleted)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
