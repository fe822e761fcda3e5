'use strict';
// A Node ALPN peer for dev.jtls.tls.interop.AlpnInteropTest. Prints JSON lines.
//
//   node alpn-peer.js server KEY CERT PROTOCOLS      listens on 127.0.0.1:0; prints {"event":"listening","port"},
//                                                    then per connection {"event":"secureConnection","alpnProtocol"}
//                                                    or {"event":"tlsClientError","code"}
//   node alpn-peer.js client PORT CA PROTOCOLS       connects once; prints {"event":"secureConnect","alpnProtocol"}
//                                                    or {"event":"error","code"}
// PROTOCOLS is a comma-separated list ("" for no ALPN).
const tls = require('node:tls');
const fs = require('node:fs');

const print = (event) => console.log(JSON.stringify(event));
const list = (text) => (text ? text.split(',') : undefined);
const [mode, a, b, protocols] = process.argv.slice(2);

if (mode === 'server') {
  const server = tls.createServer({ key: fs.readFileSync(a), cert: fs.readFileSync(b), ALPNProtocols: list(protocols) },
    (socket) => {
      print({ event: 'secureConnection', alpnProtocol: socket.alpnProtocol });
      socket.end();
    });
  server.on('tlsClientError', (e) => print({ event: 'tlsClientError', code: e.code || null }));
  server.listen(0, '127.0.0.1', () => print({ event: 'listening', port: server.address().port }));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else {
  const socket = tls.connect({ host: '127.0.0.1', port: Number(a), ca: fs.readFileSync(b), servername: 'localhost',
    ALPNProtocols: list(protocols) }, () => {
    print({ event: 'secureConnect', alpnProtocol: socket.alpnProtocol });
    socket.end();
  });
  socket.on('error', (e) => print({ event: 'error', code: e.code || null }));
}
