// Sends a junk ClientHello (a handshake record whose body is malformed), then a large one that
// keeps coming after the server failed; prints what the client socket saw for each.
// With a port argument it probes that server; without, it probes a node tls server of its own.
const net = require('net'); const tls = require('tls'); const fs = require('fs');
const pki = __dirname + '/../../pki/';
function probe(port, payload, done) {
  const c = net.connect(port, '127.0.0.1', () => c.write(payload));
  const ev = [];
  c.on('data', (d) => ev.push('data'));
  c.on('end', () => ev.push('end'));
  c.on('error', (e) => ev.push('error ' + e.code));
  c.on('close', (h) => { ev.push('close ' + h); done(ev.join(', ')); });
}
const small = Buffer.from('160301002e0100002a0303' + '00'.repeat(40), 'hex');
const large = Buffer.concat([Buffer.from('16030140000100', 'hex'), Buffer.alloc(1 << 20, 0x41)]);
function probes(port, done) {
  probe(port, small, (a) => probe(port, large, (b) => { console.log(a); console.log(b); done(); }));
}
const port = +process.argv[2];
if (port) {
  probes(port, () => {});
} else {
  const server = tls.createServer({key: fs.readFileSync(pki + 'server.key'), cert: fs.readFileSync(pki + 'server-chain.pem')});
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1', () => probes(server.address().port, () => server.close()));
}
