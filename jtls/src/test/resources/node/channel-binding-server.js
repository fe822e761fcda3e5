'use strict';
// A Node TLS server that reports, for its one connection, what Node's channel-binding methods give
// (see dev.jtls.tls.interop.ChannelBindingInteropTest).
//
//   node channel-binding-server.js KEY CERT MAX_VERSION
//
// Prints {"event":"listening","port":N}, then on the secure connection one JSON line with hex
// strings: finished, peerFinished, ekm (32 bytes, label "EXPERIMENTAL-jtls", context "ctx"),
// ekmNoContext (16 bytes, label "EXPERIMENTAL-jtls"), sessionReused; then ends the connection.
const tls = require('node:tls');
const fs = require('node:fs');

const [key, cert, maxVersion] = process.argv.slice(2);
const hex = (b) => (b === undefined ? null : b.toString('hex'));
const print = (event) => console.log(JSON.stringify(event));

const server = tls.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert), maxVersion }, (socket) => {
  print({
    event: 'secureConnection',
    finished: hex(socket.getFinished()),
    peerFinished: hex(socket.getPeerFinished()),
    ekm: hex(socket.exportKeyingMaterial(32, 'EXPERIMENTAL-jtls', Buffer.from('ctx'))),
    ekmNoContext: hex(socket.exportKeyingMaterial(16, 'EXPERIMENTAL-jtls')),
    sessionReused: socket.isSessionReused(),
  });
  socket.end();
  server.close();
});
server.listen(0, '127.0.0.1', () => print({ event: 'listening', port: server.address().port }));
