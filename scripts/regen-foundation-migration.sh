#!/usr/bin/env bash
# Until the first release lands, the schema is one generated migration (0001_foundation):
# this regenerates it from src/db/schema.ts. After landing, use `npm run db:generate` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f src/db/migrations/0001_foundation.sql src/db/migrations/meta/0001_snapshot.json
node -e '
const fs = require("fs");
const p = "src/db/migrations/meta/_journal.json";
const j = JSON.parse(fs.readFileSync(p, "utf8"));
j.entries = j.entries.filter((e) => e.idx < 1);
fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");
'
npx drizzle-kit generate --name=foundation
