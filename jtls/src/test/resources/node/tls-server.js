'use strict';
// A Node TLS server as an interop peer for jtls's client (see dev.jtls.tls.interop.NodeServerPeer).
//
//   node tls-server.js '<options JSON>'
//     options: every tls.createServer option given as JSON; key, cert and ca are file names,
//     read here. Plus "path": listen on that Unix-domain socket instead of 127.0.0.1:0.
//
// It serves one connection at a time and prints one JSON object per line:
//   {"event":"listening","port":N}                      (or "path")
//   {"event":"secureConnection", protocol, cipher, servername, authorized, authorizationError, peerCommonName}
//   {"event":"data","base64":...}                       bytes from the client
//   {"event":"end"}                                     the client ended its side
//   {"event":"error","code":...,"message":...}          the connection's socket failed
//   {"event":"close","hadError":...}                    the connection's socket closed
//   {"event":"tlsClientError","code":...,"message":...}
// What arrives on stdin is written to the current connection; stdin's end ends it.
const tls = require('node:tls');
const fs = require('node:fs');

const options = JSON.parse(process.argv[2]);
for (const name of ['key', 'cert', 'ca']) {
  if (options[name]) options[name] = fs.readFileSync(options[name]);
}
const path = options.path;
delete options.path;

const print = (event) => console.log(JSON.stringify(event));
let current = null;

const server = tls.createServer(options, (socket) => {
  current = socket;
  const peer = socket.getPeerCertificate();
  print({
    event: 'secureConnection',
    protocol: socket.getProtocol(),
    cipher: socket.getCipher().name,
    servername: socket.servername || null,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    peerCommonName: peer && peer.subject ? peer.subject.CN : null,
  });
  socket.on('data', (d) => print({ event: 'data', base64: d.toString('base64') }));
  socket.on('end', () => print({ event: 'end' }));
  socket.on('error', (e) => print({ event: 'error', code: e.code || null, message: e.message }));
  socket.on('close', (hadError) => print({ event: 'close', hadError }));
});
server.on('tlsClientError', (e) => print({ event: 'tlsClientError', code: e.code || null, message: e.message }));
process.stdin.on('data', (d) => current && current.write(d));
process.stdin.on('end', () => current && current.end());

const listening = () => print(path ? { event: 'listening', path } : { event: 'listening', port: server.address().port });
if (path) {
  server.listen(path, listening);
} else {
  server.listen(0, '127.0.0.1', listening);
}
