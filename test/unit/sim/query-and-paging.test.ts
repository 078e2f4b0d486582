import { GraphHttpError } from '../../../sim/errors';
import { buildNextLink, decodeSkipToken, encodeSkipToken, queryFingerprint } from '../../../sim/odata/paging';
import { parseQueryOptions, validateQuery, type CollectionRules } from '../../../sim/odata/query';

const USERS: CollectionRules = {
  entityName: 'User',
  directoryObjects: true,
  filterable: ['displayName', 'mail', 'accountEnabled'],
  searchable: ['displayName'],
};
const GRANTS: CollectionRules = {
  entityName: 'OAuth2PermissionGrant',
  directoryObjects: false,
  filterable: ['clientId'],
  operators: ['eq', 'and'],
};

function check(query: string, rules: CollectionRules, eventual = false, countSegment = false) {
  return () => validateQuery(parseQueryOptions(new URLSearchParams(query)), rules, eventual, countSegment);
}

function code(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as GraphHttpError).code;
  }
  return undefined;
}

describe('query options', () => {
  it('parses $select, $top, $count, $orderby and $search', () => {
    const o = parseQueryOptions(
      new URLSearchParams(
        '$select=id,displayName&$top=5&$count=true&$orderby=displayName desc&$search="displayName:al"',
      ),
    );
    expect(o).toMatchObject({
      select: ['id', 'displayName'],
      top: 5,
      count: true,
      orderBy: [{ property: 'displayName', descending: true }],
      search: [{ property: 'displayName', term: 'al' }],
    });
  });

  it('rejects invalid $top, $skip and unknown system options', () => {
    expect(code(() => parseQueryOptions(new URLSearchParams('$top=0')))).toBe('Request_BadRequest');
    expect(code(check('$top=1000', USERS))).toBe('Request_BadRequest');
    expect(code(check('$top=1000', { ...USERS, maxTop: 1000 }))).toBeUndefined(); // signIns: max 1000
    expect(code(check('$top=1001', { ...USERS, maxTop: 1000 }))).toBe('Request_BadRequest');
    expect(code(() => parseQueryOptions(new URLSearchParams('$skip=2')))).toBe('Request_BadRequest');
    expect(code(() => parseQueryOptions(new URLSearchParams('$bogus=1')))).toBe('Request_BadRequest');
  });

  it('applies the advanced-query rules to directory objects only', () => {
    expect(code(check("$filter=displayName ne 'a'", USERS))).toBe('Request_UnsupportedQuery');
    expect(code(check("$filter=displayName ne 'a'", USERS, true))).toBe('Request_UnsupportedQuery');
    expect(code(check("$filter=displayName ne 'a'&$count=true", USERS, true))).toBeUndefined();
    expect(code(check("$filter=not startsWith(displayName,'a')&$count=true", USERS, true))).toBeUndefined();
    expect(code(check('$count=true', USERS))).toBeUndefined(); // ignored without ConsistencyLevel, not an error
    expect(code(check('', USERS, false, true))).toBe('Request_UnsupportedQuery');
    expect(code(check('$search="displayName:a"', USERS))).toBe('Request_UnsupportedQuery');
    expect(code(check('$search="displayName:a"', USERS, true))).toBeUndefined();
    expect(code(check('$search="mail:a"', USERS, true))).toBe('Request_BadRequest');
  });

  it('limits filterable properties and operators per collection', () => {
    expect(code(check("$filter=jobTitle eq 'x'", USERS))).toBe('Request_UnsupportedQuery');
    expect(code(check("$filter=clientId eq 'x'", GRANTS))).toBeUndefined();
    expect(code(check("$filter=clientId eq 'x' or clientId eq 'y'", GRANTS))).toBe('Request_UnsupportedQuery');
    expect(code(check("$filter=clientId eq 'x'", { ...GRANTS, filterRequired: true }))).toBeUndefined();
    expect(code(check('', { ...GRANTS, filterRequired: true }))).toBe('Request_BadRequest');
  });
});

describe('paging', () => {
  it('round-trips skip tokens bound to the query', () => {
    const fp = queryFingerprint([
      ['$filter', "a eq 'b'"],
      ['$top', '5'],
    ]);
    const token = encodeSkipToken(10, fp);
    expect(decodeSkipToken(token, fp)).toBe(10);
    expect(() => decodeSkipToken(token, queryFingerprint([['$filter', "a eq 'c'"]]))).toThrow(GraphHttpError);
    expect(() => decodeSkipToken('garbage', fp)).toThrow(GraphHttpError);
    // $top may change between pages
    expect(queryFingerprint([['$filter', "a eq 'b'"]])).toBe(fp);
  });

  it('builds absolute next links that repeat the query', () => {
    const link = buildNextLink(
      'https://localhost:1/v1.0/users',
      [
        ['$filter', "startsWith(displayName,'a b')"],
        ['$select', 'id,displayName'],
      ],
      'Xabc',
    );
    const url = new URL(link);
    expect(url.origin).toBe('https://localhost:1');
    expect(url.searchParams.get('$filter')).toBe("startsWith(displayName,'a b')");
    expect(url.searchParams.get('$select')).toBe('id,displayName');
    expect(url.searchParams.get('$skiptoken')).toBe('Xabc');
  });
});
