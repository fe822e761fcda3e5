'use strict';
// Runs tls.createSecureContext() over each case of a JSON case file and prints one JSON line per
// case: {"name", "ok": true} or {"name", "code", "message", "library", "reason"}.
// In option values, {"$file": NAME} stands for the text of pki/NAME and {"$bytes": NAME} for its
// bytes (a Buffer). A case's "defaults" are assigned to tls.DEFAULT_* for that case only.
// Usage: node secure-context-cases.js CASES.json PKI_DIR
const fs = require('node:fs');
const path = require('node:path');
const tls = require('node:tls');

const [casesFile, pkiDir] = process.argv.slice(2);

function resolve(value) {
  if (Array.isArray(value)) return value.map(resolve);
  if (value !== null && typeof value === 'object') {
    if ('$file' in value) return fs.readFileSync(path.join(pkiDir, value.$file), 'utf8');
    if ('$bytes' in value) return fs.readFileSync(path.join(pkiDir, value.$bytes));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  }
  return value;
}

for (const c of JSON.parse(fs.readFileSync(casesFile, 'utf8'))) {
  const saved = {};
  for (const [name, value] of Object.entries(c.defaults ?? {})) {
    saved[name] = tls[name];
    tls[name] = value;
  }
  let result;
  try {
    tls.createSecureContext(resolve(c.options));
    result = { name: c.name, ok: true };
  } catch (e) {
    result = { name: c.name, code: e.code ?? null, message: e.message,
               library: e.library ?? null, reason: e.reason ?? null };
  } finally {
    Object.assign(tls, saved);
  }
  console.log(JSON.stringify(result));
}
