#!/usr/bin/env bash
# Regenerates jtls/src/main/resources/dev/jtls/tls/root-certificates.pem, the default trust store, from
# the Mozilla CA store bundled in the `node` on PATH: exactly the entries of its tls.rootCertificates,
# in order, each written verbatim and followed by a newline, after a short comment header.
# Usage: scripts/refresh-root-certificates.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
target="$here/../jtls/src/main/resources/dev/jtls/tls/root-certificates.pem"

node -e '
const { rootCertificates } = require("node:tls");
const today = new Date().toISOString().slice(0, 10);
process.stdout.write(
  `# Mozilla CA store: the ${rootCertificates.length} entries of tls.rootCertificates in Node.js ${process.version}, taken ${today}.\n` +
  "# Refresh with scripts/refresh-root-certificates.sh (uses the node on PATH); do not edit by hand.\n" +
  rootCertificates.map((pem) => pem + "\n").join(""));
' > "$target.tmp"
mv "$target.tmp" "$target"
echo "wrote $(grep -c 'BEGIN CERTIFICATE' "$target") certificates to $(cd "$(dirname "$target")" && pwd)/$(basename "$target")"
