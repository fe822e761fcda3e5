'use strict';
// A Node client that connects twice, offering on the second connection the last session the first one
// gave ('session' event), and prints what it saw (dev.jtls.tls.interop.NoTicketInteropTest):
//
//   node session-client.js PORT CA_FILE
//
//   first|second secureConnect reused=BOOLEAN ticket=LENGTH|none
//   first|second session ticket=LENGTH|none
//   first|second error CODE
const tls = require('node:tls');
const fs = require('node:fs');

const [port, ca] = process.argv.slice(2);
const options = {host: '127.0.0.1', port: +port, servername: 'localhost', ca: fs.readFileSync(ca)};
const ticket = (socket) => {
  const t = socket.getTLSTicket();
  return t ? String(t.length) : 'none';
};

function connect(name, session, next) {
  let last = null;
  const socket = tls.connect({...options, session}, () => {
    console.log(name + ' secureConnect reused=' + socket.isSessionReused() + ' ticket=' + ticket(socket));
  });
  socket.on('session', (s) => {
    last = s;
    console.log(name + ' session ticket=' + ticket(socket));
  });
  socket.on('error', (e) => console.log(name + ' error ' + e.code));
  socket.on('close', () => next(last));
  socket.resume();
}

connect('first', undefined, (session) => connect('second', session, () => {}));
