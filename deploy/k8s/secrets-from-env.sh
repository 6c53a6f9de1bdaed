#!/usr/bin/env bash
# Writes the Secret inputs of an overlay (overlays/<overlay>/secrets/<app>.env, git-ignored) from your .env.
# For every KEY of each secrets/<app>.env.example it takes KEY from the .env; POSTGRES_PASSWORD comes from
# MARKETFLOW_DB_PASSWORD, query-api's MARKETFLOW_S3_ACCESS_KEY / _SECRET_KEY from QUERY_API_S3_ACCESS_KEY / _SECRET_KEY
# (its read-only MinIO user) and its MARKETFLOW_DB_PASSWORD from QUERY_API_DB_PASSWORD (its read-only PostgreSQL login). A key missing from the .env keeps the example's value in the local overlay; the production
# overlay refuses to write a `change-me` placeholder.
# Usage: deploy/k8s/secrets-from-env.sh local|production [path/to/.env]   (default .env: the repository root's)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
overlay="${1:?usage: $0 local|production [path/to/.env]}"
env_file="${2:-$here/../../.env}"
dir="$here/overlays/$overlay/secrets"
[ -d "$dir" ] || { echo "no overlay $overlay (expected $dir)" >&2; exit 2; }
if [ ! -f "$env_file" ]; then
  [ "$overlay" = production ] && { echo "no $env_file: cp .env.example .env and fill it in" >&2; exit 2; }
  echo "[secrets] - no $env_file: using the local example values"
  env_file=/dev/null
fi

# Value of KEY in the .env (last assignment wins, like a shell would; quotes around the value are removed).
from_env() {
  sed -n "s/^[[:space:]]*\(export[[:space:]]\+\)\?$1=//p" "$env_file" | tail -n 1 | sed 's/^"\(.*\)"$/\1/; s/^'"'"'\(.*\)'"'"'$/\1/'
}
has_key() { grep -Eq "^[[:space:]]*(export[[:space:]]+)?$1=" "$env_file"; }

umask 077
for example in "$dir"/*.env.example; do
  target="${example%.example}"
  : >"$target.tmp"
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    default="${line#*=}"
    source_key="$key"
    [ "$key" = POSTGRES_PASSWORD ] && source_key=MARKETFLOW_DB_PASSWORD
    # query-api reads the lake with a read-only MinIO user of its own: QUERY_API_S3_ACCESS_KEY / _SECRET_KEY of the .env.
    if [ "$(basename "$example")" = query-api.env.example ]; then
      # ... and PostgreSQL as its own read-only login (marketflow_query, postgres-query-role Job): QUERY_API_DB_PASSWORD.
      case "$key" in MARKETFLOW_S3_ACCESS_KEY|MARKETFLOW_S3_SECRET_KEY|MARKETFLOW_DB_PASSWORD) source_key="QUERY_API_${key#MARKETFLOW_}" ;; esac
    fi
    if has_key "$source_key"; then value="$(from_env "$source_key")"; else value="$default"; fi
    if [ "$overlay" = production ] && [ "$value" = change-me ]; then
      rm -f "$target.tmp"; echo "$source_key is not set in $env_file (needed for $(basename "$target"))" >&2; exit 1
    fi
    printf '%s=%s\n' "$key" "$value" >>"$target.tmp"
  done <"$example"
  mv "$target.tmp" "$target"
  echo "[secrets] - wrote $target ($(wc -l <"$target") keys)"
done
