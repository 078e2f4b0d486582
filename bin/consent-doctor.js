#!/usr/bin/env node
'use strict';
/**
 * Launcher: runs src/cli.ts under tsx with the simulator's local CA trusted (NODE_EXTRA_CA_CERTS is
 * read only at process start, so scripts/with-sim-ca.js starts a child with it set).
 */
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const tsxCli = require.resolve('tsx/cli', { paths: [root] });
const child = spawn(
  process.execPath,
  [
    path.join(root, 'scripts', 'with-sim-ca.js'),
    process.execPath,
    tsxCli,
    path.join(root, 'src', 'cli.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: process.env },
);
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));
child.on('error', (err) => {
  process.stderr.write(`consent-doctor: cannot start: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
