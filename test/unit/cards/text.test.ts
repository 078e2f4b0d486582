import * as ACData from 'adaptivecards-templating';
import { expandTemplate, TemplateExpansionError } from '../../../src/cards/render';
import { age, cardDate, escapeMarkdown, md, plain, plainDate } from '../../../src/cards/text';

/** What a CommonMark renderer displays for backslash escapes: the escaped character itself. */
function unescapeMarkdown(s: string): string {
  return s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const HOSTILE = [
  '[click](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '<https://evil.example>',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '**bold** _it_ ~~strike~~ `code`',
  '# heading',
  '- list item',
  '1. numbered',
  '> quote',
  '${$root.secret} ${if(true, "a", "b")} {{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  'https://evil.example and www.evil.example',
  '&lt;b&gt; &#x5B;',
];

describe('markdown escaping', () => {
  test.each(HOSTILE)('renders %j verbatim', (input) => {
    const out = md(input);
    // Shown exactly as typed, apart from the invisible linkify breakers.
    expect(unescapeMarkdown(out).replace(/\u200B/g, '')).toBe(input);
    expect(out).not.toMatch(/(^|[^\\])[[\]<>*_`~&]/);
    expect(out).not.toContain('${');
    expect(out).not.toContain('://');
    expect(out).not.toMatch(/^[#>\-+]|^\d+[.)]/);
  });

  test('link syntax cannot survive', () => {
    expect(escapeMarkdown('[a](b)')).toBe('\\[a\\](b)');
  });

  test('plain keeps text as typed but breaks template syntax and strips invisible characters', () => {
    expect(plain('a\u202Eevil\u0000 \n\n b')).toBe('aevil b');
    expect(plain('${x}')).toBe('$\u200B{x}');
    expect(plain('[x](y)')).toBe('[x](y)');
  });

  test('long names are bounded without splitting characters', () => {
    const out = md('😀'.repeat(10_000), 120);
    expect(Array.from(out)).toHaveLength(120);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF]…$/);
  });
});

describe('dates and ages', () => {
  test('strict UTC timestamps use the card date functions, others are inert', () => {
    expect(cardDate('2025-03-01T09:30:00.123Z')).toBe(
      '{{DATE(2025-03-01T09:30:00Z, SHORT)}} {{TIME(2025-03-01T09:30:00Z)}}',
    );
    expect(cardDate('[x](y)')).toBe('\\[x\\](y)');
    expect(plainDate('2025-03-01T09:30:00Z')).toBe('2025-03-01 09:30 UTC');
    expect(plainDate(null)).toBe('unknown time');
  });

  test('ages read naturally', () => {
    const now = '2025-03-10T00:00:00Z';
    expect(age('2025-03-09T23:59:30Z', now)).toBe('just now');
    expect(age('2025-03-09T23:00:00Z', now)).toBe('1 hour');
    expect(age('2025-03-07T00:00:00Z', now)).toBe('3 days');
    expect(age('garbage', now)).toBe('just now');
  });
});

describe('template expansion', () => {
  const template = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Hi ${name}' }] };

  test('the templating library does not evaluate ${...} found inside data', () => {
    // Raw library behaviour, without our escaping: data is substituted as text, never re-parsed.
    const raw = new ACData.Template(template).expand({ $root: { name: '${$root.secret}', secret: 'LEAK' } }) as unknown;
    expect(JSON.stringify(raw)).not.toContain('LEAK');
    expect(JSON.stringify(raw)).toContain('${$root.secret}');
  });

  test('escaped data never leaves ${ in the card', () => {
    const card = expandTemplate(template, { name: md('${$root.secret}') });
    expect(JSON.stringify(card)).not.toContain('${');
  });

  test('an unbound field is a template bug and throws', () => {
    expect(() => expandTemplate(template, {})).toThrow(TemplateExpansionError);
  });
});
