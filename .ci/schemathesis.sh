#!/usr/bin/env bash
# Fuzzes the running server against its own OpenAPI document (GET /v1/openapi.json) with
# schemathesis, logged in as the bootstrap admin, on SQLite and (when
# SECRETSCLI_TEST_DATABASE_URL is set, as .ci/run sets it) on PostgreSQL. Fails on any
# server error (5xx), an undocumented status, a wrong content type or a body that does not
# match its schema. Bounded: SCHEMATHESIS_MAX_TIME seconds per store (default 90) and
# SCHEMATHESIS_MAX_EXAMPLES cases per operation (default 60).
#
# Usage: .ci/schemathesis.sh [path/to/secretscli]   (default: target/debug/secretscli)
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: a newer schemathesis may add checks or change what a check means.
version=4.32.5
venv=$(realpath -m "${SCHEMATHESIS_VENV:-target/schemathesis-venv}")
bin=${1:-target/debug/secretscli}
max_time=${SCHEMATHESIS_MAX_TIME:-90}
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-60}

if [[ ! -x $venv/bin/schemathesis ]] || [[ $("$venv/bin/schemathesis" --version) != *" $version" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$version"
fi
[[ -x $bin ]] || cargo build --locked
work=$(mktemp -d)
server_pid=
pg_schema=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [[ -n $pg_schema ]]; then
        psql "$SECRETSCLI_TEST_DATABASE_URL" -Atqc "DROP SCHEMA IF EXISTS $pg_schema CASCADE" >/dev/null
    fi
    rm -rf "$work"
    return 0
}
trap cleanup EXIT

# Starts the server with the store arguments given; sets server_pid and url.
start_server() {
    local log=$work/server.log
    : >"$log"
    SECRETSCLI_LOG=info "$bin" server --listen 127.0.0.1:0 --no-color \
        --bootstrap-token-file "$work/bootstrap" "$@" 2>"$log" &
    server_pid=$!
    local addr=
    for _ in $(seq 300); do
        addr=$(sed -n 's/^listening on \([^ ]*\) .*/\1/p' "$log")
        [[ -n $addr ]] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "the server exited" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n $addr ]] || { cat "$log" >&2; echo "the server did not start" >&2; exit 1; }
    url=http://$addr
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" || true
    server_pid=
    if grep -q 'request failed' "$work/server.log"; then
        echo "the server logged failed requests:" >&2
        grep -B2 'request failed' "$work/server.log" >&2
        exit 1
    fi
}

# Logs in the admin with the bootstrap token; prints the device token.
login() {
    curl -fsS -X POST "$url/v1/login" \
        -H "Authorization: Bearer $(cat "$work/bootstrap")" \
        -H 'Content-Type: application/json' \
        -d '{"device_name":"schemathesis","recipient":"age1schemathesis","user_name":"fuzz"}' |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

fuzz() {
    local store=$1
    shift
    rm -f "$work/bootstrap"
    start_server "$@"
    local token
    token=$(login)
    echo "schemathesis $version against $url ($store, up to ${max_time}s)"
    # Only checks of what the server answers; the token rides on every request, so a
    # missing or wrong token is covered by the integration tests instead. Not
    # positive_data_acceptance: a schema cannot say that base_revision must not pass the
    # environment's revision, or that wraps must match the key version in the path, so
    # schema-valid requests are rightly refused (SCHEMATHESIS_CHECKS overrides the list).
    # From the temporary directory: schemathesis keeps a cache in its working directory.
    # One worker: with two threads, CPython 3.11's ast module shares one recursion counter
    # between them, and hypothesis parsing a lambda's source in both at once failed a CI
    # run with "SystemError: AST constructor recursion depth mismatch"; the counter is per interpreter, not per thread.
    (cd "$work" && "$venv/bin/schemathesis" --no-color run "$url/v1/openapi.json" \
        --header "Authorization: Bearer $token" \
        --checks "${SCHEMATHESIS_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance}" \
        --max-time "$max_time" --max-examples "$max_examples" --workers 1 \
        --seed "${SCHEMATHESIS_SEED:-20261203}" --generation-database none \
        --suppress-health-check all --report-dir "$work/report") | tee "$work/out"
    # Out of time before generating anything ("Empty test suite") exits 0: not a pass.
    if ! grep -Eq '^ +[1-9][0-9]* generated, [1-9][0-9]* passed' "$work/out"; then
        echo "schemathesis ran no test cases on $store; raise SCHEMATHESIS_MAX_TIME" >&2
        exit 1
    fi
    stop_server
}

fuzz sqlite --data "$work/data"
if [[ -n ${SECRETSCLI_TEST_DATABASE_URL:-} ]]; then
    pg_schema=st_$$_$RANDOM
    psql "$SECRETSCLI_TEST_DATABASE_URL" -Atqc "CREATE SCHEMA $pg_schema" >/dev/null
    sep='?'
    [[ $SECRETSCLI_TEST_DATABASE_URL == *\?* ]] && sep='&'
    fuzz postgres --database-url "$SECRETSCLI_TEST_DATABASE_URL${sep}options=-csearch_path%3D$pg_schema"
fi
echo "schemathesis: no server errors, no schema violations"
