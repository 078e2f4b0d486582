/**
 * Seeded generators of hostile input for /api/messages: message texts, Action.Execute payloads and
 * broken activity envelopes. Same seed, same sequence, so a failure names the seed and the case.
 */
import { ADMIN_VERBS, USER_VERBS } from '../../../src/cards/verbs';

export type Rng = () => number;

/** mulberry32: small, fast, good enough to spread fuzz cases. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

function guidish(rng: Rng): string {
  const hex = () => int(rng, 0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-${part(4)}-${part(4)}-${part(12)}`;
}

const UNICODE_RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x590, 0x6ff], // Latin, Greek, Cyrillic, Hebrew/Arabic (RTL)
  [0x300, 0x36f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064], // combining, zero-width, bidi overrides
  [0x3040, 0x30ff],
  [0x4e00, 0x4fff],
  [0xac00, 0xacff],
  [0xfe00, 0xfe0f],
  [0xfff0, 0xffff],
  [0x1f300, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0xe0000, 0xe007f], // emoji, tags
];

function unicodeChar(rng: Rng): string {
  const roll = rng();
  if (roll < 0.03) return String.fromCharCode(int(rng, 0xd800, 0xdfff)); // lone surrogate
  if (roll < 0.08) return String.fromCharCode(int(rng, 0, 0x1f)); // control
  const [lo, hi] = pick(rng, UNICODE_RANGES);
  return String.fromCodePoint(int(rng, lo, hi));
}

export function unicodeString(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += unicodeChar(rng);
  return out;
}

const INJECTIONS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '<at>Consent Doctor</at>',
  '[click me](javascript:alert(1))',
  '![x](http://127.0.0.1:1/pixel.png)',
  '**bold** _it_ ~~s~~ `code`',
  '```\nfenced\n```',
  '${{BOT_ID}}',
  '{{requestId}}',
  '${jndi:ldap://x/a}',
  "'; DROP TABLE requests; --",
  "PartitionKey eq 'request' or true",
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\r\n\r\nHTTP/1.1 200 OK',
  '<!--',
  '&amp;&lt;&gt;&#x27;',
  '\\u0000',
  '__proto__',
  'constructor',
];

const AADSTS = [
  'AADSTS90094: The grant requires admin permission.',
  'AADSTS65001: The user or administrator has not consented to use the application',
  'AADSTS90095: Admin consent is required for the permissions requested by this application. An admin consent request may be sent to the admin.',
  'AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.',
  'AADSTS7000112: Application is disabled.',
  'AADSTS700016: Application with identifier was not found in the directory',
  'AADSTS',
  'AADSTS-1:',
  'AADSTS999999999999999999999:',
];

const SCOPES = [
  'openid',
  'profile',
  'offline_access',
  'User.Read',
  'Sites.Read.All',
  'Files.ReadWrite.All',
  'Mail.Send',
  'https://graph.microsoft.com/.default',
  '.default',
  'a/b/c',
  '%20',
  '',
];

function consentUrl(rng: Rng, appIds: readonly string[]): string {
  const host = pick(rng, [
    'login.microsoftonline.com',
    'login.microsoft.com',
    'login.microsoftonline.com.evil.example',
    'LOGIN.MICROSOFTONLINE.COM',
    '127.0.0.1:1',
  ]);
  const tenant = pick(rng, ['common', 'organizations', 'contoso.onmicrosoft.com', guidish(rng), '..', '%2e%2e', '']);
  const clientId = pick(rng, [
    ...appIds,
    guidish(rng),
    'not-a-guid',
    '',
    '%E0%A4%A',
    `${guidish(rng)}&client_id=${guidish(rng)}`,
  ]);
  const scopes = Array.from({ length: int(rng, 0, rng() < 0.05 ? 400 : 6) }, () => pick(rng, SCOPES)).join(
    pick(rng, [' ', '+', '%20', ',']),
  );
  const params = [
    `client_id=${clientId}`,
    `scope=${scopes}`,
    `response_type=${pick(rng, ['code', 'id_token', '', 'x'])}`,
    `redirect_uri=${pick(rng, ['https://localhost', 'javascript:alert(1)', '%ZZ', encodeURIComponent('https://a/b?c=d&e=f')])}`,
    pick(rng, ['prompt=consent', 'prompt=admin_consent', 'prompt=%00', 'state=' + 'x'.repeat(int(rng, 0, 2000))]),
    pick(rng, ['', 'client_id=', '&&&', '=', '%', '#frag', '?nested=?a=b']),
  ];
  const shuffled = params.sort(() => rng() - 0.5).join('&');
  const path = pick(rng, ['/oauth2/v2.0/authorize', '/oauth2/authorize', '/adminconsent', '/v2.0/adminconsent', '']);
  return `https://${host}/${tenant}${path}?${shuffled}`;
}

function jsonText(rng: Rng): string {
  const values: unknown[] = [
    { type: 'message', text: 'help' },
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__":{"polluted":true}}'),
    [1, 'two', null, { three: [3] }],
    { action: { verb: 'approveAll', data: { requestId: 'x', mac: 'y' } } },
    null,
    1e308,
    -0,
    '"quoted"',
  ];
  const base = JSON.stringify(pick(rng, values));
  return rng() < 0.3 ? base.slice(0, int(rng, 0, base.length)) : base;
}

/** A hostile message text; `appWords` are fixture app names and ids so some texts reach a real diagnosis. */
export function fuzzText(rng: Rng, appWords: readonly string[], appIds: readonly string[]): string {
  const kind = int(rng, 0, 9);
  switch (kind) {
    case 0:
      return unicodeString(rng, int(rng, 1, 300));
    case 1:
      return rng() < 0.3
        ? unicodeString(rng, int(rng, 20_000, 100_000))
        : pick(rng, ['A', 'é', '🙂', '\u202e', ' ']).repeat(int(rng, 5_000, 100_000));
    case 2:
      return (
        Array.from({ length: int(rng, 1, 50) }, () => String.fromCharCode(int(rng, 0, 0x1f))).join('') +
        pick(rng, ['help', '', 'SharePoint'])
      );
    case 3:
      return Array.from({ length: int(rng, 1, 5) }, () => pick(rng, INJECTIONS)).join(pick(rng, [' ', '\n', '']));
    case 4:
      return `${pick(rng, ['', 'I get this: ', 'help with ', 'why '])}${consentUrl(rng, appIds)}`;
    case 5:
      return `${pick(rng, AADSTS)} ${pick(rng, [...appWords, guidish(rng), ''])} ${rng() < 0.5 ? consentUrl(rng, appIds) : ''}`;
    case 6:
      return jsonText(rng);
    case 7:
      return `${pick(rng, ['', 'the ', 'The app '])}${pick(rng, appWords)} ${pick(rng, ['asks for admin approval', 'Need admin approval', '', '?', unicodeString(rng, 10)])}`;
    case 8:
      return (
        pick(rng, [
          '',
          ' ',
          '\n',
          '\t',
          'help',
          'HELP',
          '?',
          'digest',
          'setup',
          'status',
          'my requests',
          'withdraw',
          'approve',
          'cancel',
        ]) + pick(rng, ['', unicodeString(rng, 3)])
      );
    default:
      return `${unicodeString(rng, int(rng, 1, 30))} ${pick(rng, appWords)} ${pick(rng, INJECTIONS)} ${pick(rng, AADSTS)}`;
  }
}

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const VERBS: readonly string[] = [...ADMIN_VERBS, ...USER_VERBS];

