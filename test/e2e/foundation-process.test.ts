/**
 * The real process entry (src/index.ts): production without credentials must refuse to start,
 * naming every missing variable, and never fall back to running without authentication.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function runEntry(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // A minimal environment: nothing from the developer's shell (e.g. a real BOT_ID) leaks in.
    const child = spawn(process.execPath, [TSX, 'src/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('process entry', () => {
  it('NODE_ENV=production without credentials exits non-zero naming each missing variable', async () => {
    const result = await runEntry({ NODE_ENV: 'production' });
    expect(result.code).not.toBe(0);
    for (const variable of ['BOT_ID', 'BOT_PASSWORD', 'BOT_TENANT_ID', 'STORAGE_CONNECTION_STRING', 'CARD_MAC_KEY']) {
      expect(result.stderr).toContain(`${variable}:`);
    }
    expect(result.stdout).not.toContain('listening');
  });

  it('production with only an app id still refuses, naming what is missing', async () => {
    const result = await runEntry({ NODE_ENV: 'production', BOT_ID: '5c3d9726-656d-4733-adce-d2345cb2fd7f' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toContain('BOT_ID:');
    expect(result.stderr).toContain('BOT_PASSWORD:');
    expect(result.stderr).toContain('BOT_TENANT_ID:');
  });
});
