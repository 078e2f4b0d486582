/**
 * botbuilder-dialogs' stand-in (src/teams/lazy-dialogs.ts) works in Node's own module cache, which
 * Jest's registry never consults, so it runs in a plain Node child as production does: the module
 * is transpiled here and compiled there under its own path (so it resolves the project's packages).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const SOURCE = join(__dirname, '..', '..', '..', 'src', 'teams', 'lazy-dialogs.ts');

const PROBE = `
const Module = require('node:module');
const { dirname } = require('node:path');
const source = process.env.LAZY_DIALOGS_PATH;
const standInInstaller = new Module(source);
standInInstaller.filename = source;
standInInstaller.paths = Module._nodeModulePaths(dirname(source));
standInInstaller._compile(process.env.LAZY_DIALOGS_JS, source);
const load = Module.createRequire(source);
const promptsLoaded = () => Object.keys(load.cache).some((f) => /botbuilder-dialogs[\\\\/]lib[\\\\/]prompts[\\\\/]choicePrompt/.test(f));
const { Application } = load('@microsoft/teams-ai/lib/Application');
const { TeamsAdapter } = load('@microsoft/teams-ai/lib/TeamsAdapter');
const { Authentication } = load('@microsoft/teams-ai/lib/authentication/Authentication');
const { MemoryStorage } = load('botbuilder');
const app = new Application({ adapter: new TeamsAdapter(), storage: new MemoryStorage() });
const auth = new Authentication(app, 'approvals', { connectionName: 'approvals', title: 'Sign in' });
const promptsAtStart = promptsLoaded();
const standIn = load('botbuilder-dialogs');
const oauthPrompt = standIn.OAuthPrompt;
const textPrompt = standIn.TextPrompt;
const real = load('botbuilder-dialogs');
process.stdout.write(JSON.stringify({
  promptsAtStart,
  promptsAfterAsking: promptsLoaded(),
  oauthPromptIsTheRealOne: oauthPrompt === real.OAuthPrompt,
  textPromptIsTheRealOne: typeof textPrompt === 'function' && textPrompt === real.TextPrompt,
  botFlowPromptIsAnOAuthPrompt: auth._botAuth._oauthPrompt instanceof real.OAuthPrompt,
}));
`;

function runProbe(): Record<string, boolean> {
  const js = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const out = execFileSync(process.execPath, ['-e', PROBE], {
    env: { ...process.env, LAZY_DIALOGS_PATH: SOURCE, LAZY_DIALOGS_JS: js },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, boolean>;
}

describe('botbuilder-dialogs on demand', () => {
  it('teams-ai starts with its OAuth sign-in without loading the prompts; any other name loads the real package', () => {
    expect(runProbe()).toEqual({
      promptsAtStart: false,
      promptsAfterAsking: true,
      oauthPromptIsTheRealOne: true,
      textPromptIsTheRealOne: true,
      botFlowPromptIsAnOAuthPrompt: true,
    });
  });
});
