#!/bin/sh
# Peak memory of `secretscli import` for large files, one or more binaries side by side in
# one run (see benches/README.md). Usage:
#   benches/import_memory.sh BINARY [BINARY...]
# Each binary gets its own temporary HOME (fast KDF, key in the agent) and imports each
# generated file into a fresh environment; /usr/bin/time -f %M gives the peak RSS (KiB).
set -eu
[ "$#" -ge 1 ] || { echo "usage: $0 BINARY [BINARY...]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(10)
alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
def value(n): return "".join(random.choice(alpha) for _ in range(n))
size = 16 << 20
def write(name, head, line, tail, value_len):
    out, total, i = [head], len(head) + len(tail), 0
    while True:
        text = line(i, value(value_len))
        if total + len(text) > size: break
        out.append(text); total += len(text); i += 1
    out.append(tail)
    if name.endswith(".json"): out[-2] = out[-2].rstrip(",\n") + "\n"
    open(f"{d}/{name}", "w").write("".join(out))
    print(f"{name}: {total} bytes, {i} items", file=sys.stderr)
write("small.env", "", lambda i, v: f"KEY_{i:06d}={v}\n", "", 30)
write("small.json", "{\n", lambda i, v: f'"KEY_{i:06d}":"{v}",\n', "}\n", 24)
write("small.yaml", "", lambda i, v: f"KEY_{i:06d}: {v}\n", "", 28)
open(f"{d}/big-value.env", "w").write("SMALL=1\nBIG=" + value(8 << 20) + "\n")
print("big-value.env: one 8 MiB value", file=sys.stderr)
PY
printf '%-40s %-14s %10s %8s %6s\n' binary file peak_KiB seconds exit
n=0
for bin in "$@"; do
  n=$((n + 1))
  home="$work/home$n"
  mkdir -p "$home/run"
  run() {
    env -i PATH="$PATH" HOME="$home" XDG_DATA_HOME="$home/.local/share" \
      XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
      XDG_RUNTIME_DIR="$home/run" SECRETSCLI_KEY_CACHE=agent USER=bench "$@"
  }
  echo bench-passphrase | run "$bin" init --name bench --kdf-memory 8 --kdf-iterations 1 >/dev/null 2>&1
  echo bench-passphrase | run "$bin" unlock >/dev/null 2>&1
  c=0
  for file in small.env small.json small.yaml big-value.env; do
    c=$((c + 1))
    run "$bin" env create "case$c" >/dev/null 2>&1
    set +e
    out=$(run /usr/bin/time -f '%M %e' "$bin" -e "case$c" import --max-size 17MiB "$work/$file" 2>&1 >/dev/null)
    code=$?
    set -e
    stats=$(printf '%s\n' "$out" | tail -n 1)
    printf '%-40s %-14s %10s %8s %6s\n' "$bin" "$file" ${stats% *} ${stats#* } "$code"
    [ "$code" -eq 0 ] || printf '%s\n' "$out" | head -n 3 >&2
  done
  run "$bin" lock >/dev/null 2>&1 || true
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
