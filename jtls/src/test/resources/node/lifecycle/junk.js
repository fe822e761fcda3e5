// Sends a junk ClientHello (a handshake record whose body is malformed), then a large one that
// keeps coming after the server failed; prints what the client socket saw for the small one and
// that the large one's socket closed. The server closes the large one with most of the megabyte
// unread, so the kernel resets the connection: whether the client reads the alert and FIN before
// the reset is a race between two processes (a node server in a process of its own loses it about
// nine times in ten), so only the close is printed for it.
// With a port argument it probes that server; without, it probes a node tls server of its own and
// first prints the code of each 'tlsClientError' that server emitted.
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
  probe(port, small, (a) => probe(port, large, () => done([a, 'closed'])));
}
const port = +process.argv[2];
if (port) {
  probes(port, (lines) => console.log(lines.join('\n')));
} else {
  const codes = [];
  const server = tls.createServer({key: fs.readFileSync(pki + 'server.key'), cert: fs.readFileSync(pki + 'server-chain.pem')});
  server.on('tlsClientError', (e) => codes.push('tlsClientError ' + e.code));
  server.listen(0, '127.0.0.1', () => probes(server.address().port, (lines) => {
    console.log(codes.concat(lines).join('\n'));
    server.close();
  }));
}
