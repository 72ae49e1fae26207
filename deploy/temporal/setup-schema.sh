#!/bin/sh
# Creates Temporal's two databases on PostgreSQL and brings their schemas to
# the server's version, with Temporal's own schema tool. Idempotent: a second
# run finds the databases and applies only newer versions. Used by
# `npm run cluster` and by docker-compose.yml's temporal-schema service.
#   SQL_TOOL      temporal-sql-tool (default: on PATH)
#   SCHEMA_DIR    the server's schema/postgresql/v12 folder
#   TEMPORAL_DB_HOST, TEMPORAL_DB_PORT, TEMPORAL_DB_USER, TEMPORAL_DB_PASSWORD
set -eu
tool=${SQL_TOOL:-temporal-sql-tool}
for pair in "${TEMPORAL_DB_NAME:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}:visibility"; do
  db=${pair%%:*}
  schema=${pair#*:}
  set -- --plugin postgres12 --ep "${TEMPORAL_DB_HOST:-127.0.0.1}" -p "${TEMPORAL_DB_PORT:-5432}" \
    -u "${TEMPORAL_DB_USER:-temporal}" --pw "${TEMPORAL_DB_PASSWORD:-}" --db "$db"
  "$tool" "$@" create-database 2>/dev/null || true # already there on a second run
  "$tool" "$@" setup-schema -v 0.0                 # the version table; a no-op once set up
  "$tool" "$@" update-schema -d "$SCHEMA_DIR/$schema/versioned"
done
