const tls = require('tls'); const fs = require('fs');
const pki = __dirname + '/../../pki/';
let errors = 0, closes = 0, rounds = 20;
const server = tls.createServer({key: fs.readFileSync(pki+'server.key'), cert: fs.readFileSync(pki+'server-chain.pem')}, (s) => {
  s.on('error', (e) => { errors++; console.log('server error', e.code); });
  s.on('close', (h) => { if (++closes === rounds) { server.close(); console.log('errors', errors, 'closes', closes); } });
  s.resume();

});
server.listen(0, '127.0.0.1', () => {
  for (let i = 0; i < rounds; i++) {
    const c = tls.connect({port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false}, () => { c.end(); c.destroy(); });
    c.on('error', () => {});
  }
});
