// Sends raw bytes over plain TCP to a Node TLS server and prints, one line, the code of the
// server's 'tlsClientError' and the bytes the server answered with (hex, "-" for none), once
// the server has closed the connection.
// Usage: node tls-server-garbage.js <PEM key file> <PEM certificate chain file> <hex bytes>
'use strict';
const tls = require('tls');
const net = require('net');
const fs = require('fs');

const [key, cert, hex] = process.argv.slice(2);
let code = 'none';
const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) });
server.on('tlsClientError', (e) => { code = e.code; });
server.listen(0, '127.0.0.1', () => {
  const raw = net.connect(server.address().port, '127.0.0.1', () => raw.write(Buffer.from(hex, 'hex')));
  const answer = [];
  raw.on('data', (d) => answer.push(d));
  raw.on('error', () => {});
  raw.on('close', () => {
    const bytes = Buffer.concat(answer).toString('hex');
    console.log(`${code} ${bytes || '-'}`);
    server.close();
  });
});
