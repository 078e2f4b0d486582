/**
 * The one boundary with adaptivecards-templating. Templates are trusted JSON files in ./templates;
 * data is bound as `$root`. The library never evaluates `${...}` found inside data values (verified in
 * the tests), and `text.ts` breaks that sequence in untrusted strings anyway, so any `${` left in the
 * output is a template bug: unbound fields are left as literal `${name}` by the library.
 */
import * as ACData from 'adaptivecards-templating';
import type { AdaptiveCard } from './types';

export class TemplateExpansionError extends Error {
  override name = 'TemplateExpansionError';
}

/**
 * `$when` on an object-valued property leaves `key: null`, and an action list whose items were all
 * dropped stays as `[]`; hosts treat both as malformed, so they are removed.
 */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null || child === undefined) continue;
    if (key === 'actions' && Array.isArray(child) && child.length === 0) continue;
    out[key] = prune(child);
  }
  return out;
}

/**
 * Parsing a template's `${...}` expressions (adaptive-expressions' ANTLR parser) costs about a
 * millisecond per card, far more than binding data; the library's Template is documented as
 * reusable ("bound to different data objects in a loop") and expand() is synchronous, so each
 * template object is parsed once. Templates are module-level JSON, so the cache stays small.
 */
const prepared = new WeakMap<object, ACData.Template>();

function preparedTemplate(template: object): ACData.Template {
  let found = prepared.get(template);
  if (!found) {
    found = new ACData.Template(template);
    prepared.set(template, found);
  }
  return found;
}

export function expandTemplate(template: object, data: object): AdaptiveCard {
  // The library is typed with `any`; this is the single place its result is narrowed.
  const expanded: unknown = prune(preparedTemplate(template).expand({ $root: data }));
  if (typeof expanded !== 'object' || expanded === null || (expanded as { type?: unknown }).type !== 'AdaptiveCard') {
    throw new TemplateExpansionError('template did not expand to an AdaptiveCard');
  }
  const json = JSON.stringify(expanded);
  if (json.includes('${')) {
    const at = json.indexOf('${');
    throw new TemplateExpansionError(`unbound template expression near: ${json.slice(at, at + 60)}`);
  }
  return expanded as AdaptiveCard;
}
