/**
 * OData as Graph does it, through the Graph client: $filter operators, $select, $top, $count and
 * ConsistencyLevel rules, $search, and @odata.nextLink paging (page size 3 so paging happens).
 */
import { PageIterator, type GraphError } from '@microsoft/microsoft-graph-client';
import { assertSimCaTrusted, simGraphConnection, withSimulator } from '../../helpers/sim';
import { bulkTenant, client } from './tenant-builder';

const reader = client(['Directory.Read.All']);
const tenant = bulkTenant({ userCount: 10, clients: [reader] });
const h = withSimulator({ fixtures: [tenant], pageSize: 3 });
const graph = () => simGraphConnection(h.sim, tenant.tenant.id).client;

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.nextLink'?: string; '@odata.count'?: number };

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    return err as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

async function all(first: Page, headers: Record<string, string> = {}): Promise<Obj[]> {
  const items: Obj[] = [];
  const it = new PageIterator(
    graph(),
    first,
    (item: Obj) => {
      items.push(item);
      return true;
    },
    { headers },
  );
  await it.iterate();
  return items;
}

beforeAll(() => assertSimCaTrusted());

describe('OData on the simulator', () => {
  it('$filter: eq, and, or, in, startsWith', async () => {
    const eq = (await graph()
      .api('/users')
      .filter("userPrincipalName eq 'USER002@bulk.example'")
      .select('id')
      .get()) as Page;
    expect(eq.value).toEqual([{ id: '00000000-0000-4000-8000-000000000002' }]);
    const andOr = (await graph()
      .api('/users')
      .filter("(displayName eq 'User 001' or displayName eq 'User 005') and accountEnabled eq true")
      .select('displayName')
      .get()) as Page;
    expect(andOr.value).toEqual([{ displayName: 'User 001' }]);
    const inList = (await graph()
      .api('/users')
      .filter("id in ('00000000-0000-4000-8000-000000000003','00000000-0000-4000-8000-000000000004')")
      .select('displayName')
      .get()) as Page;
    expect(inList.value.map((u) => u.displayName)).toEqual(['User 003', 'User 004']);
    const starts = (await graph()
      .api('/users')
      .filter("startsWith(displayName,'User 01')")
      .select('displayName')
      .get()) as Page;
    expect(starts.value).toEqual([{ displayName: 'User 010' }]);
  });

  it('$filter syntax errors and unknown properties are 400', async () => {
    const syntax = await graphError(graph().api('/users').filter("displayName eq 'unterminated").get());
    expect(syntax.statusCode).toBe(400);
    const prop = await graphError(graph().api('/users').filter("shoeSize eq '42'").get());
    expect(prop.statusCode).toBe(400);
    expect(prop.code).toBe('Request_UnsupportedQuery');
  });

  it('advanced queries (ne, not, endsWith) need ConsistencyLevel: eventual and $count=true', async () => {
    const withoutHeader = await graphError(graph().api('/users').filter('accountEnabled ne true').get());
    expect(withoutHeader.statusCode).toBe(400);
    expect(withoutHeader.code).toBe('Request_UnsupportedQuery');
    const withoutCount = await graphError(
      graph().api('/users').header('ConsistencyLevel', 'eventual').filter("endsWith(mail,'@bulk.example')").get(),
    );
    expect(withoutCount.code).toBe('Request_UnsupportedQuery');
    // $count=true without the header is ignored on a normal query: no error, no @odata.count.
    const countNoHeader = (await graph().api('/users').query({ $count: 'true' }).get()) as Page;
    expect(countNoHeader.value.length).toBeGreaterThan(0);
    expect(countNoHeader).not.toHaveProperty('@odata.count');
    const ok = (await graph()
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter('accountEnabled ne true')
      .select('displayName')
      .get()) as Page;
    expect(ok['@odata.count']).toBe(2);
    expect(ok.value.map((u) => u.displayName)).toEqual(['User 005', 'User 010']);
    const notStarts = (await graph()
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter("not startsWith(displayName,'User 00')")
      .select('displayName')
      .get()) as Page;
    expect(notStarts.value).toEqual([{ displayName: 'User 010' }]);
  });

  it('/$count segment returns a plain number (with ConsistencyLevel: eventual)', async () => {
    const count = (await graph().api('/users/$count').header('ConsistencyLevel', 'eventual').get()) as unknown;
    expect(Number(count)).toBe(10);
    const err = await graphError(graph().api('/users/$count').get());
    expect(err.statusCode).toBe(400);
  });

  it('$search needs ConsistencyLevel: eventual', async () => {
    const err = await graphError(graph().api('/users').search('"displayName:User 007"').get());
    expect(err.statusCode).toBe(400);
    const res = (await graph()
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .search('"displayName:007"')
      .select('displayName')
      .get()) as Page;
    expect(res.value).toEqual([{ displayName: 'User 007' }]);
  });

  it('paging: absolute https nextLink with $skiptoken that preserves $filter/$select; PageIterator gets everything', async () => {
    const first = (await graph().api('/users').filter('accountEnabled eq true').select('id,displayName').get()) as Page;
    expect(first.value).toHaveLength(3);
    const next = new URL(first['@odata.nextLink']!);
    expect(next.protocol).toBe('https:');
    expect(next.origin).toBe(h.sim.url);
    expect(next.searchParams.get('$filter')).toBe('accountEnabled eq true');
    expect(next.searchParams.get('$select')).toBe('id,displayName');
    expect(next.searchParams.get('$skiptoken')).toBeTruthy();
    const items = await all(first);
    expect(items).toHaveLength(8);
    expect(Object.keys(items[7]).sort()).toEqual(['displayName', 'id']);
  });

  it('paging: $top sets the page size (capped by the server page size); ConsistencyLevel resent on each page', async () => {
    const top2 = (await graph().api('/users').top(2).select('id').get()) as Page;
    expect(top2.value).toHaveLength(2);
    expect(new URL(top2['@odata.nextLink']!).searchParams.get('$top')).toBe('2');
    const top999 = (await graph().api('/users').top(999).select('id').get()) as Page;
    expect(top999.value).toHaveLength(3);
    const advanced = (await graph()
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .query({ $count: 'true' })
      .filter('accountEnabled ne false')
      .select('id')
      .get()) as Page;
    expect(advanced['@odata.count']).toBe(8);
    // Without the header on later pages the advanced query is refused, as in Graph.
    await expect(graph().api(advanced['@odata.nextLink']!).get()).rejects.toMatchObject({ statusCode: 400 });
    expect(await all(advanced, { ConsistencyLevel: 'eventual' })).toHaveLength(8);
  });

  it('paging: a tampered or foreign $skiptoken is 400', async () => {
    const first = (await graph().api('/users').select('id').get()) as Page;
    const link = new URL(first['@odata.nextLink']!);
    link.searchParams.set('$select', 'displayName');
    const err = await graphError(graph().api(link.toString()).get());
    expect(err.statusCode).toBe(400);
  });
});
