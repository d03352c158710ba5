#!/bin/sh
# Builds the release binary and installs it into a prefix (default ~/.local).
# Usage: ./install.sh [--prefix DIR] [--uninstall]
set -eu

prefix="${PREFIX:-$HOME/.local}"
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) echo "usage: ./install.sh [--prefix DIR] [--uninstall]"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

bin="$prefix/bin/secretscli"
if [ "$uninstall" = 1 ]; then
    rm -f "$bin" && echo "removed $bin"
    exit 0
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "install.sh: cargo not found; install Rust from https://rustup.rs and run this again" >&2
    exit 1
fi

cd "$(dirname "$0")"
cargo build --release --locked
mkdir -p "$prefix/bin"
install -m 0755 target/release/secretscli "$bin"
echo "installed $bin"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: add $prefix/bin to your PATH" ;;
esac
