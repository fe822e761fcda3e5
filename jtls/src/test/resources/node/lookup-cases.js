'use strict';
// The lookup connect option under node, case by case, for dev.jtls.tls.LookupOptionTest, which
// runs the same cases through jtls and compares the lines.
//
//   node lookup-cases.js <port> <ca file>
//
// A TLS server on 127.0.0.1:<port> serves a certificate for localhost issued by <ca file>. Each
// case connects to a name (or an IP literal) through a custom lookup and prints one line:
//   <case> called=<hostname or -> secureConnect <remoteAddress>
//   <case> called=<hostname or -> error <code> <message, with the port as PORT>
const tls = require('node:tls');
const fs = require('node:fs');

const port = Number(process.argv[2]);
const ca = fs.readFileSync(process.argv[3]);

const cases = [
  ['list', 'jtls.test', (answer) => answer(null, [{ address: '127.0.0.1', family: 4 }])],
  ['unreachableFirst', 'jtls.test', (answer) => answer(null, [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }])],
  ['error', 'jtls.test', (answer) => answer(Object.assign(new Error('no such name here'), { code: 'ENOTFOUND' }))],
  ['notAnIp', 'jtls.test', (answer) => answer(null, [{ address: 'nowhere', family: 4 }])],
  ['badFamily', 'jtls.test', (answer) => answer(null, [{ address: '127.0.0.1', family: 5 }])],
  ['literalHost', '127.0.0.1', (answer) => answer(null, [{ address: '192.0.2.1', family: 4 }])],
];

function run(i) {
  if (i === cases.length) return;
  const [name, host, respond] = cases[i];
  let called = '-';
  const lookup = (hostname, options, callback) => {
    called = hostname + JSON.stringify(options);
    respond(callback);
  };
  const socket = tls.connect({ host, port, servername: 'localhost', ca, lookup }, () => {
    console.log(`${name} called=${called} secureConnect ${socket.remoteAddress}`);
    socket.destroy();
  });
  socket.on('error', (e) => console.log(`${name} called=${called} error ${e.code} ${e.message.replaceAll(String(port), 'PORT')}`));
  socket.on('close', () => run(i + 1));
}
run(0);
