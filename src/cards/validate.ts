/**
 * The bot's own card rules, stricter than the Adaptive Cards parser (which, for instance, accepts an
 * Action.Execute without a verb). Pure: no dependency on the adaptivecards package, so the runtime can
 * use it too. The tests also parse every card with the official parser (test/unit/cards/official-parser.ts).
 */
import { safeHttpsUrl } from './links';
import { CARD_MAX_BYTES, jsonBytes } from './size';
import { MAX_DATA_VALUE_LENGTH, VERB_REQUIRED_KEYS, isCardVerb, isVerbDataKey } from './verbs';

export interface CardIssue {
  path: string;
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  issues: CardIssue[];
  bytes: number;
}

export interface ValidateOptions {
  maxBytes?: number;
}

export const CARD_VERSION = '1.5';
export const MAX_REFRESH_USER_IDS = 60;
const ALLOWED_DOLLAR_KEYS = new Set(['$schema']);

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly issues: CardIssue[] = [];
  private readonly ids = new Map<string, string>();

  report(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Every string anywhere, including action data: nothing may look like an unbound template. */
  scanStrings(value: unknown, path: string): void {
    if (typeof value === 'string') {
      if (value.includes('${')) this.report(path, 'unexpanded template expression "${"');
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => this.scanStrings(item, `${path}[${i}]`));
    } else if (isNode(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key.startsWith('$') && !ALLOWED_DOLLAR_KEYS.has(key))
          this.report(`${path}.${key}`, 'template directive left in card');
        this.scanStrings(child, `${path}.${key}`);
      }
    }
  }

  /** Elements and actions; `data` payloads are opaque here and checked per verb instead. */
  walk(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => this.walk(item, `${path}[${i}]`));
      return;
    }
    if (!isNode(value)) return;
    this.checkNode(value, path);
    for (const [key, child] of Object.entries(value)) {
      if (key === 'data' || key === 'refresh') continue;
      this.walk(child, `${path}.${key}`);
    }
  }

  private checkNode(node: Node, path: string): void {
    if (typeof node.id === 'string') {
      const first = this.ids.get(node.id);
      if (first !== undefined) this.report(path, `duplicate id "${node.id}" (first at ${first})`);
      else this.ids.set(node.id, path);
    }
    switch (node.type) {
      case 'Action.Execute':
        this.checkExecute(node, path);
        break;
      case 'Action.Submit':
        this.report(path, 'use Action.Execute (Universal Actions), not Action.Submit');
        break;
      case 'Action.OpenUrl':
        if (typeof node.url !== 'string' || safeHttpsUrl(node.url) === null)
          this.report(path, 'Action.OpenUrl needs an https url');
        break;
      case 'TextBlock':
        if (typeof node.text !== 'string' || node.text.trim() === '')
          this.report(path, 'TextBlock text must be a non-empty string');
        break;
      case 'AdaptiveCard':
        if (path !== '$' && node.version !== undefined && node.version !== CARD_VERSION)
          this.report(path, `nested card version must be ${CARD_VERSION}`);
        break;
      default:
        break;
    }
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && node.isRequired === true) {
      if (typeof node.errorMessage !== 'string' || node.errorMessage === '')
        this.report(path, 'required input needs an errorMessage');
      if (typeof node.label !== 'string' || node.label === '') this.report(path, 'required input needs a label');
    }
  }

  checkExecute(node: Node, path: string): void {
    const verb = node.verb;
    if (typeof verb !== 'string' || verb.trim() === '') {
      this.report(path, 'Action.Execute needs a non-empty verb');
      return;
    }
    if (!isCardVerb(verb)) {
      this.report(path, `unknown verb "${verb}"`);
      return;
    }
    const data = node.data ?? {};
    if (!isNode(data)) {
      this.report(`${path}.data`, 'data must be an object');
      return;
    }
    for (const [key, value] of Object.entries(data)) {
      if (!isVerbDataKey(verb, key)) this.report(`${path}.data.${key}`, `"${key}" is not allowed in ${verb} data`);
      else if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DATA_VALUE_LENGTH) {
        this.report(`${path}.data.${key}`, 'data values must be non-empty bounded strings');
      }
    }
    for (const key of VERB_REQUIRED_KEYS[verb]) {
      if (!(key in data)) this.report(`${path}.data`, `${verb} data needs "${key}"`);
    }
  }

  checkRefresh(refresh: unknown): void {
    if (refresh === undefined) return;
    if (!isNode(refresh) || !isNode(refresh.action) || refresh.action.type !== 'Action.Execute') {
      this.report('$.refresh', 'refresh.action must be an Action.Execute');
      return;
    }
    this.checkExecute(refresh.action, '$.refresh.action');
    const userIds = refresh.userIds;
    if (userIds !== undefined) {
      if (!Array.isArray(userIds) || !userIds.every((id) => typeof id === 'string' && id !== '')) {
        this.report('$.refresh.userIds', 'userIds must be non-empty strings');
      } else if (userIds.length > MAX_REFRESH_USER_IDS) {
        this.report('$.refresh.userIds', `at most ${MAX_REFRESH_USER_IDS} userIds`);
      }
    }
  }
}

export function validateCard(card: unknown, options: ValidateOptions = {}): ValidationResult {
  const checker = new Checker();
  const bytes = jsonBytes(card ?? null);
  if (!isNode(card) || card.type !== 'AdaptiveCard') {
    checker.report('$', 'not an AdaptiveCard');
    return { ok: false, issues: checker.issues, bytes };
  }
  if (card.version !== CARD_VERSION) checker.report('$.version', `version must be "${CARD_VERSION}"`);
  if (!Array.isArray(card.body)) checker.report('$.body', 'body must be an array');
  checker.scanStrings(card, '$');
  checker.walk(card, '$');
  checker.checkRefresh(card.refresh);
  const maxBytes = options.maxBytes ?? CARD_MAX_BYTES;
  if (bytes > maxBytes) checker.report('$', `card is ${bytes} bytes, over the ${maxBytes}-byte limit`);
  return { ok: checker.issues.length === 0, issues: checker.issues, bytes };
}
