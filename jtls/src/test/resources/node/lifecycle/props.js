const tls = require('tls'); const fs = require('fs');
const pki = __dirname + '/../../pki/';
const server = tls.createServer({key: fs.readFileSync(pki+'server.key'), cert: fs.readFileSync(pki+'server-chain.pem')}, (s) => s.resume());
server.listen(0, '127.0.0.1', () => {
  const c = tls.connect({port: server.address().port, host: '127.0.0.1', rejectUnauthorized: false, highWaterMark: 1024}, () => {
    console.log('secure', c.readyState, c.readable, c.writable, c.timeout, c.readableHighWaterMark, c.writableHighWaterMark);
    c.setTimeout(5000); console.log('timeout', c.timeout); c.setTimeout(0);
    c.end(); console.log('after end', c.readyState, c.writable);
  });
  console.log('initial', c.readyState);
  c.resume();
  c.on('close', () => { console.log('closed', c.readyState, c.readable); server.close(); });
});
const s2 = new tls.TLSSocket(); console.log('bare', s2.readyState, s2.readable, s2.writable); s2.destroy();
