#!/usr/bin/env bash
# The production path checked without Docker: build, lay out what the Dockerfile's runtime stage holds in a
# temporary directory, install production dependencies only, start the built entry point in HTTP mode on a
# scratch PostgreSQL database, wait for /healthz to answer 200, stop it with SIGTERM and check it exits 0.
# Any problem exits non-zero with a coded message saying what to do next, and the bot's log.
#
#   bash scripts/check-production.sh
#
# TEST_DATABASE_URL: a PostgreSQL role that may create databases (default postgres://postgres@127.0.0.1:5432/test);
# the check creates vigil_prod_check_<pid> beside it and drops it at the end.
# VIGIL_PROD_CHECK_TIMEOUT: seconds to wait for /healthz (default 120; the first start seeds the demo warehouse).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# What the Dockerfile's runtime stage copies, installs, runs and probes with. Checked against the Dockerfile
# below, so the image and this check cannot drift apart silently.
IMAGE_PATHS=(dist package.json package-lock.json vigil.yml)
NPM_CI_PROD='npm ci --omit=dev --no-audit --no-fund'
ENTRY=(node dist/src/cli.js start)
HEALTHCHECK_JS="fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz',{signal:AbortSignal.timeout(5000)}).then(async(r)=>{console.log(r.status,await r.text());process.exit(r.status===200?0:1)},(e)=>{console.log(String(e));process.exit(1)})"

admin_url="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
timeout_s="${VIGIL_PROD_CHECK_TIMEOUT:-120}"
db="vigil_prod_check_$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-prod-check.XXXXXX")"
log="$work/vigil.log"
pid=""
db_created=""
started_at=$SECONDS

say() { printf 'check-production [%3ds]: %s\n' "$((SECONDS - started_at))" "$*"; }

# Prints a coded failure with its next step, then the bot's log if it ran; the EXIT trap cleans up.
fail() {
  local code="$1"; shift
  printf '\ncheck-production: FAILED %s: %s\n' "$code" "$*" >&2
  if [ -s "$log" ]; then
    printf -- '----- the bot'"'"'s log (%s, last 200 lines) -----\n' "$log" >&2
    tail -n 200 "$log" >&2
    printf -- '----- end of log -----\n' >&2
  fi
  exit 1
}

cleanup() {
  local rc=$?
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -n "$db_created" ]; then
    psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 \
      || echo "check-production: could not drop the scratch database $db; drop it by hand" >&2
    say "dropped $db"
  fi
  rm -rf "$work"
  say "cleaned up"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- The Dockerfile says the same as this script -------------------------------------------------------------
