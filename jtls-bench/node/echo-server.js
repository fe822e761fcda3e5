// The Node yardstick for the side-by-side benchmark: a TLS echo server on 127.0.0.1 with Node's defaults.
// usage: node echo-server.js PORT CERT KEY
'use strict';
const fs = require('node:fs');
const tls = require('node:tls');

const [port, certFile, keyFile] = process.argv.slice(2);
if (!keyFile) {
  console.error('usage: node echo-server.js PORT CERT KEY');
  process.exit(2);
}

const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (socket) => {
  // Load generators drop connections abruptly; a reset must not bring the server down.
  socket.on('error', () => socket.destroy());
  socket.pipe(socket);
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`node echo server on 127.0.0.1:${port} with ${process.version}, OpenSSL ${process.versions.openssl}`);
});
