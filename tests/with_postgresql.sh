#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb in a temporary
# folder, a unix socket only (no TCP port opened), removed afterwards.
set -euo pipefail

bindir=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
[ -x "$bindir/initdb" ] || { echo "PostgreSQL introuvable (paquet postgresql)" >&2; exit 1; }

workdir=$(mktemp -d /tmp/hestia-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
    # initdb refuses root: the cluster belongs to the postgres system user.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$workdir"
    as_owner=(runuser -u postgres --)
fi
cleanup() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$workdir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$workdir/data" -w -l "$workdir/log" \
    -o "-c listen_addresses='' -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" start >/dev/null

export PGHOST=$workdir PGPORT=5432 PGUSER=postgres
export TRYTOND_DATABASE_URI=postgresql://
export DB_NAME=test
export DB_CACHE=postgresql://
"$@"
