#!/usr/bin/env node
'use strict';
/**
 * Runs a command with the simulator's local CA trusted:
 *   node scripts/with-sim-ca.js jest --runInBand
 * Ensures <data dir>/sim/ca.pem exists (see scripts/sim-ca.js), then spawns the command (bins are
 * resolved from node_modules/.bin) with NODE_EXTRA_CA_CERTS pointing at the CA, inheriting stdio
 * and the exit code, and forwarding SIGINT/SIGTERM.
 *
 * Node reads NODE_EXTRA_CA_CERTS once, at start-up, which is why this must be a parent process.
 * If NODE_EXTRA_CA_CERTS already names a different bundle, a combined bundle (that bundle + our CA)
 * is written next to the CA and used instead, so corporate CAs keep working.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { X509Certificate } = require('node:crypto');
const { ensureSimCa, PROJECT_ROOT } = require('./sim-ca');

/**
 * A bundle inherited from another checkout or data dir may already hold a simulator CA with the
 * same name; two CAs with one subject make TLS verification pick the wrong one, so drop those.
 */
function withoutOtherSimCas(bundle, ours) {
  const subject = new X509Certificate(ours).subject;
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks
    .filter((pem) => {
      try {
        return new X509Certificate(pem).subject !== subject;
      } catch {
        return true;
      }
    })
    .join('\n');
}

function extraCaFile(caPath) {
  const current = process.env.NODE_EXTRA_CA_CERTS;
  if (!current || path.resolve(current) === path.resolve(caPath)) return caPath;
  let existing;
  try {
    existing = fs.readFileSync(current, 'utf8');
  } catch {
    return caPath; // the configured bundle does not exist: Node would only warn about it
  }
  const ours = fs.readFileSync(caPath, 'utf8');
  if (existing.includes(ours.trim())) return current;
  const combined = path.join(path.dirname(caPath), 'extra-ca-bundle.pem');
  const content = `${withoutOtherSimCas(existing, ours).trim()}\n${ours}`;
  let previous = null;
  try {
    previous = fs.readFileSync(combined, 'utf8');
  } catch {
    /* first run */
  }
  if (previous !== content) {
    const tmp = `${combined}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, combined);
  }
  return combined;
}

function resolveCommand(cmd) {
  if (cmd.includes('/') || cmd.includes('\\')) return cmd;
  const bin = path.join(PROJECT_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? `${cmd}.cmd` : cmd);
  return fs.existsSync(bin) ? bin : cmd;
}

/**
 * Node 20.19+ loads ES modules through require(); tsx 4.19 then fails on a file restify and
 * botbuilder pull in ("Unexpected string" in async-function/require.mjs). Turning that feature off
 * restores the classic loader; older Node 20 releases don't know the flag, so add it only where known.
 */
function nodeOptions(current) {
  const flag = '--no-experimental-require-module';
  const options = current ? current.split(' ').filter(Boolean) : [];
  if (process.allowedNodeEnvironmentFlags.has(flag) && !options.includes(flag)) options.push(flag);
  return options.join(' ') || undefined;
}

function main() {
  const args = process.argv.slice(2);
  const { caPath } = ensureSimCa();
  const env = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: extraCaFile(caPath),
    NODE_OPTIONS: nodeOptions(process.env.NODE_OPTIONS),
  };
  if (args.length === 0) {
    process.stdout.write(`${env.NODE_EXTRA_CA_CERTS}\n`);
    return;
  }
  const child = spawn(resolveCommand(args[0]), args.slice(1), {
    stdio: 'inherit',
    env,
    shell: process.platform === 'win32',
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('error', (err) => {
    process.stderr.write(`with-sim-ca: cannot run ${args[0]}: ${err.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}

main();
