'use strict';
// Answers queries about crypto.X509Certificate, for X509CertificateTest to compare with jtls.
//
//   node x509-certificate.js < queries.json
//
// stdin: a JSON array of queries, each {op, input, ...}: input is the base64 of the bytes given to
// new X509Certificate(); op is one of
//   properties                          every property (raw as hex, publicKey as SPKI PEM, the legacy
//                                       object as its JSON)
//   new                                 just the constructor (for its errors)
//   checkHost/checkEmail/checkIP        with arg and, when present, options
//   checkIssued                         with other: base64 of the other certificate
//   verify                              with other: base64 of the certificate whose public key is used
//   checkPrivateKey                     with key: a PEM private key
// stdout: a JSON array with one {value} or {error: {code, message, library, reason, stack}} per query
// (undefined becomes null).
const { X509Certificate, createPrivateKey } = require('node:crypto');

// Certificates asked about many times are read once (a failed read is not remembered, so each
// garbage input still throws).
const certs = new Map();
function cert(base64) {
  let x = certs.get(base64);
  if (x === undefined) {
    x = new X509Certificate(Buffer.from(base64, 'base64'));
    certs.set(base64, x);
  }
  return x;
}

function properties(x) {
  return {
    subject: x.subject,
    subjectAltName: x.subjectAltName,
    issuer: x.issuer,
    infoAccess: x.infoAccess,
    validFrom: x.validFrom,
    validTo: x.validTo,
    fingerprint: x.fingerprint,
    fingerprint256: x.fingerprint256,
    fingerprint512: x.fingerprint512,
    keyUsage: x.keyUsage,
    serialNumber: x.serialNumber,
    raw: x.raw.toString('hex'),
    ca: x.ca,
    toString: x.toString(),
    toJSON: x.toJSON(),
    publicKey: x.publicKey.export({ type: 'spki', format: 'pem' }),
    issuerCertificate: x.issuerCertificate === undefined ? null : 'set',
    legacy: JSON.stringify(x.toLegacyObject()),
  };
}

function answer(q) {
  switch (q.op) {
    case 'properties': return properties(cert(q.input));
    case 'new': cert(q.input); return true;
    case 'checkHost':
    case 'checkEmail':
    case 'checkIP': {
      const x = cert(q.input);
      return 'options' in q ? x[q.op](q.arg, q.options) : x[q.op](q.arg);
    }
    case 'checkIssued': return cert(q.input).checkIssued(cert(q.other));
    case 'verify': return cert(q.input).verify(cert(q.other).publicKey);
    case 'checkPrivateKey': return cert(q.input).checkPrivateKey(createPrivateKey(q.key));
    default: throw new Error('unknown op ' + q.op);
  }
}

function nulls(value) {
  if (value === undefined) return null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nulls(v)]));
  }
  return value;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map((q) => {
    try {
      return { value: nulls(answer(q)) };
    } catch (e) {
      return {
        error: {
          code: e.code ?? null,
          message: e.message,
          library: e.library ?? null,
          reason: e.reason ?? null,
          stack: e.opensslErrorStack ?? null,
        },
      };
    }
  });
  process.stdout.write(JSON.stringify(results) + '\n');
});