# The runtime stage's COPY sources (flags and the destination dropped, /src/dist read as dist).
copied="$(awk '/^FROM .* AS runtime/ { rt = 1; next } /^FROM / { rt = 0 }
  rt && /^COPY / { for (i = 2; i < NF; i++) { if ($i ~ /^--/) continue; s = $i; sub(/.*\//, "", s); print s } }' Dockerfile | sort)"
expected="$(printf '%s\n' "${IMAGE_PATHS[@]}" | sort)"
[ "$copied" = "$expected" ] || fail vigil_prod_check_drift \
  "the Dockerfile's runtime stage copies [${copied//$'\n'/ }] but this check lays out [${expected//$'\n'/ }]. Make IMAGE_PATHS here and the Dockerfile's COPY lines agree."
grep -qF "RUN $NPM_CI_PROD" Dockerfile || fail vigil_prod_check_drift "the Dockerfile does not run '$NPM_CI_PROD'. Make the runtime stage's npm ci line and NPM_CI_PROD here agree."
cmd_json="CMD [$(printf '"%s", ' "${ENTRY[@]}" | sed 's/, $//')]"
grep -qF "$cmd_json" Dockerfile || fail vigil_prod_check_drift "the Dockerfile has no '$cmd_json'. Make its CMD and ENTRY here agree."
grep -qF "$HEALTHCHECK_JS" Dockerfile || fail vigil_prod_check_drift "the Dockerfile's HEALTHCHECK is not the probe this check runs. Copy HEALTHCHECK_JS here into it (or back)."
say "Dockerfile and this check agree: copies ${IMAGE_PATHS[*]}; runs ${ENTRY[*]}"

# --- PostgreSQL ------------------------------------------------------------------------------------------------
command -v psql >/dev/null || fail vigil_prod_check_no_psql "psql is not installed. Install the PostgreSQL client (apt-get install postgresql-client)."
psql "$admin_url" -q -v ON_ERROR_STOP=1 -c 'SELECT 1' >/dev/null 2>"$work/psql.err" \
  || fail vigil_prod_check_no_database "PostgreSQL at $admin_url does not answer: $(cat "$work/psql.err"). Start PostgreSQL or set TEST_DATABASE_URL."
psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null 2>"$work/psql.err" \
  || fail vigil_prod_check_createdb "could not create the scratch database $db: $(cat "$work/psql.err"). Give the TEST_DATABASE_URL role CREATEDB."
db_created=1
db_url="$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$admin_url" "$db")"
say "scratch database $db created"

# --- Build, as the build stage does ----------------------------------------------------------------------------
# From nothing, as in the image: files left in dist/ by an older build must not stand in for missing ones.
rm -rf dist
npm run build >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail vigil_prod_check_build "npm run build failed (output above). Fix the compile error, then run this again."; }
say "built dist/"

# --- Lay out the image's /app and install production dependencies only -----------------------------------------
app="$work/app"
mkdir -p "$app" "$work/data" "$work/home"
for path in "${IMAGE_PATHS[@]}"; do cp -R "$repo/$path" "$app/$path"; done
# One retry: on a busy machine a registry fetch can time out once.
(cd "$app" && $NPM_CI_PROD) >"$work/npm.log" 2>&1 \
  || { say "npm ci failed once; retrying"; (cd "$app" && rm -rf node_modules && $NPM_CI_PROD) >"$work/npm.log" 2>&1; } \
  || { cat "$work/npm.log" >&2; fail vigil_prod_check_npm_ci "'$NPM_CI_PROD' failed in the image layout (output above). Check package-lock.json matches package.json (npm install), then run this again."; }
say "installed production dependencies ($(du -sh "$app/node_modules" | cut -f1))"

# No devDependency may be installed: everything package-lock.json marks dev-only, and the two that matter most.
dev_found="$(cd "$app" && node -e '
  const fs = require("node:fs");
  const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
  const dev = Object.entries(lock.packages).filter(([p, e]) => p && e.dev).map(([p]) => p);
  console.log([...dev, "node_modules/typescript", "node_modules/vitest"].filter((p) => fs.existsSync(p)).join(" "));')"
[ -z "$dev_found" ] || fail vigil_prod_check_dev_deps "development packages were installed: $dev_found. A runtime import of one of them belongs in dependencies; otherwise check the npm ci line."
say "no development package installed"

# --- Start the built entry point --------------------------------------------------------------------------------
free_port() { node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
port="$(free_port)"
# Nothing listens here: Slack Web API calls fail at once on this machine instead of leaving it.
slack_port="$(free_port)"
# A clean environment, as in a container: only what the image sets, plus HTTP mode with made-up Slack secrets
# (vigil calls Slack only when it has something to post; /healthz needs no Slack).
(cd "$app" && exec env -i PATH="$PATH" HOME="$work/home" NODE_ENV=production \
  HOST=127.0.0.1 PORT="$port" VIGIL_DATA_DIR="$work/data" DATABASE_URL="$db_url" \
  SLACK_BOT_TOKEN=xoxb-production-check SLACK_SIGNING_SECRET=0123456789abcdef0123456789abcdef \
  SLACK_API_URL="http://127.0.0.1:$slack_port/api/" \
  "${ENTRY[@]}") >"$log" 2>&1 &
pid=$!
say "started '${ENTRY[*]}' (pid $pid) on 127.0.0.1:$port, HTTP mode, DATABASE_URL=$db_url"

health=""
deadline=$((SECONDS + timeout_s))
while :; do
  kill -0 "$pid" 2>/dev/null || { rc=0; wait "$pid" || rc=$?; pid=""; fail vigil_prod_check_exited "the bot exited with code $rc before /healthz answered 200. Read its log below for the error and its fix."; }
  if health="$(PORT="$port" node -e "$HEALTHCHECK_JS" 2>&1)"; then break; fi
  [ "$SECONDS" -lt "$deadline" ] || fail vigil_prod_check_health "/healthz did not answer 200 within ${timeout_s}s (last answer: ${health:-none}). Read the log below; on a slow machine raise VIGIL_PROD_CHECK_TIMEOUT."
  sleep 1
done
say "GET /healthz -> $health"

grep -qF "\"config\":\"$app/vigil.yml\"" "$log" || fail vigil_prod_check_config "the bot did not read the vigil.yml copied beside dist/. Check IMAGE_PATHS and the Dockerfile's COPY of vigil.yml."
# An unsigned delivery is refused: Bolt's HTTP receiver is mounted and checks signatures.
events="$(node -e "fetch('http://127.0.0.1:$port/slack/events',{method:'POST',body:'{}',headers:{'content-type':'application/json'},signal:AbortSignal.timeout(10000)}).then((r)=>console.log(r.status),(e)=>console.log(String(e)))")"
[ "$events" = 401 ] || fail vigil_prod_check_slack_route "an unsigned POST /slack/events answered '$events', not 401. Check HTTP mode in src/slack/build-slack-app.ts."
say "unsigned POST /slack/events -> 401 (HTTP mode, signatures checked)"

# --- Stop it as an orchestrator does -----------------------------------------------------------------------------
kill -TERM "$pid"
stop_deadline=$((SECONDS + 60))
while kill -0 "$pid" 2>/dev/null; do
  [ "$SECONDS" -lt "$stop_deadline" ] || fail vigil_prod_check_stop "the bot still ran 60 s after SIGTERM (VIGIL_SHUTDOWN_GRACE is 25 s). Read the log below for what it waited on."
  sleep 1
done
rc=0; wait "$pid" || rc=$?; pid=""
[ "$rc" = 0 ] || fail vigil_prod_check_stop "the bot exited with code $rc after SIGTERM, not 0. Read the log below."
grep -q '"msg":"stopped cleanly"' "$log" || fail vigil_prod_check_stop "the bot exited 0 but never logged 'stopped cleanly'. Read the log below."
say "SIGTERM -> exited 0, stopped cleanly"
say "production check passed"
