'use strict';
// A Node TLS client as an interop peer for jtls's server (see dev.jtls.tls.interop.NodeClientPeer).
//
//   node tls-client.js '<options JSON>'
//     options: every tls.connect option given as JSON (port, host, path, servername, ...);
//     key, cert and ca are file names, read here.
//
// It prints one JSON object per line:
//   {"event":"secureConnect", protocol, cipher, authorized, authorizationError, peerCommonName}
//   {"event":"data","base64":...}        bytes from the server
//   {"event":"end"}                      the server ended its side
//   {"event":"error","code":...,"message":...}
//   {"event":"close"}
// What arrives on stdin is written to the connection; stdin's end ends it. With the extra option
// "closeAtOnce": true, the socket is destroyed as soon as its close_notify is sent ('finish'),
// without waiting for the server's.
const tls = require('node:tls');
const fs = require('node:fs');

const options = JSON.parse(process.argv[2]);
const closeAtOnce = options.closeAtOnce;
delete options.closeAtOnce;
for (const name of ['key', 'cert', 'ca']) {
  if (options[name]) options[name] = fs.readFileSync(options[name]);
}

const print = (event) => console.log(JSON.stringify(event));

const socket = tls.connect(options, () => {
  const peer = socket.getPeerCertificate();
  print({
    event: 'secureConnect',
    protocol: socket.getProtocol(),
    cipher: socket.getCipher().name,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    peerCommonName: peer && peer.subject ? peer.subject.CN : null,
  });
});
socket.on('data', (d) => print({ event: 'data', base64: d.toString('base64') }));
socket.on('end', () => print({ event: 'end' }));
socket.on('error', (e) => print({ event: 'error', code: e.code || null, message: e.message }));
socket.on('close', () => {
  print({ event: 'close' });
  process.stdin.destroy();
});
process.stdin.on('data', (d) => socket.write(d));
process.stdin.on('end', () => (closeAtOnce ? socket.end(() => socket.destroy()) : socket.end()));