function garbageValue(rng: Rng, depth = 0): unknown {
  const kind = int(rng, 0, depth > 2 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return pick(rng, [0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2]);
    case 2:
      return pick(rng, [true, false]);
    case 3:
      return unicodeString(rng, int(rng, 0, 40));
    case 4:
      return guidish(rng);
    case 5:
      return 'x'.repeat(depth > 1 ? int(rng, 100, 2_000) : int(rng, 1_000, 60_000));
    case 6:
      return pick(rng, ['', ' ', 'null', 'undefined', 'NaN', '[object Object]', ...PROTOTYPE_KEYS]);
    case 7:
      return rng() < 0.1
        ? Array.from({ length: int(rng, 100, 2_000) }, () => int(rng, 0, 9))
        : Array.from({ length: int(rng, 0, 5) }, () => garbageValue(rng, depth + 1));
    default:
      return garbageObject(rng, depth + 1);
  }
}

function garbageObject(rng: Rng, depth: number): Record<string, unknown> {
  const keys = [
    'requestId',
    'mac',
    'appId',
    'servicePrincipalId',
    'verb',
    'action',
    'data',
    ...PROTOTYPE_KEYS,
    unicodeString(rng, 5),
  ];
  const out: Record<string, unknown> = {};
  for (let i = int(rng, 0, 6); i > 0; i--) out[pick(rng, keys)] = garbageValue(rng, depth);
  return out;
}

