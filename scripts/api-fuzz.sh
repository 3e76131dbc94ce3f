#!/usr/bin/env bash
# Schemathesis against the API as deployed: gunicorn with the repository's config, PostgreSQL
# holding the demo data, a prosecutor's token. It runs for $FUZZ_SECONDS (60) with the checks
# below and fails on any finding. `make test` runs it; `make api-fuzz` runs it alone.
# The two operations that revoke a token are left out: the fuzzer would revoke its own.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${FUZZ_PORT:-8765}
seconds=${FUZZ_SECONDS:-60}
database=${FUZZ_DATABASE:-portal_fuzz}
work=$(mktemp -d)
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$database"
export SECRET_KEY="api-fuzz-only-secret" ALLOWED_HOSTS=127.0.0.1 PRIVATE_STORAGE_ROOT="$work/files"
unset REDIS_URL DEBUG  # tasks in-process, DEBUG off as in production

psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $database" \
  -c "CREATE DATABASE $database" >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >"$work/demo.log" 2>&1
token=$(.venv/bin/python manage.py shell -v0 -c '
from portal.models import User
from portal.tokens import api_token_create
print(api_token_create(user=User.objects.get(username="gs-prosecutor"), name="api-fuzz", days=1)[1])
' | tail -n 1)

.venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$port" --workers 2 \
  >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/healthz/" >/dev/null 2>&1 && break
  sleep 1
done

echo "== Schemathesis against the API for ${seconds} s"
.venv/bin/st run "http://127.0.0.1:$port/api/schema/" \
  --url "http://127.0.0.1:$port/" \
  --header "Authorization: Token $token" \
  --exclude-operation-id v1_auth_token_revoke_current \
  --exclude-operation-id v1_auth_token_revoke \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-time "$seconds" \
  --seed 20261202 \
  --no-color
