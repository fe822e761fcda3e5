const net = require('net'); const tls = require('tls'); const fs = require('fs');
const pki = __dirname + '/../../pki/';
const ev = [];
function run(mod, opts, copts, name, done) {
  const server = mod.createServer(opts, (s) => {
    s.on('end', () => ev.push(name + ' end'));
    s.on('close', (e) => { ev.push(name + ' close ' + e); server.close(() => { ev.push(name + ' server closed'); done(); }); });
  });
  server.listen(0, '127.0.0.1', () => {
    const c = mod.connect(Object.assign({port: server.address().port, host: '127.0.0.1'}, copts), () => c.end());
    c.resume();
  });
}
const tlsOpts = {key: fs.readFileSync(pki+'server.key'), cert: fs.readFileSync(pki+'server-chain.pem')};
run(net, {}, {}, 'net', () => run(tls, tlsOpts, {rejectUnauthorized: false}, 'tls', () => console.log(ev.join('\n'))));
setTimeout(() => { console.log('TIMEOUT', ev.join('\n')); process.exit(1); }, 5000).unref();
