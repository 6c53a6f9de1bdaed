#!/usr/bin/env bash
# Live scrape check of the shipped Prometheus configuration, against services ALREADY RUNNING on this host
# (ingest-market on :8080, parquet-sink on :8081; start them first, e.g. ./bin/marketflow run). It:
#   1. validates prometheus.yml and marketflow-rules.yml with promtool,
#   2. starts Debian's Prometheus (apt-get install prometheus when missing) on a free port with a scratch TSDB,
#   3. waits for two scrape rounds and queries /api/v1/query?query=up,
#   4. fails unless every target is up and reports marketflow_* series.
# Usage: deploy/prometheus/check.sh [--only ingest-market] [--port 9099]
# Exit code 0 = every (selected) target up and scraped; 1 = a target down or no marketflow series; 2 = setup error.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
port=9099
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "[check] - installing Debian's prometheus (provides prometheus and promtool)"
  apt-get install -y --no-install-recommends prometheus >/dev/null || { echo "apt-get install prometheus failed" >&2; exit 2; }
fi
command -v curl >/dev/null || { echo "curl is required" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 is required (reads the JSON answers)" >&2; exit 2; }

promtool check config "$here/prometheus.yml"

work="$(mktemp -d)"
cp "$here/prometheus.yml" "$here/marketflow-rules.yml" "$work/"
if [ -n "$only" ]; then
  # Keep only the selected job (a service that is not running would otherwise fail the check).
  python3 - "$work/prometheus.yml" "$only" <<'PY'
import sys, re
path, job = sys.argv[1], sys.argv[2]
text = open(path).read()
head, _, jobs = text.partition("scrape_configs:\n")
blocks = re.split(r"(?m)^(?=  - job_name: )", jobs)
kept = [b for b in blocks if b.startswith(f"  - job_name: {job}\n") or not b.startswith("  - job_name: ")]
if not any(b.startswith(f"  - job_name: {job}\n") for b in kept):
    sys.exit(f"no job {job} in prometheus.yml")
open(path, "w").write(head + "scrape_configs:\n" + "".join(kept))
PY
fi

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
cleanup() { kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

api="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 30); do
  curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null || { echo "Prometheus did not start:" >&2; cat "$work/prometheus.log" >&2; exit 2; }

# scrape_interval is 15s: two rounds so that every target has been tried at least once.
sleep 35

query() { curl -fsS --get "$api/query" --data-urlencode "query=$1"; }
# Reads one API answer on stdin and prints it; exits 1 when the check it names fails.
cat >"$work/report.py" <<'PY'
import json, sys
what = sys.argv[1]
data = json.load(sys.stdin)["data"]
if what == "up":
    result = data["result"]
    down = 0
    for r in sorted(result, key=lambda r: r["metric"]["job"]):
        up = r["value"][1] == "1"
        down += not up
        print("  %-15s %-20s %s" % (r["metric"]["job"], r["metric"]["instance"], "UP" if up else "DOWN"))
    sys.exit(1 if down or not result else 0)
if what == "series":
    for r in data["result"]:
        print("  %-15s %s series" % (r["metric"]["job"], r["value"][1]))
    sys.exit(0 if data["result"] else 1)
if what == "rules":
    print("  " + ", ".join("%s (%d)" % (g["name"], len(g["rules"])) for g in data["groups"]))
    sys.exit(0 if data["groups"] else 1)
PY
status=0
echo "[check] - up per target:"
query 'up' | python3 "$work/report.py" up || status=1
echo "[check] - marketflow_* series per job:"
query 'count by (job) ({__name__=~"marketflow_.*"})' | python3 "$work/report.py" series \
  || { echo "  none: no target exports a marketflow_* metric"; status=1; }
echo "[check] - rules loaded:"
curl -fsS "$api/rules" | python3 "$work/report.py" rules || status=1

[ "$status" -eq 0 ] && echo "[check] - OK" || echo "[check] - FAILED"
exit "$status"
