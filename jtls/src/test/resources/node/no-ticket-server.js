'use strict';
// A Node server with SSL_OP_NO_TICKET in secureOptions: the reference that jtls's server is compared
// with (dev.jtls.tls.interop.NoTicketInteropTest).
//
//   node no-ticket-server.js PKI_DIR VERSION STORE CONNECTIONS
//     VERSION: min and max TLS version; STORE: "store" keeps sessions in a Map through 'newSession' /
//     'resumeSession', "none" adds no listener; CONNECTIONS: the server closes after accepting that many.
//
// Prints "listening PORT", then one line per session event, in the order they happen:
//   newSession ID_LENGTH | resumeSession ID_LENGTH found=BOOLEAN
// Each connection is answered with "hello\\n" and ended.
const tls = require('node:tls');
const fs = require('node:fs');
const {SSL_OP_NO_TICKET} = require('node:crypto').constants;

const [pki, version, store, connections] = process.argv.slice(2);
const server = tls.createServer({
  key: fs.readFileSync(pki + '/server.key'), cert: fs.readFileSync(pki + '/server-chain.pem'),
  minVersion: version, maxVersion: version, secureOptions: SSL_OP_NO_TICKET,
}, (socket) => socket.end('hello\n'));
if (store === 'store') {
  const sessions = new Map();
  server.on('newSession', (id, data, callback) => {
    console.log('newSession ' + id.length);
    sessions.set(id.toString('hex'), data);
    callback();
  });
  server.on('resumeSession', (id, callback) => {
    const data = sessions.get(id.toString('hex'));
    console.log('resumeSession ' + id.length + ' found=' + (data !== undefined));
    callback(null, data || null);
  });
}
let accepted = 0;
server.on('connection', (socket) => {
  socket.on('error', () => {});
  if (++accepted === +connections) server.close();
});
server.on('tlsClientError', () => {});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
