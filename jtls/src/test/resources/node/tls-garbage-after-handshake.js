// A Node client completes a TLS handshake with a Node server and, once the server has said "ready"
// (so both ends are secure), writes raw bytes straight onto its TCP socket, under TLS. Prints the
// codes of the server socket's and the client's 'error' events, one line, once both have come.
// Usage: node tls-garbage-after-handshake.js <PEM key file> <PEM certificate chain file> <CA file> <hex bytes>
'use strict';
const tls = require('tls');
const net = require('net');
const fs = require('fs');

const [key, cert, ca, hex] = process.argv.slice(2);
const codes = {};
const report = (side, e) => {
  codes[side] = e.code;
  if (codes.server && codes.client) {
    console.log(`${codes.server} ${codes.client}`);
    process.exit(0);
  }
};
const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (s) => {
  s.on('error', (e) => report('server', e));
  s.resume();
  s.write('ready');
});
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1');
  const client = tls.connect({ socket: raw, servername: 'localhost', ca: fs.readFileSync(ca) });
  client.once('data', () => raw.write(Buffer.from(hex, 'hex')));
  client.on('error', (e) => report('client', e));
});
