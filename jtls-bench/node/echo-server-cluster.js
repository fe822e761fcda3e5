// The Node yardstick on several cores: the echo server of echo-server.js in N cluster workers (default 2).
// The primary only hands connections to the workers (Node's default scheduling on Linux: it accepts and
// passes each connection round-robin), as a Node user scales a TLS server over the cores of one machine.
// usage: node echo-server-cluster.js PORT CERT KEY [WORKERS]
'use strict';
const cluster = require('node:cluster');
const path = require('node:path');

const [port, certFile, keyFile, workersText] = process.argv.slice(2);
if (!keyFile) {
  console.error('usage: node echo-server-cluster.js PORT CERT KEY [WORKERS]');
  process.exit(2);
}
const workers = Number(workersText || 2);

if (cluster.isPrimary) {
  cluster.setupPrimary({ exec: path.join(__dirname, 'echo-server.js'), args: [port, certFile, keyFile] });
  for (let i = 0; i < workers; i++) cluster.fork();
  // A worker that dies would silently halve the figures: stop the whole server instead.
  cluster.on('exit', (worker, code) => {
    console.error(`worker ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
}
