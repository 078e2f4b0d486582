/**
 * The Microsoft 365 Agents Toolkit files: m365agents.yml and m365agents.local.yml against the
 * Toolkit's own yml schema (test/schemas, offline), every ${{VARIABLE}} they, the Bicep parameters
 * and the manifest use declared in the env file, and .vscode tasks that exist where launch.json
 * names them.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..');
const SCHEMA_VERSION = 'v1.11';
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

function validator(): (doc: unknown) => string[] {
  const schema = JSON.parse(read(`test/schemas/m365agents.yaml.${SCHEMA_VERSION}.schema.json`)) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  return (doc) =>
    validate(doc)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** `${{NAME}}` placeholders (the Toolkit's syntax; `${{env:NAME}}` in launch.json is handled apart). */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{\{([A-Z][A-Z0-9_]*)\}\}/g)].map((m) => m[1]!))].sort();
}

/** Keys of an env file, plus `# SECRET_X=` lines that document a secret kept in the .user file. */
function declared(envText: string): Set<string> {
  const names = new Set<string>();
  for (const line of envText.split(/\r?\n/)) {
    const m = /^(?:#\s*)?(SECRET_[A-Z0-9_]+)=/.exec(line) ?? /^([A-Z][A-Z0-9_]*)=/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}

describe.each([
  ['m365agents.yml', 'env/.env.dev', ['provision', 'deploy', 'publish']],
  ['m365agents.local.yml', 'env/.env.local', ['provision', 'deploy']],
])('%s', (file, envFile, lifecycles) => {
  const text = read(file);
  const doc = parse(text) as Record<string, unknown>;

  it(`validates against the Agents Toolkit yml schema ${SCHEMA_VERSION}`, () => {
    expect(validator()(doc)).toEqual([]);
    expect(doc.version).toBe(SCHEMA_VERSION);
    expect(text.split('\n')[0]).toBe(
      `# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/${SCHEMA_VERSION}/yaml.schema.json`,
    );
  });

  it(`has the ${lifecycles.join(', ')} lifecycles`, () => {
    for (const stage of lifecycles)
      expect([stage, Array.isArray(doc[stage]) && (doc[stage] as unknown[]).length > 0]).toEqual([stage, true]);
  });

  it(`uses only variables ${envFile} declares`, () => {
    const known = declared(read(envFile));
    const used = placeholders(text);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((v) => !known.has(v))).toEqual([]);
  });
});

describe('the schema check itself', () => {
  it('rejects an unknown action, a missing required input and a wrong version', () => {
    const validate = validator();
    const base = parse(read('m365agents.yml')) as Record<string, unknown>;
    expect(validate({ ...base, provision: [{ uses: 'teamsApp/creat', with: { name: 'x' } }] })).not.toEqual([]);
    expect(
      validate({ ...base, deploy: [{ uses: 'azureAppService/zipDeploy', with: { artifactFolder: '.' } }] }),
    ).not.toEqual([]);
    expect(validate({ ...base, version: 'v1.7' })).not.toEqual([]);
  });
});

describe('env/.env.dev and the Azure deployment', () => {
  const known = declared(read('env/.env.dev'));

  it('declares every variable infra/azure.parameters.json and appPackage/manifest.json use', () => {
    const used = [
      ...placeholders(read('infra/azure.parameters.json')),
      ...placeholders(read('appPackage/manifest.json')),
    ];
    expect(used.filter((v) => !known.has(v))).toEqual([]);
  });

  it('declares every output of infra/azure.bicep (the Toolkit writes them back to it)', () => {
    const outputs = [...read('infra/azure.bicep').matchAll(/^output ([A-Z][A-Z0-9_]*) /gm)].map((m) => m[1]!);
    expect(outputs).toContain('BOT_AZURE_APP_SERVICE_RESOURCE_ID');
    expect(outputs.filter((v) => !known.has(v))).toEqual([]);
  });

  it('keeps secrets out of env/.env.dev: SECRET_ names are only documented in comments', () => {
    const assigned = read('env/.env.dev')
      .split(/\r?\n/)
      .filter((l) => /^(SECRET_|BOT_PASSWORD|CARD_MAC_KEY|STORAGE_CONNECTION_STRING)/.test(l));
    expect(assigned).toEqual([]);
  });

  it('passes every Bicep parameter without a default from the parameters file', () => {
    const bicep = read('infra/azure.bicep');
    const required = [...bicep.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]!);
    const passed = Object.keys(
      (JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, unknown> }).parameters,
    );
    expect(required.filter((p) => !passed.includes(p))).toEqual([]);
    const declaredParams = [...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]!);
    expect(passed.filter((p) => !declaredParams.includes(p))).toEqual([]);
  });

  it('sets the data directory the code reads, a supported Node LTS and secrets as Key Vault references', () => {
    const bicep = read('infra/azure.bicep');
    expect(bicep).toMatch(/name: 'CONSENT_DOCTOR_DATA_DIR'/);
    expect(bicep).not.toMatch(/name: 'DATA_DIR'/);
    expect(bicep).toMatch(/linuxFxVersion: 'NODE\|\$\{nodeVersion\}'/);
    expect(bicep).toMatch(/@allowed\(\['22-lts', '24-lts'\]\)/);
    for (const secret of ['BOT_PASSWORD', 'STORAGE_CONNECTION_STRING', 'CARD_MAC_KEY']) {
      expect(bicep).toMatch(new RegExp(`name: '${secret}', value: '@Microsoft\\.KeyVault\\(SecretUri=`));
    }
  });
});

describe('.vscode', () => {
  const launch = JSON.parse(read('.vscode/launch.json')) as {
    configurations: { name: string; preLaunchTask?: string; runtimeArgs?: string[] }[];
    compounds?: { configurations: string[] }[];
  };
  const tasks = JSON.parse(read('.vscode/tasks.json')) as { tasks: { label: string; dependsOn?: string[] }[] };
  const labels = new Set(tasks.tasks.map((t) => t.label));

  it('every preLaunchTask and dependsOn names a task, every compound a configuration', () => {
    const wanted = [
      ...launch.configurations.flatMap((c) => (c.preLaunchTask ? [c.preLaunchTask] : [])),
      ...tasks.tasks.flatMap((t) => t.dependsOn ?? []),
    ];
    expect(wanted.filter((t) => !labels.has(t))).toEqual([]);
    const names = new Set(launch.configurations.map((c) => c.name));
    expect((launch.compounds ?? []).flatMap((c) => c.configurations).filter((n) => !names.has(n))).toEqual([]);
  });

  it('runs the local Playground with npm start and can attach to a running bot', () => {
    expect(launch.configurations.some((c) => c.runtimeArgs?.join(' ') === 'start')).toBe(true);
    expect(launch.configurations.some((c) => (c as { request?: string }).request === 'attach')).toBe(true);
  });
});
