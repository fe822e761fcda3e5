'use strict';
// Prints Node's certificate objects as JSON, for CertificateObjectTest to compare with jtls's.
//
//   node cert-object.js tls <key.pem> <cert-chain.pem> [ca.pem ...]
//     A TLS server on 127.0.0.1 presents <cert-chain.pem>; a client trusting the ca files
//     connects and prints three lines: JSON of getPeerCertificate(), JSON of
//     getPeerCertificate(true), and a JSON array telling, for each object of the detailed
//     chain, whether its issuerCertificate is the object itself.
//   node cert-object.js legacy <certs.pem> ...
//     One line per certificate: JSON of new X509Certificate(pem).toLegacyObject().
//
// JSON.stringify cannot write the cycle of a self-signed root (issuerCertificate === itself), so
// that one link is dropped, exactly as PeerCertificate.toJson() does.
const tls = require('node:tls');
const fs = require('node:fs');
const { X509Certificate } = require('node:crypto');

function withoutSelfLink(key, value) {
  return key === 'issuerCertificate' && value === this ? undefined : value;
}

function selfLinks(cert) {
  const links = [];
  for (let c = cert; c; c = c.issuerCertificate === c ? null : c.issuerCertificate) {
    links.push(c.issuerCertificate === c);
  }
  return links;
}

function pemBlocks(file) {
  return fs.readFileSync(file, 'latin1').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) || [];
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'legacy') {
  for (const file of args) {
    for (const pem of pemBlocks(file)) {
      console.log(JSON.stringify(new X509Certificate(pem).toLegacyObject()));
    }
  }
} else if (mode === 'tls') {
  const [key, cert, ...cas] = args;
  const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) => s.end());
  server.listen(0, '127.0.0.1', () => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: server.address().port,
      ca: cas.map((f) => fs.readFileSync(f)),
      rejectUnauthorized: false,
    }, () => {
      const detailed = socket.getPeerCertificate(true);
      console.log(JSON.stringify(socket.getPeerCertificate()));
      console.log(JSON.stringify(detailed, withoutSelfLink));
      console.log(JSON.stringify(selfLinks(detailed)));
      socket.end();
      server.close();
    });
    socket.on('error', (e) => { console.error(e); process.exit(2); });
  });
} else {
  console.error('usage: cert-object.js tls <key> <cert-chain> [ca ...] | legacy <certs.pem> ...');
  process.exit(64);
}
