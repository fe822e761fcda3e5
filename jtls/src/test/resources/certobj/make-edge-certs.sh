#!/usr/bin/env bash
# Makes the edge-case certificates CertificateObjectTest compares with Node: names and SAN/AIA
# entries Node quotes or escapes, unknown OIDs, multi-valued RDNs, odd serials and dates, and key
# types with no or unusual key fields. Run from this folder. Only edge-names keeps its key (a TLS
# server presents it); Node's toLegacyObject() reads the others without one.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/edge.cnf" <<'CNF'
oid_section = oids
[ oids ]
jtlsTestAttribute = 1.2.3.4.5
[ req ]
distinguished_name = dn
[ dn ]
[ ca ]
default_ca = edge_ca
[ edge_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
[ names ]
basicConstraints = critical, CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = serverAuth, clientAuth, 1.2.3.4.5.6
subjectAltName = @alt
authorityInfoAccess = @aia
[ alt ]
DNS.1 = edge.jtls.test
DNS.2 = comma,in.jtls.test
IP.1 = 10.0.0.255
IP.2 = 2001:db8::1:0:0:ff
IP.3 = fe80::
email.1 = \"quoted\"@jtls.test
URI.1 = http://jtls.test/a,b?c=\'d\'
URI.2 = https://jtls.test/\\path
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn@jtls.test
otherName.2 = 1.3.6.1.5.5.7.8.7;IA5STRING:_https.edge.jtls.test
otherName.3 = 1.3.6.1.5.5.7.8.9;UTF8:mailbox,with-comma@jtls.test
otherName.4 = 1.2.3.4;UTF8:unsupported
dirName.1 = dir_sect
RID.1 = 1.2.3.4.5.6.7
@CONTROL_CHARACTER_NAMES@
[ dir_sect ]
C = UK
O = jtls, Inc.
CN = Dir Name
[ aia ]
OCSP;URI.0 = http://ocsp.jtls.test/
OCSP;URI.1 = http://ocsp2.jtls.test/a,b
caIssuers;URI.2 = http://ca.jtls.test/ca.crt
caIssuers;dirName.3 = dir_sect
1.2.3.4.99;DNS.4 = method.jtls.test
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = keyCertSign, cRLSign
CNF
# Names holding raw control characters, which a config file can only carry as the bytes themselves.
sed -i "s/@CONTROL_CHARACTER_NAMES@/$(printf 'otherName.5 = 1.3.6.1.5.5.7.8.7;IA5STRING:_srv\x01tab\tdel\x7f\\notherName.6 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn\x02\xc3\xbc\x7f')/" "$work/edge.cnf"

# Self-signs $key's certificate for subject $2 with `openssl ca`, which can set any dates and serial.
selfsign() {
  local key=$1 subj=$2 serial=$3 start=$4 end=$5 out=$6 ext=${7:-}
  (cd "$work" && : > index.txt && echo "$serial" > serial \
    && openssl req -new -config edge.cnf -utf8 -multivalue-rdn -subj "$subj" -key "$key" -out req.csr \
    && openssl ca -batch -config edge.cnf -selfsign -preserveDN -utf8 -multivalue-rdn -keyfile "$key" -in req.csr \
         -startdate "$start" -enddate "$end" ${ext:+-extensions "$ext"} -notext -out cert.pem 2>/dev/null)
  openssl x509 -in "$work/cert.pem" -out "$out"
}

openssl ecparam -name secp384r1 -genkey -noout -out "$work/p384.key"
selfsign p384.key "/C=UK/O=jtls/OU=One/OU=Two, with comma/OU=Three/jtlsTestAttribute=unknown to Node/CN=Zoë \"q\" \\\\ b+serialNumber=42" \
  000000000A0B 20220903214037Z 20510105080910Z edge-names.pem names
openssl pkcs8 -topk8 -nocrypt -in "$work/p384.key" -out edge-names.key

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -pkeyopt rsa_keygen_pubexp:3 -out "$work/rsa-e3.key" 2>/dev/null
selfsign rsa-e3.key "/CN=edge rsa e=3 v1" 00FF00 20500101000000Z 20991231235959Z edge-rsa-v1.pem

# `openssl ca` re-encodes the public key uncompressed, so this one is made with -force_pubkey.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/p256.key"
openssl ec -in "$work/p256.key" -pubout -conv_form compressed -out "$work/p256c.pub" 2>/dev/null
openssl req -new -key "$work/p256.key" -subj "/CN=edge compressed point" -out "$work/p256.csr"
openssl x509 -req -in "$work/p256.csr" -signkey "$work/p256.key" -force_pubkey "$work/p256c.pub" \
  -extfile "$work/edge.cnf" -extensions ca_ext -set_serial 1 -days 3650 -out edge-ec-compressed.pem 2>/dev/null

openssl genpkey -algorithm ED25519 -out "$work/ed25519.key"
selfsign ed25519.key "/CN=edge ed25519" 00 20200101000000Z 20300101000000Z edge-ed25519.pem

openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out "$work/pss.key" 2>/dev/null
selfsign pss.key "/CN=edge rsa-pss" 7FFFFFFFFFFFFFFF 20231111111111Z 20331111111111Z edge-rsa-pss.pem

# An empty subject and issuer (X509CertificateTest: Node's subject and issuer are then undefined).
openssl genpkey -algorithm ED25519 -out "$work/empty.key"
openssl req -x509 -new -key "$work/empty.key" -subj "/" -set_serial 7 -days 36500 -out edge-empty-subject.pem
