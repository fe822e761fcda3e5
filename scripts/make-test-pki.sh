#!/usr/bin/env bash
# Regenerates the test PKI in jtls/src/test/resources/pki/ from scratch with the openssl CLI alone.
# Every run makes new keys and certificates; README.md in that directory describes each file.
# Usage: scripts/make-test-pki.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
target="$here/../jtls/src/test/resources/pki"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Normal certificates start a day back (tolerates a peer with a slow clock) and last long enough that
# the tests keep passing for decades without a refresh.
valid=(-startdate "$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ)" -days $((3650 * 3)))
pass=jtls-pass
aia_base=http://127.0.0.1:8888

out="$work/out"
ca="$work/ca"
mkdir -p "$out" "$ca/newcerts"
touch "$ca/index.txt"
cnf="$work/openssl.cnf"

# One config for `req` (requests) and `ca` (signs every certificate, self-signed ones included): unlike
# `openssl x509 -req` and `openssl req -x509` in 3.0, `openssl ca` can set any start date.
cat > "$cnf" <<EOF
[ req ]
distinguished_name = req_dn
prompt             = no
[ req_dn ]

[ ca ]
default_ca = test_ca
[ test_ca ]
database       = $ca/index.txt
new_certs_dir  = $ca/newcerts
serial         = $ca/serial
default_md     = sha256
policy         = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
countryName            = optional
stateOrProvinceName    = optional
localityName           = optional
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied

[ root_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ intermediate_ca ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
authorityInfoAccess    = OCSP;URI:$aia_base/ocsp, caIssuers;URI:$aia_base/root.crt

[ server_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth, clientAuth
subjectAltName         = DNS:localhost, DNS:*.jtls.test, IP:127.0.0.1, IP:::1, email:server@jtls.test, URI:https://jtls.test/
authorityInfoAccess    = OCSP;URI:$aia_base/ocsp
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ server_ec ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ client ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ localhost_leaf ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ wrong_host ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:other.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# No keyUsage here: a self-signed certificate without keyCertSign would not count as self-signed to
# OpenSSL, and tests use this one as its own trust anchor.
[ self_signed ]
basicConstraints       = critical, CA:FALSE
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
EOF

rsa_key() { openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/$1.key"; }

ec_key() {
  openssl genpkey -quiet -algorithm EC -pkeyopt "ec_paramgen_curve:$2" \
    -pkeyopt ec_param_enc:named_curve -out "$out/$1.key"
}

# issue NAME ISSUER SUBJECT EXTENSIONS [validity options for `openssl ca`]; ISSUER "self" self-signs.
issue() {
  local name=$1 issuer=$2 subject=$3 extensions=$4
  shift 4
  local signer=(-cert "$out/$issuer.pem" -keyfile "$out/$issuer.key")
  [ "$issuer" = self ] && signer=(-selfsign -keyfile "$out/$name.key")
  openssl req -new -config "$cnf" -key "$out/$name.key" -subj "$subject" -out "$work/$name.csr"
  # `openssl ca` is chatty: show its output only when it fails.
  if ! openssl ca -batch -notext -rand_serial -preserveDN -config "$cnf" "${signer[@]}" \
    -extensions "$extensions" -in "$work/$name.csr" -out "$out/$name.pem" "$@" > "$work/ca.log" 2>&1; then
    cat "$work/ca.log" >&2
    exit 1
  fi
}

rsa_key root-ca
issue root-ca self "/O=jtls/CN=jtls Test Root CA" root_ca "${valid[@]}"
openssl x509 -in "$out/root-ca.pem" -trustout -out "$out/root-ca-trusted.pem"
sed 's/-----\(BEGIN\|END\) CERTIFICATE-----/-----\1 X509 CERTIFICATE-----/' \
  "$out/root-ca.pem" > "$out/root-ca-x509.pem"

rsa_key intermediate-ca
issue intermediate-ca root-ca "/O=jtls/CN=jtls Test Intermediate CA" intermediate_ca "${valid[@]}"

rsa_key server
issue server intermediate-ca "/C=UK/ST=BC/L=Metro/O=jtls/OU=Docs/OU=Tests/CN=localhost" server_rsa "${valid[@]}"

ec_key server-ec P-256
issue server-ec intermediate-ca "/O=jtls/CN=localhost" server_ec "${valid[@]}"

rsa_key client
issue client intermediate-ca "/O=jtls/CN=jtls client" client "${valid[@]}"

ec_key client-ec P-384
issue client-ec intermediate-ca "/O=jtls/CN=jtls client ec" client "${valid[@]}"

rsa_key expired
issue expired intermediate-ca "/O=jtls/CN=localhost" localhost_leaf \
  -startdate 20200101000000Z -enddate 20210101000000Z

rsa_key not-yet-valid
issue not-yet-valid intermediate-ca "/O=jtls/CN=localhost" localhost_leaf \
  -startdate 20450101000000Z -enddate 20500101000000Z

rsa_key wrong-host
issue wrong-host intermediate-ca "/O=jtls/CN=other.example" wrong_host "${valid[@]}"

# A leaf the intermediate revokes, and CRLs from both authorities (Node checks CRLs for the whole
# chain, so the root's, empty, is needed too). Both CRLs last as long as the certificates.
rsa_key revoked
issue revoked intermediate-ca "/O=jtls/CN=localhost" localhost_leaf "${valid[@]}"
crl() {
  local issuer=$1
  shift
  if ! openssl ca -batch -config "$cnf" -cert "$out/$issuer.pem" -keyfile "$out/$issuer.key" "$@" \
    > "$work/ca.log" 2>&1; then
    cat "$work/ca.log" >&2
    exit 1
  fi
}
crl intermediate-ca -revoke "$out/revoked.pem" -crl_reason keyCompromise
crl intermediate-ca -gencrl -crldays $((3650 * 3)) -out "$out/intermediate-ca.crl"
crl root-ca -gencrl -crldays $((3650 * 3)) -out "$out/root-ca.crl"

rsa_key self-signed
issue self-signed self "/O=jtls/CN=localhost" self_signed "${valid[@]}"

for leaf in server server-ec client; do
  cat "$out/$leaf.pem" "$out/intermediate-ca.pem" > "$out/$leaf-chain.pem"
done
cat "$out/root-ca.pem" "$out/intermediate-ca.pem" > "$out/ca-bundle.pem"

openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$out/server.key" -passout "pass:$pass" \
  -out "$out/server-encrypted.key"
openssl rsa -in "$out/server.key" -traditional -aes256 -passout "pass:$pass" \
  -out "$out/server-encrypted-legacy.key" 2>/dev/null
openssl pkcs12 -export -in "$out/server.pem" -inkey "$out/server.key" \
  -certfile "$out/intermediate-ca.pem" -name localhost -passout "pass:$pass" -out "$out/server.pfx"

# Replace the previous generation, keeping the hand-written README.md.
mkdir -p "$target"
find "$target" -maxdepth 1 -type f ! -name README.md -delete
cp "$out"/* "$target"/
echo "test PKI written to $(cd "$target" && pwd)"
