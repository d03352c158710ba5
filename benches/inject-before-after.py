#!/usr/bin/env python3
# Usage: benches/inject-before-after.py BEFORE_BIN AFTER_BIN DOTENVY_BIN  (SAMPLES=30 by default)
"""Side by side in one run: `inject -- true` of two secretscli binaries (before/after) and
the plaintext dotenvy CLI, at 50 and 1,000 items. Wall: interleaved rounds, median/p10/p90.
Instructions: valgrind callgrind, every process followed, summary lines summed."""
import os, random, shutil, statistics, subprocess, sys, time, glob

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inject_vault import gen_env, make_vault  # noqa: E402

BINS = {"before": sys.argv[1], "after": sys.argv[2]}
DOTENVY = sys.argv[3]
SAMPLES = int(os.environ.get("SAMPLES", "30"))
ROOT = os.path.join(os.environ.get("TMPDIR", "/tmp"), "inject-before-after")
shutil.rmtree(ROOT, ignore_errors=True)
os.makedirs(ROOT)
random.seed(7)
rng = random.Random(7)


cases = {}  # (label, n) -> (argv, env, cwd)
for n in (50, 1000):
    text = gen_env(n, rng)
    for label, b in BINS.items():
        home = os.path.join(ROOT, f"{label}-{n}")
        env = make_vault(b, home, text)
        cases[(f"inject {label}", n)] = ([b, "inject", "--", "true"], env, home)
    home = os.path.join(ROOT, f"before-{n}")
    env = {"PATH": os.environ["PATH"], "HOME": home}
    cases[("dotenvy", n)] = ([DOTENVY, "-f", ".env", "true"], env, home)

times = {k: [] for k in cases}
keys = list(cases)
for _ in range(3):  # warm-up
    for k in keys:
        subprocess.run(cases[k][0], env=cases[k][1], cwd=cases[k][2], check=True, capture_output=True)
for _ in range(SAMPLES):
    random.shuffle(keys)
    for k in keys:
        argv, env, cwd = cases[k]
        t = time.perf_counter()
        subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[k].append((time.perf_counter() - t) * 1000)


def instructions(k):
    argv, env, cwd = cases[k]
    d = os.path.join(ROOT, "cg-" + k[0].replace(" ", "_") + f"-{k[1]}")
    os.makedirs(d)
    subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--dump-before=execve",
                    "--dump-before=fork", f"--callgrind-out-file={d}/cg.%p", *argv],
                   env=env, cwd=cwd, check=True, capture_output=True)
    total = 0
    for f in glob.glob(d + "/cg.*"):
        for line in open(f, errors="replace"):
            if line.startswith("summary:"):
                total += int(line.split()[1])
    return total


print(f"{SAMPLES} interleaved samples per case; ms = wall per process (median [p10-p90]); "
      "instructions = callgrind, all processes")
print(f"{'case':<18}{'items':>6}{'median ms':>11}{'p10':>7}{'p90':>7}{'instr (M)':>11}")
res = {}
for k in sorted(cases, key=lambda k: (k[1], k[0])):
    t = sorted(times[k])
    q = statistics.quantiles(t, n=10)
    ins = instructions(k)
    res[k] = (statistics.median(t), ins)
    print(f"{k[0]:<18}{k[1]:>6}{statistics.median(t):>11.2f}{q[0]:>7.2f}{q[-1]:>7.2f}{ins/1e6:>11.2f}")
for n in (50, 1000):
    d = res[("dotenvy", n)]
    for label in ("before", "after"):
        m, ins = res[(f"inject {label}", n)]
        print(f"{n} items, inject {label}: {m - d[0]:+.2f} ms vs dotenvy (x{m / d[0]:.2f}), "
              f"instructions x{ins / d[1]:.2f} of dotenvy")
    b, a = res[("inject before", n)], res[("inject after", n)]
    print(f"{n} items, after/before: wall x{a[0] / b[0]:.2f}, instructions x{a[1] / b[1]:.2f}")
print("machine:", os.uname().release, "nproc", os.cpu_count(), "load", os.getloadavg())