/** JSON text with prototype keys as real own properties (an object literal would set the prototype instead). */
function pollutingData(rng: Rng): unknown {
  const inner = pick(rng, [
    '{"polluted":"yes"}',
    '{"isAdmin":true,"approver":true}',
    '{"toString":"boom"}',
    '[]',
    'null',
  ]);
  const key = pick(rng, PROTOTYPE_KEYS);
  return JSON.parse(
    `{"${key}":${inner},"requestId":${JSON.stringify(guidish(rng))},"mac":"${'A'.repeat(int(rng, 0, 64))}","constructor":{"prototype":${inner}}}`,
  );
}

/** Teams caps payloads far below this; bigger ones only slow the run down. */
const MAX_VALUE_CHARS = 200_000;

/** The `value` of an adaptiveCard/action invoke: sometimes well-formed with garbage data, often broken. */
export function fuzzInvokeValue(rng: Rng): unknown {
  const value = invokeValue(rng);
  const size = JSON.stringify(value ?? null).length;
  return size > MAX_VALUE_CHARS
    ? {
        action: {
          type: 'Action.Execute',
          verb: 'approveAll',
          data: { requestId: 'r'.repeat(MAX_VALUE_CHARS / 2), mac: 'm' },
        },
      }
    : value;
}

function invokeValue(rng: Rng): unknown {
  const verb = rng() < 0.7 ? pick(rng, VERBS) : garbageValue(rng, 2);
  const data = rng() < 0.25 ? pollutingData(rng) : garbageValue(rng);
  switch (int(rng, 0, 7)) {
    case 0:
      return {
        action: { type: 'Action.Execute', verb, data },
        trigger: pick(rng, ['manual', 'automatic', 'other', 7]),
      };
    case 1:
      return {
        action: {
          type: 'Action.Execute',
          verb,
          data: { requestId: garbageValue(rng, 2), mac: garbageValue(rng, 2), appId: garbageValue(rng, 2) },
        },
        trigger: 'manual',
      };
    case 2:
      return { action: { type: 'Action.Execute', verb }, trigger: 'manual' };
    case 3:
      return { action: { type: pick(rng, ['Action.Submit', 'Action.OpenUrl', '', null]), verb, data } };
    case 4:
      return { trigger: 'manual' };
    case 5:
      return garbageValue(rng);
    case 6:
      return JSON.parse(
        `{"action":{"type":"Action.Execute","verb":${JSON.stringify(typeof verb === 'string' ? verb : 'approveAll')},"data":{"__proto__":{"polluted":1}}},"__proto__":{"polluted":2}}`,
      );
    default:
      return {
        action: {
          type: 'Action.Execute',
          verb,
          data: Array.from({ length: int(rng, 0, 3) }, () => garbageObject(rng, 1)),
        },
        trigger: 'manual',
      };
  }
}

/** Invoke names: mostly Action.Execute, sometimes other (unhandled) invokes. */
export function fuzzInvokeName(rng: Rng): unknown {
  return rng() < 0.85
    ? 'adaptiveCard/action'
    : pick(rng, [
        'composeExtension/query',
        'task/fetch',
        'signin/verifyState',
        'config/fetch',
        '',
        'adaptiveCard/ACTION',
        42,
        null,
      ]);
}

/** Envelopes that are not valid activities (or barely are). Returns the raw request body. */
export function fuzzEnvelope(rng: Rng, valid: Record<string, unknown>): string {
  const kind = int(rng, 0, 9);
  const mutate = (patch: Record<string, unknown>) => JSON.stringify({ ...valid, ...patch });
  switch (kind) {
    case 0:
      return pick(rng, ['', 'null', '[]', '"text"', '42', '{', '{"type":', 'not json at all', '\u0000']);
    case 1:
      return mutate({ type: garbageValue(rng, 2) });
    case 2:
      return mutate({ conversation: garbageValue(rng, 2) });
    case 3:
      return mutate({ from: garbageValue(rng, 2) });
    case 4:
      return mutate({ text: garbageValue(rng, 2) });
    case 5:
      return mutate({ channelData: garbageValue(rng, 1) });
    // Without a usable serviceUrl botbuilder would answer at api.botframework.com: the bot must refuse first.
    case 6:
      return mutate({
        serviceUrl: pick(rng, ['', 'not a url', 'file:///etc/passwd', 'http://127.0.0.1:1/', null, 5, undefined]),
      });
    case 7:
      return mutate({ attachments: garbageValue(rng, 1), entities: garbageValue(rng, 1) });
    case 8:
      return `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${JSON.stringify(valid).slice(1)}`;
    default:
      return mutate({
        type: 'conversationUpdate',
        membersAdded: garbageValue(rng, 1),
        membersRemoved: garbageValue(rng, 1),
      });
  }
}
