// A node TLS-PSK peer for jtls's interop tests.
//   node psk-peer.js server IDENTITY HEXKEY          listens on 127.0.0.1:0, prints "listening PORT"; for each
//                                                    connection prints "identity ID" from its pskCallback, then
//                                                    "secure PROTOCOL CIPHER", writes "psk ok\n" and ends
//   node psk-peer.js client PORT IDENTITY HEXKEY MAXVERSION
//                                                    connects, prints "hint HINT" from its pskCallback, then
//                                                    "secure PROTOCOL CIPHER authorized=BOOL", then what it read, then "end"
const tls = require('tls');
const CIPHERS = 'PSK+HIGH:TLS_AES_128_GCM_SHA256';
const [mode, ...args] = process.argv.slice(2);
if (mode === 'server') {
  const [identity, key] = args;
  const server = tls.createServer({
    ciphers: CIPHERS,
    pskIdentityHint: 'node hint',
    pskCallback: (socket, id) => { console.log('identity ' + id); return id === identity ? Buffer.from(key, 'hex') : null; },
  }, (socket) => {
    console.log('secure ' + socket.getProtocol() + ' ' + socket.getCipher().name);
    socket.on('error', () => {});
    socket.end('psk ok\n');
  });
  server.on('tlsClientError', (e) => console.log('tlsClientError ' + e.code));
  server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
} else {
  const [port, identity, key, maxVersion] = args;
  const socket = tls.connect({
    port: +port, host: '127.0.0.1', ciphers: CIPHERS, maxVersion, checkServerIdentity: () => undefined,
    pskCallback: (hint) => { console.log('hint ' + hint); return { psk: Buffer.from(key, 'hex'), identity }; },
  }, () => console.log('secure ' + socket.getProtocol() + ' ' + socket.getCipher().name + ' authorized=' + socket.authorized));
  let data = '';
  socket.on('data', (d) => { data += d; });
  socket.on('end', () => { process.stdout.write(data); console.log('end'); });
  socket.on('error', (e) => console.log('error ' + e.code));
}
