"""The vaults the inject bench scripts time: N items like a service's .env (values of 20-40
bytes, every tenth a database URL built from two others), in a private HOME whose agent
holds the key, so `inject` runs the way it does after `unlock`."""
import os
import random
import subprocess


def gen_env(n, rng):
    lines = []
    for i in range(n):
        name = f"SVC{i:05d}_{['API_KEY', 'PASSWORD', 'HOST', 'TOKEN', 'URL'][i % 5]}"
        if i % 10 == 9 and i >= 3:
            lines.append(f'{name}="postgres://app:${{SVC{i-1:05d}_TOKEN}}@${{SVC{i-2:05d}_HOST}}:5432/app{i}"')
            continue
        v = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(20, 40)))
        lines.append(f"{name}={v}")
    return "\n".join(lines) + "\n"


def home_env(home):
    """PATH and LANG of ours; HOME and every XDG directory inside `home`; the agent cache."""
    e = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG")}
    for k, sub in [("HOME", ""), ("XDG_DATA_HOME", "d"), ("XDG_CONFIG_HOME", "c"), ("XDG_RUNTIME_DIR", "r"),
                   ("XDG_STATE_HOME", "s"), ("XDG_CACHE_HOME", "k")]:
        p = os.path.join(home, sub)
        os.makedirs(p, mode=0o700, exist_ok=True)
        e[k] = p
    e["SECRETSCLI_KEY_CACHE"] = "agent"
    return e


def make_vault(binary, home, text):
    """`init`, `unlock` and `import` of `text` (a .env) in `home`; returns its environment.
    Fails unless the child of `inject` sees every name."""
    env = home_env(home)
    with open(os.path.join(home, ".env"), "w") as f:
        f.write(text)
    with open(os.path.join(home, "pass"), "w") as f:
        f.write("bench horse battery staple\n")
    run = lambda *a: subprocess.run([binary, *a], env=env, cwd=home, check=True, capture_output=True)
    run("init", "--name", "bench", "--kdf-memory", "8", "--kdf-iterations", "1",
        "--passphrase-file", os.path.join(home, "pass"))
    run("unlock", "--passphrase-file", os.path.join(home, "pass"))
    run("import", ".env")
    out = subprocess.run([binary, "inject", "--", "env", "-0"], env=env, cwd=home, check=True,
                         capture_output=True).stdout
    expected = text.count("\n")
    assert out.count(b"SVC") >= expected, (binary, home, expected)
    return env
