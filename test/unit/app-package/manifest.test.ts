import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCENT_COLOR } from '../../../src/app-package/icons';
import { UnfilledPlaceholderError, fillPlaceholders, placeholderNames } from '../../../src/app-package/placeholders';
import { bundledSchemaPath, validateManifest } from '../../../src/app-package/validate-manifest';
import { FILLED_VARS, ROOT } from './helpers';

// strip-bom 5 is ESM-only and @microsoft/app-manifest requires it at load time: Node 20 allows that,
// jest's CommonJS runtime does not. Validation never strips a BOM here (manifests are passed as objects).
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const template = readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8');
const filled = (): Record<string, unknown> =>
  JSON.parse(fillPlaceholders(template, FILLED_VARS)) as Record<string, unknown>;

describe('appPackage/manifest.json', () => {
  test('uses exactly the documented placeholders', () => {
    expect(placeholderNames(template).sort()).toEqual(Object.keys(FILLED_VARS).sort());
  });

  test('filled, it validates against the bundled Teams schema (offline)', async () => {
    expect(await validateManifest(filled())).toEqual([]);
  });

  test('targets the newest bundled schema at 1.22 or later', () => {
    const manifest = filled();
    expect(Number(String(manifest.manifestVersion).split('.')[1])).toBeGreaterThanOrEqual(22);
    expect(String(manifest.$schema)).toContain(`/v${String(manifest.manifestVersion)}/`);
    expect(bundledSchemaPath(String(manifest.$schema))).toMatch(/v1\.\d+[/\\]MicrosoftTeams\.schema\.json$/);
  });

  test('the schema check catches real mistakes', async () => {
    const broken = { ...filled(), accentColor: 'blue', name: { short: 'x'.repeat(31) } };
    const errors = await validateManifest(broken);
    expect(errors).toEqual(
      expect.arrayContaining([expect.stringContaining('/accentColor'), expect.stringContaining('/name/short')]),
    );
  });

  test('bot in personal and team scope, commands per scope, ids from the env', () => {
    const manifest = filled();
    expect(manifest).toMatchObject({
      id: FILLED_VARS.TEAMS_APP_ID,
      name: { short: 'Consent Doctor' },
      accentColor: ACCENT_COLOR,
      validDomains: [FILLED_VARS.BOT_DOMAIN],
      webApplicationInfo: { id: FILLED_VARS.BOT_ID },
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    const bots = manifest.bots as Array<{
      botId: string;
      scopes: string[];
      supportsFiles: boolean;
      commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
    }>;
    expect(bots).toHaveLength(1);
    expect(bots[0]).toMatchObject({ botId: FILLED_VARS.BOT_ID, scopes: ['personal', 'team'], supportsFiles: false });
    const titles = Object.fromEntries(
      bots[0]!.commandLists.map((l) => [l.scopes.join(','), l.commands.map((c) => c.title)]),
    );
    expect(titles).toEqual({
      personal: ['help', 'status', 'cancel'],
      team: ['use this channel for approvals', 'digest', 'audit <request>', 'help'],
    });
  });

  test('app version follows package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(filled().version).toBe(pkg.version);
  });
});

describe('fillPlaceholders', () => {
  test('refuses, naming every unfilled variable', () => {
    const vars = { ...FILLED_VARS, BOT_ID: '', BOT_DOMAIN: undefined };
    expect(() => fillPlaceholders(template, vars)).toThrow(UnfilledPlaceholderError);
    try {
      fillPlaceholders(template, vars);
    } catch (err) {
      expect((err as UnfilledPlaceholderError).variables).toEqual(['BOT_ID', 'BOT_DOMAIN']);
      expect((err as Error).message).toContain('${{BOT_ID}}');
      expect((err as Error).message).toContain('${{BOT_DOMAIN}}');
    }
  });

  test('tolerates spaces inside the braces and escapes values for JSON', () => {
    expect(fillPlaceholders('{"a":"${{ X }}-${{X}}"}', { X: 'say "hi"\\' })).toBe(
      '{"a":"say \\"hi\\"\\\\-say \\"hi\\"\\\\"}',
    );
    expect(JSON.parse(fillPlaceholders('{"a":"${{X}}"}', { X: 'say "hi"' }))).toEqual({ a: 'say "hi"' });
  });
});
