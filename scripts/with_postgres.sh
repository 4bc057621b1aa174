#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb on a temporary directory
# owned by `postgres` (PostgreSQL refuses to run as root), a unix socket only, then stop
# and remove it whatever the command's outcome. DATABASE_URL is set for the command.
set -euo pipefail

pg_bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ]; then pg_bin="$candidate"; break; fi
done
if [ -z "$pg_bin" ]; then
  echo "PostgreSQL server not found: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -n 1)
fi

dir=$(mktemp -d /tmp/xiangzhi-pg.XXXXXX)
chown postgres "$dir"
port=$((54000 + RANDOM % 1000))
as_postgres() { runuser -u postgres -- "$@"; }

stop() {
  as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

as_postgres "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null

as_postgres "$pg_bin/createdb" -h "$dir" -p "$port" -U postgres xiangzhi
encoded_dir=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")
export DATABASE_URL="postgres://postgres@${encoded_dir}:${port}/xiangzhi"
"$@"
