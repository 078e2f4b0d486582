/**
 * The bot SDK (botbuilder*, botframework-*, @microsoft/teams-ai, restify) is imported only under
 * src/teams/: read from the sources themselves, and enforced by the lint rule (which is also shown
 * to refuse such an import elsewhere, static, type-only or dynamic).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');
const BOT_SDK = /^(botbuilder|botframework-[^/]+|@microsoft\/teams-ai|restify)(-[^/]+)?(\/.*)?$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The bot SDK modules each file imports (static, dynamic, `import type`). */
function sdkImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map((imported) => imported.fileName).filter((name) => BOT_SDK.test(name));
}

function lint(filePath: string, text: string): { status: number | null; out: string } {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--stdin',
      '--stdin-filename',
      filePath,
      '--format',
      'json',
    ],
    {
      cwd: ROOT,
      input: text,
      encoding: 'utf8',
    },
  );
  return { status: run.status, out: run.stdout };
}

const PROBE = [
  "import type { TurnContext } from 'botbuilder';",
  "import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';",
  "import { MicrosoftAppCredentials } from 'botframework-connector';",
  "import restify from 'restify';",
  "export type Sent = import('botbuilder').Activity;",
  "export const later = () => import('botbuilder-azure-blobs');",
  'export const used: unknown[] = [TeamsAdapter, MicrosoftAppCredentials, restify];',
  'export type Turn = TurnContext;',
  '',
].join('\n');

describe('the bot SDK stays in src/teams/', () => {
  it('no file outside src/teams/ imports it', () => {
    const outside = sourceFiles(SRC)
      .filter((file) => !relative(SRC, file).startsWith('teams/'))
      .flatMap((file) => sdkImports(file).map((name) => `${relative(ROOT, file)}: ${name}`));
    expect(outside).toEqual([]);
  });

  it('src/teams/ does (the check reads real imports)', () => {
    const inside = sourceFiles(join(SRC, 'teams')).flatMap(sdkImports);
    expect(inside).toEqual(expect.arrayContaining(['botbuilder', 'restify', '@microsoft/teams-ai/lib/TeamsAdapter']));
  });

  it('the lint rule refuses each kind of SDK import outside src/teams/, and allows it inside', () => {
    const outside = lint('src/approvals/probe.ts', PROBE);
    expect(outside.status).toBe(1);
    const [result] = JSON.parse(outside.out) as Array<{ messages: Array<{ line: number; ruleId: string }> }>;
    expect(result.messages.map((m) => m.line).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new Set(result.messages.map((m) => m.ruleId))).toEqual(
      new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']),
    );

    const inside = lint('src/teams/probe.ts', PROBE);
    expect(JSON.parse(inside.out)).toEqual([expect.objectContaining({ errorCount: 0 })]);
    expect(inside.status).toBe(0);
  });
});

describe('the rest of src/ does not import src/teams/', () => {
  const EDGE_PROBE = "import { createTeamsEdge } from '../teams/edge';\nexport const edge = createTeamsEdge;\n";

  it('the lint rule refuses it outside the edge and the wiring', () => {
    const outside = lint('src/approvals/probe.ts', EDGE_PROBE);
    expect(outside.status).toBe(1);
    const [result] = JSON.parse(outside.out) as Array<{ messages: Array<{ ruleId: string }> }>;
    expect(result.messages.map((m) => m.ruleId)).toEqual(['no-restricted-imports']);
    expect(lint('src/app.ts', EDGE_PROBE.replace('../teams', './teams')).status).toBe(0);
  });
});
