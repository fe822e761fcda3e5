const net = require('net'); const tls = require('tls'); const fs = require('fs');
const pki = __dirname + '/../../pki/';
const ev = [];
function run(garbage, done) {
  const server = net.createServer((raw) => {
    const poll = setInterval(() => {
      if (raw.readableLength === 0) return;
      clearInterval(poll);
      ev.push('buffered before wrap ' + (raw.readableLength > 0));
      const s = new tls.TLSSocket(raw, {isServer: true, key: fs.readFileSync(pki+'server.key'), cert: fs.readFileSync(pki+'server-chain.pem')});
      s.on('secure', () => { ev.push('server secure'); s.end('hi'); });
      s.on('error', (e) => ev.push('server error ' + e.code));
      s.on('close', (h) => { ev.push('server close ' + h); server.close(done); });
    }, 1);
  });
  server.listen(0, '127.0.0.1', () => {
    if (garbage) {
      const c = net.connect(server.address().port, '127.0.0.1', () => c.write('GET / HTTP/1.1\r\n\r\n'));
      c.on('error', (e) => ev.push('client error ' + e.code));
      c.on('close', (h) => ev.push('client close ' + h));
      c.resume();
    } else {
      const c = tls.connect({port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false}, () => ev.push('client secureConnect'));
      c.on('data', (d) => ev.push('client data ' + d));
      c.on('close', (h) => ev.push('client close ' + h));
    }
  });
}
run(false, () => run(true, () => setTimeout(() => console.log(ev.join('\n')), 100)));
