// Runs Node's real tls.checkServerIdentity over cases read from stdin as JSON
// ([[hostname, certObject], ...]) and prints one line per case:
//   OK
//   ERROR <code> <reason> <host> <message>
//   THROWN <code> <message>
// each field base64-encoded UTF-8, so any text survives the trip.
'use strict';
const tls = require('tls');

const b64 = (s) => Buffer.from(String(s), 'utf8').toString('base64');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const lines = cases.map(([hostname, cert]) => {
    try {
      const err = tls.checkServerIdentity(hostname, cert);
      if (err === undefined) return 'OK';
      return ['ERROR', ...[err.code, err.reason, err.host, err.message].map(b64)].join(' ');
    } catch (e) {
      return ['THROWN', ...[e.code, e.message].map(b64)].join(' ');
    }
  });
  process.stdout.write(lines.join('\n') + '\n');
});
