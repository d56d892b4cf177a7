#!/usr/bin/env bash
# Every translation catalogue (.po) has its compiled .mo beside it (make messages compiles them).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r po; do
  [ -f "${po%.po}.mo" ] || { echo "missing compiled catalogue: ${po%.po}.mo (run make messages)"; status=1; }
done < <(find src/healthycity/locale -name '*.po' 2>/dev/null)
exit $status
