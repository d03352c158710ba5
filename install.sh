#!/bin/sh
# Builds secretscli from this checkout and installs the binary, its shell completions and
# its man pages into a prefix; --uninstall removes exactly what an install put there.
#
#   ./install.sh                    # into ~/.local (or $PREFIX)
#   ./install.sh --prefix /usr/local
#   ./install.sh --uninstall [--prefix DIR]
#
# What went where is recorded in PREFIX/share/secretscli/install-manifest, one
# "file PATH" or "dir PATH" (a directory this script created) per line. Running the
# install again replaces the same files and keeps that record; uninstall reads it and
# touches nothing else. POSIX sh; checked with shellcheck.
set -eu

usage() {
    cat <<'EOF'
usage: ./install.sh [--prefix DIR] [--uninstall]

  --prefix DIR   install under DIR (default: $PREFIX, else ~/.local)
  --uninstall    remove what an earlier install put under the prefix
  -h, --help     this help

Environment: PREFIX (default prefix), SECRETSCLI_STATIC=0 (skip the static build on Linux).
EOF
}

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

prefix="${PREFIX:-}"
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix)
            [ $# -ge 2 ] || die "--prefix needs a directory"
            prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
if [ -z "$prefix" ]; then
    [ -n "${HOME:-}" ] || die "HOME is not set; pass --prefix DIR"
    prefix="$HOME/.local"
fi
case "$prefix" in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac

manifest="$prefix/share/secretscli/install-manifest"
bash_dir="$prefix/share/bash-completion/completions"
zsh_dir="$prefix/share/zsh/site-functions"
fish_dir="$prefix/share/fish/vendor_completions.d"
man_dir="$prefix/share/man/man1"

# Removes the directories listed on stdin ("dir PATH" lines), deepest first, if empty.
remove_dirs() {
    sed -n 's/^dir //p' | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2- |
        while IFS= read -r dir; do
            if rmdir "$dir" 2>/dev/null; then say "removed $dir/"; fi
        done
}

if [ "$uninstall" = 1 ]; then
    if [ ! -f "$manifest" ]; then
        say "nothing to uninstall: no $manifest"
        exit 0
    fi
    grep '^file ' "$manifest" | sed 's/^file //' | while IFS= read -r file; do
        if [ -e "$file" ] || [ -L "$file" ]; then
            rm -f "$file" && say "removed $file"
        fi
    done
    dirs="$(grep '^dir ' "$manifest" || true)"
    rm -f "$manifest"
    printf '%s\n' "$dirs" | remove_dirs
    exit 0
fi

if ! command -v cargo >/dev/null 2>&1; then
    die "cargo not found. Install Rust with rustup (https://rustup.rs), or your system's
package (e.g. 'apt-get install cargo'), then run ./install.sh again."
fi

cd "$(dirname "$0")"
[ -f Cargo.toml ] || die "run install.sh from a secretscli checkout"

# On Linux with glibc, link the C runtime statically: one file that runs on any Linux of
# the same architecture (SQLite is compiled in; there is no OpenSSL). The explicit
# --target keeps build scripts and proc-macros dynamic, which crt-static would break.
host="$(rustc -vV | sed -n 's/^host: //p')"
target_dir="${CARGO_TARGET_DIR:-target}"
built=""
case "$host" in
    *-linux-gnu)
        if [ "${SECRETSCLI_STATIC:-1}" != 0 ]; then
            say "building a static release binary for $host (a few minutes)..."
            if RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
                cargo build --release --locked --target "$host"; then
                built="$target_dir/$host/release/secretscli"
            else
                say "warning: the static build failed; building a dynamically linked binary" >&2
            fi
        fi ;;
esac
if [ -z "$built" ]; then
    say "building the release binary (a few minutes)..."
    cargo build --release --locked
    built="$target_dir/release/secretscli"
fi
[ -x "$built" ] || die "the build did not produce $built"

# Completions and man pages come from the binary just built, so they always match it.
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
trap 'exit 1' INT TERM
"$built" completions bash >"$staging/secretscli.bash"
"$built" completions zsh >"$staging/_secretscli"
"$built" completions fish >"$staging/secretscli.fish"
mkdir "$staging/man"
"$built" man --dir "$staging/man" 2>/dev/null

old_manifest="$staging/old-manifest"
if [ -f "$manifest" ]; then cp "$manifest" "$old_manifest"; else : >"$old_manifest"; fi
new_manifest="$staging/manifest"
: >"$new_manifest"

# mkdir -p that records each directory it creates (and keeps earlier records).
make_dir() {
    missing=""
    d="$1"
    while [ ! -d "$d" ]; do
        missing="$d
$missing"
        d="$(dirname "$d")"
    done
    mkdir -p "$1"
    printf '%s' "$missing" | while IFS= read -r d; do
        [ -n "$d" ] && printf 'dir %s\n' "$d" >>"$new_manifest"
    done
    return 0
}

# install_file SOURCE DEST MODE [quiet]
install_file() {
    make_dir "$(dirname "$2")"
    # Copy beside the target, then rename: a running secretscli keeps its old inode.
    cp "$1" "$2.tmp.$$"
    chmod "$3" "$2.tmp.$$"
    mv -f "$2.tmp.$$" "$2"
    printf 'file %s\n' "$2" >>"$new_manifest"
    [ "${4:-}" = quiet ] || say "installed $2"
}

install_file "$built" "$prefix/bin/secretscli" 755
install_file "$staging/secretscli.bash" "$bash_dir/secretscli" 644
install_file "$staging/_secretscli" "$zsh_dir/_secretscli" 644
install_file "$staging/secretscli.fish" "$fish_dir/secretscli.fish" 644
pages=0
for page in "$staging/man"/*.1; do
    install_file "$page" "$man_dir/$(basename "$page")" 644 quiet
    pages=$((pages + 1))
done
say "installed $pages man pages in $man_dir (secretscli.1, secretscli-COMMAND.1, ...)"

# Files an earlier install put here that this one no longer has (a removed command's page).
grep '^file ' "$old_manifest" | sed 's/^file //' | while IFS= read -r file; do
    if ! grep -qxF "file $file" "$new_manifest" && [ -e "$file" ]; then
        rm -f "$file" && say "removed $file (no longer installed)"
    fi
done
# Directories created by an earlier run stay ours.
grep '^dir ' "$old_manifest" >>"$new_manifest" || true
make_dir "$(dirname "$manifest")"
sort -u "$new_manifest" >"$manifest"
say "recorded what was installed in $manifest (used by ./install.sh --uninstall)"

say ""
say "secretscli $("$prefix/bin/secretscli" --version | sed 's/^secretscli //') is installed."
case ":${PATH:-}:" in
    *":$prefix/bin:"*) ;;
    *) say "Add it to your PATH:  export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
say ""
say "Shell completion (names of projects, environments and keys complete from your vault):"
if [ "$prefix" = "${HOME:-}/.local" ]; then
    say "  bash  works in new shells if bash-completion is installed; otherwise add to ~/.bashrc:"
else
    say "  bash  add to ~/.bashrc (bash-completion also finds it when $prefix/share is in XDG_DATA_DIRS):"
fi
say "          . \"$bash_dir/secretscli\""
say "  zsh   add to ~/.zshrc, before compinit:"
say "          fpath=(\"$zsh_dir\" \$fpath)"
say "  fish  add to ~/.config/fish/config.fish (not needed for /usr/local or /usr):"
say "          set -p fish_complete_path \"$fish_dir\""
say "Man pages: man secretscli (man finds $man_dir when $prefix/bin is on PATH)."
