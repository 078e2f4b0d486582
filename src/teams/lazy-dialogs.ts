/**
 * botbuilder-dialogs on demand. teams-ai's Application loads its Authentication, whose bot-flow sign-in
 * requires the whole of botbuilder-dialogs at start-up: its index loads every prompt with the
 * language recognizers (recognizers-text-*, globalize, culture models), ~37 MB of resident memory
 * in a bot that never prompts. teams-ai 1.7.4 uses five of its names, all from four small files;
 * this module puts a stand-in for the package index into Node's module cache that serves those
 * names from their own files and loads the real index the first time anything else is asked for.
 * The classes are the real ones either way (the index re-exports the same cached files).
 *
 * Import it before anything that loads teams-ai's Application (src/teams/edge.ts does). Under a
 * loader with its own module registry (Jest) the stand-in is never consulted and nothing changes.
 */
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

type Exports = Record<string | symbol, unknown>;

const load = createRequire(__filename);

/** The names teams-ai 1.7.4 reads from botbuilder-dialogs (lib/authentication/*.js), by the file that defines each. */
const NARROW_FILES: Readonly<Record<string, string>> = {
  Dialog: 'dialog',
  DialogTurnStatus: 'dialog',
  DialogReason: 'dialog',
  DialogSet: 'dialogSet',
  WaterfallDialog: 'waterfallDialog',
  OAuthPrompt: 'prompts/oauthPrompt',
};

let installedIndex: string | null = null;

/** Installs the stand-in once; a no-op when botbuilder-dialogs' index is already loaded. */
export function loadDialogsOnDemand(): void {
  const index = load.resolve('botbuilder-dialogs');
  if (installedIndex === index || load.cache[index]) return;
  installedIndex = index;
  const lib = dirname(index);
  let full: Exports | null = null;
  const loadFull = (): Exports => {
    if (!full) {
      delete load.cache[index];
      full = load(index) as Exports;
    }
    return full;
  };
  const read = (name: string | symbol): unknown => {
    if (full) return full[name];
    // Compiled ES modules ask this before anything else; answering it must not load the index.
    if (name === '__esModule') return true;
    const file = typeof name === 'string' ? NARROW_FILES[name] : undefined;
    return file ? (load(join(lib, file)) as Exports)[name] : loadFull()[name];
  };
  const standIn = new Proxy<Exports>(
    {},
    {
      get: (_target, name) => read(name),
      has: (_target, name) => name in loadFull(),
      ownKeys: () => Reflect.ownKeys(loadFull()),
      getOwnPropertyDescriptor: (_target, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(loadFull(), name);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const standInModule = new Module(index);
  standInModule.filename = index;
  standInModule.loaded = true;
  standInModule.exports = standIn;
  load.cache[index] = standInModule;
}

loadDialogsOnDemand();
