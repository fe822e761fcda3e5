// Provokes certificate verification failures in Node over loopback and prints what Node reports,
// one line per scenario: "<scenario> <code> <base64 of the message>" for a client's error,
// "<scenario> <authorizationError>" for a server's view of a client.
// Usage: node verify-errors.js <dir holding the PEM files named below>
'use strict';
const tls = require('tls');
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const pem = (name) => fs.readFileSync(path.join(dir, name));
const b64 = (s) => Buffer.from(String(s), 'utf8').toString('base64');

// Each client scenario: the server's key and chain, the client's trusted CAs (undefined = Node's).
const clientScenarios = [
  ['self-signed', 'self.key', ['self.pem'], undefined],
  ['untrusted-leaf', 'leaf.key', ['leaf.pem'], undefined],
  ['untrusted-root-in-chain', 'leaf.key', ['leaf.pem', 'ca.pem'], undefined],
  ['unhandled-critical-extension', 'critical.key', ['critical.pem'], ['critical.pem']],
];

function clientError([name, key, chain, ca]) {
  return new Promise((resolve) => {
    const server = tls.createServer({ key: pem(key), cert: Buffer.concat(chain.map(pem)) }, (s) => s.end());
    server.on('tlsClientError', () => {});
    server.listen(0, '127.0.0.1', () => {
      const socket = tls.connect({
        port: server.address().port, host: '127.0.0.1', servername: 'localhost', ca: ca && ca.map(pem),
      });
      const done = (line) => { socket.destroy(); server.close(); resolve(line); };
      socket.on('error', (e) => done(`${name} ${e.code} ${b64(e.message)}`));
      socket.on('secureConnect', () => done(`${name} connected`));
    });
  });
}

function serverViewOfClientWithoutCertificate() {
  return new Promise((resolve) => {
    const server = tls.createServer(
      { key: pem('self.key'), cert: pem('self.pem'), requestCert: true, rejectUnauthorized: false },
      (s) => { resolve(`no-client-certificate ${s.authorizationError}`); s.end(); server.close(); });
    server.listen(0, '127.0.0.1', () => {
      const socket = tls.connect({ port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false });
      socket.on('error', () => {});
      socket.on('end', () => socket.destroy());
    });
  });
}

(async () => {
  const lines = [];
  for (const scenario of clientScenarios) lines.push(await clientError(scenario));
  lines.push(await serverViewOfClientWithoutCertificate());
  process.stdout.write(lines.join('\n') + '\n');
})();
