// Connects a Node TLS client to 127.0.0.1:<port> and prints how the connection ended, one line:
// "error <code> <base64 of the message>" or "secureConnect <authorized> <authorizationError>".
// Usage: node tls-client-verdict.js <port> <servername> <CA PEM file, or - for Node's default CAs>
//        <rejectUnauthorized: true|false>
'use strict';
const tls = require('tls');
const fs = require('fs');

const [port, servername, caFile, reject] = process.argv.slice(2);
const b64 = (s) => Buffer.from(String(s), 'utf8').toString('base64');
const socket = tls.connect({
  port: Number(port),
  host: '127.0.0.1',
  servername,
  ca: caFile === '-' ? undefined : fs.readFileSync(caFile),
  rejectUnauthorized: reject === 'true',
});
socket.on('error', (e) => {
  console.log(`error ${e.code} ${b64(e.message)}`);
  socket.destroy();
});
socket.on('secureConnect', () => {
  console.log(`secureConnect ${socket.authorized} ${socket.authorizationError}`);
  socket.destroy();
});
