import { filterFeatures, FilterSyntaxError, parseFilter } from '../../../sim/odata/filter-parser';
import { evaluateFilter } from '../../../sim/odata/filter-eval';

const matches = (filter: string, item: unknown) => evaluateFilter(parseFilter(filter), item);

describe('OData $filter parser', () => {
  it('parses comparisons with string, number, boolean, null and date literals', () => {
    expect(parseFilter("appId eq 'abc'")).toEqual({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'path', path: ['appId'] },
      right: { kind: 'literal', value: 'abc' },
    });
    expect(parseFilter('status/errorCode eq 90094')).toMatchObject({
      left: { path: ['status', 'errorCode'] },
      right: { value: 90094 },
    });
    expect(parseFilter('accountEnabled eq false')).toMatchObject({ right: { value: false } });
    expect(parseFilter('principalId eq null')).toMatchObject({ right: { value: null } });
    expect(parseFilter('createdDateTime ge 2024-01-01T00:00:00Z')).toMatchObject({
      op: 'ge',
      right: { value: '2024-01-01T00:00:00Z', isDate: true },
    });
  });

  it("unescapes '' inside strings", () => {
    expect(parseFilter("displayName eq 'O''Brien'")).toMatchObject({ right: { value: "O'Brien" } });
  });

  it('gives and precedence over or, honours parentheses and not', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toMatchObject({ kind: 'and', left: { kind: 'or' } });
    expect(parseFilter("not startsWith(displayName,'x')")).toMatchObject({
      kind: 'not',
      operand: { kind: 'call', name: 'startswith' },
    });
  });

  it('parses in lists, functions and lambdas', () => {
    expect(parseFilter("id in ('a', 'b')")).toEqual({
      kind: 'in',
      left: { kind: 'path', path: ['id'] },
      values: ['a', 'b'],
    });
    expect(parseFilter("userConsentRequests/any(u:u/status eq 'InProgress')")).toMatchObject({
      kind: 'lambda',
      quantifier: 'any',
      collection: ['userConsentRequests'],
      variable: 'u',
      predicate: { kind: 'compare', left: { path: ['u', 'status'] } },
    });
    expect(parseFilter('tags/any()')).toMatchObject({ kind: 'lambda', predicate: null });
  });

  it.each([
    "displayName eq 'open",
    'id eq e1fe6dd8-ba31-4d61-89e7-88639da4683dx',
    "frobnicate(displayName,'x')",
    "displayName eq 'a' and",
    "(displayName eq 'a'",
    "id in 'a'",
    '',
    "displayName eq 'a' 'b'",
  ])('rejects %p', (text) => {
    expect(() => parseFilter(text)).toThrow(FilterSyntaxError);
  });

  it('reports the properties, operators and functions a filter uses (lambda variables excluded)', () => {
    const f = filterFeatures(
      parseFilter("appId eq 'x' and not endsWith(mail,'y') or userConsentRequests/any(u:u/status ne 'Done')"),
    );
    expect([...f.properties].sort()).toEqual(['appId', 'mail', 'userConsentRequests']);
    expect([...f.operators].sort()).toEqual(['and', 'eq', 'ne', 'not', 'or']);
    expect([...f.functions]).toEqual(['endswith']);
    expect([...f.lambdas]).toEqual(['any']);
  });
});

describe('OData $filter evaluation', () => {
  const user = {
    displayName: 'Alice Adams',
    mail: null,
    accountEnabled: true,
    userType: 'Member',
    tags: ['a', 'b'],
    status: { errorCode: 90094 },
  };

  it('compares strings case-insensitively, like directory queries', () => {
    expect(matches("displayName eq 'alice adams'", user)).toBe(true);
    expect(matches("startsWith(displayName,'ALI')", user)).toBe(true);
    expect(matches("endsWith(displayName,'adams')", user)).toBe(true);
    expect(matches("displayName ne 'Alice Adams'", user)).toBe(false);
  });

  it('handles null, booleans, numbers and nested paths', () => {
    expect(matches('mail eq null', user)).toBe(true);
    expect(matches('missing eq null', user)).toBe(true);
    expect(matches('accountEnabled eq true and status/errorCode eq 90094', user)).toBe(true);
    expect(matches('status/errorCode gt 90000 and status/errorCode lt 90095', user)).toBe(true);
  });

  it('compares dates as instants', () => {
    const s = { createdDateTime: '2025-01-14T09:10:03Z' };
    expect(matches('createdDateTime ge 2025-01-14T09:00:00Z', s)).toBe(true);
    expect(matches('createdDateTime lt 2025-01-14T10:10:03+01:00', s)).toBe(false);
  });

  it('evaluates in, any() and all() over objects and primitives', () => {
    expect(matches("userType in ('Guest','member')", user)).toBe(true);
    expect(matches("tags/any(t:t eq 'B')", user)).toBe(true);
    expect(matches("tags/all(t:t eq 'a')", user)).toBe(false);
    expect(matches('tags/any()', user)).toBe(true);
    const req = { userConsentRequests: [{ status: 'Expired' }, { status: 'InProgress' }] };
    expect(matches("userConsentRequests/any(u:u/status eq 'InProgress')", req)).toBe(true);
    expect(matches("userConsentRequests/any(u:u/status eq 'Completed')", req)).toBe(false);
  });
});
