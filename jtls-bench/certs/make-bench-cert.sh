#!/usr/bin/env bash
# Makes the benchmark's self-signed ECDSA P-256 certificate and key (bench-ec.pem, bench-ec.key) beside this
# script. The benchmark verifies nothing, so one long-lived certificate is committed and shared by every server.
# The key is PKCS#8 PEM ("BEGIN PRIVATE KEY"), the one key format Node, Netty (both engines) and jtls all read.
set -euo pipefail
cd "$(dirname "$0")"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout bench-ec.key -out bench-ec.pem -days 36500 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1
