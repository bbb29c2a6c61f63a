#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for trying PromptPresets on PostgreSQL and for the tests:
# a fresh data directory, loopback only, trust authentication for the local user `presets`.
#
#   bash Scripts/local-postgres.sh start [PORT]   # prints the store URL on its last line
#   bash Scripts/local-postgres.sh stop
#
# Needs Debian's `postgresql` package (or any PostgreSQL 13+ whose initdb/pg_ctl are on PATH or in
# /usr/lib/postgresql/*/bin). Run as root, the cluster runs as the `postgres` user, since PostgreSQL
# refuses to run as root. The data directory is $PROMPT_PRESETS_PG_DIR (default /tmp/prompt-presets-pg).
set -euo pipefail

command="${1:-start}"
port="${2:-54329}"
data_dir="${PROMPT_PRESETS_PG_DIR:-/tmp/prompt-presets-pg}"

bin_dir=""
if ! command -v pg_ctl >/dev/null 2>&1 || ! command -v initdb >/dev/null 2>&1; then
    bin_dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/"
fi
if [ ! -x "${bin_dir}pg_ctl" ] && ! command -v "${bin_dir}pg_ctl" >/dev/null 2>&1; then
    echo "PostgreSQL is not installed (apt-get install postgresql)." >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
    if [ -f "$data_dir/postmaster.pid" ] && as_owner "${bin_dir}pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
        echo "PostgreSQL is already running in $data_dir." >&2
    else
        rm -rf "$data_dir"
        mkdir -p "$data_dir"
        if [ "$(id -u)" -eq 0 ]; then chown postgres "$data_dir"; fi
        as_owner "${bin_dir}initdb" -D "$data_dir" -U presets --auth=trust --encoding=UTF8 --no-locale >/dev/null
        as_owner "${bin_dir}pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data_dir -c max_connections=200 -c fsync=on" \
            start >/dev/null
        as_owner "${bin_dir}createdb" -h 127.0.0.1 -p "$port" -U presets presets
    fi
    echo "postgres://presets@127.0.0.1:$port/presets"
    ;;
stop)
    as_owner "${bin_dir}pg_ctl" -D "$data_dir" -m fast stop >/dev/null
    echo "Stopped PostgreSQL in $data_dir."
    ;;
*)
    echo "usage: $0 start [PORT] | stop" >&2
    exit 2
    ;;
esac
