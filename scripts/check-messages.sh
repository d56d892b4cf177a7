#!/usr/bin/env bash
# Every translation catalogue (.po) in the project and its apps parses and has its compiled .mo
# beside it (`make messages` builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
while IFS= read -r po; do
  mo="${po%.po}.mo"
  [ -f "$mo" ] || { echo "missing compiled catalogue: $mo (run make messages)"; status=1; }
  if command -v msgfmt >/dev/null; then
    msgfmt --check-format -o /dev/null "$po" || { echo "catalogue does not compile: $po"; status=1; }
  fi
done < <(find src/healthycity -path '*/locale/*/LC_MESSAGES/*.po' | sort)
exit $status
