/**
 * Serving collections and entities the way Graph does: $filter, $search, $orderby, $count,
 * $select, $top and server-driven paging with absolute `@odata.nextLink`s.
 */
import { badRequest } from '../errors';
import { json, type SimResponse } from '../http';
import { evaluateFilter } from '../odata/filter-eval';
import { buildNextLink, decodeSkipToken, encodeSkipToken, queryFingerprint } from '../odata/paging';
import { MAX_TOP, parseQueryOptions, validateQuery, type CollectionRules, type QueryOptions } from '../odata/query';
import { consistencyEventual, graphBase, type GraphContext } from './context';

export type GraphObject = Record<string, unknown>;

export interface EntitySpec {
  /** OData type name, e.g. "user" (microsoft.graph.user). */
  type: string;
  /** Properties returned when the request has no $select (default: all). */
  defaultProperties?: readonly string[];
  /** Properties that exist on the type besides those present on objects (valid in $select). */
  properties?: readonly string[];
  /**
   * Navigation properties the stored objects carry (for $filter with any()) but Graph returns only
   * when asked with $expand, e.g. appConsentRequest.userConsentRequests.
   */
  navigation?: readonly string[];
}

export interface CollectionSpec extends EntitySpec {
  rules: CollectionRules;
  /** For @odata.context, e.g. "users" or "directoryObjects". */
  entitySet: string;
  /** Items of mixed types (memberOf, members): each carries its own @odata.type. */
  polymorphic?: boolean;
  /** The handler already applied $filter with its own meaning (transitiveRoleAssignments). */
  prefiltered?: boolean;
}

const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function graphJson(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return json(status, body, { 'content-type': JSON_CONTENT_TYPE, 'odata-version': '4.0', ...headers });
}

function project(item: GraphObject, opts: QueryOptions, spec: EntitySpec, keepType: boolean): GraphObject {
  let out: GraphObject;
  if (opts.select) {
    out = {};
    for (const p of opts.select) out[p] = item[p] === undefined ? null : item[p];
  } else if (spec.defaultProperties) {
    out = {};
    for (const p of spec.defaultProperties) out[p] = item[p] === undefined ? null : item[p];
  } else {
    out = { ...item };
  }
  for (const nav of spec.navigation ?? []) {
    // Inline only when asked with $expand, which also works alongside $select.
    if (!opts.expand.some((e) => e.toLowerCase() === nav.toLowerCase())) delete out[nav];
    else if (item[nav] !== undefined) out[nav] = item[nav];
  }
  if (keepType && item['@odata.type'] !== undefined) out = { '@odata.type': item['@odata.type'], ...out };
  else delete out['@odata.type'];
  return out;
}

function checkSelect(opts: QueryOptions, spec: EntitySpec, items: GraphObject[]): void {
  if (!opts.select) return;
  const known = new Set<string>(
    [...(spec.properties ?? []), ...(spec.defaultProperties ?? [])].map((p) => p.toLowerCase()),
  );
  for (const item of items) Object.keys(item).forEach((k) => known.add(k.toLowerCase()));
  for (const p of opts.select) {
    if (!known.has(p.toLowerCase())) {
      throw badRequest(`Could not find a property named '${p}' on type 'microsoft.graph.${spec.type}'.`);
    }
  }
}

function contextUrl(ctx: GraphContext, entitySet: string, opts: QueryOptions, entity: boolean): string {
  const select = opts.select ? `(${opts.select.join(',')})` : '';
  return `${graphBase(ctx)}/$metadata#${entitySet}${select}${entity ? '/$entity' : ''}`;
}

function search(items: GraphObject[], clauses: NonNullable<QueryOptions['search']>): GraphObject[] {
  return items.filter((item) =>
    clauses.every(({ property, term }) => {
      const v = property ? item[property] : null;
      if (typeof v !== 'string') return false;
      // Graph tokenizes; a prefix match on any word is close enough.
      const needle = term.toLowerCase();
      return (
        v
          .toLowerCase()
          .split(/[\s._@-]+/)
          .some((word) => word.startsWith(needle)) || v.toLowerCase().startsWith(needle)
      );
    }),
  );
}

function order(items: GraphObject[], orderBy: QueryOptions['orderBy']): GraphObject[] {
  if (orderBy.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const { property, descending } of orderBy) {
      const x = a[property];
      const y = b[property];
      if (x === y) continue;
      if (x === undefined || x === null) return descending ? 1 : -1;
      if (y === undefined || y === null) return descending ? -1 : 1;
      const c =
        typeof x === 'string' && typeof y === 'string'
          ? x.localeCompare(y, 'en', { sensitivity: 'base' })
          : x < y
            ? -1
            : 1;
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
}

/** Serves `items` (already in Graph's shape) as a collection response, page by page. */
export function collectionResponse(ctx: GraphContext, items: GraphObject[], spec: CollectionSpec): SimResponse {
  const opts = parseQueryOptions(ctx.query);
  validateQuery(opts, spec.rules, consistencyEventual(ctx), ctx.countSegment);
  let result = items;
  if (ctx.cast) {
    const wanted = `#${ctx.cast}`.toLowerCase();
    result = result.filter((i) => String(i['@odata.type'] ?? '').toLowerCase() === wanted);
  }
  if (opts.filter && !spec.prefiltered) {
    const filter = opts.filter;
    result = result.filter((item) => evaluateFilter(filter, item));
  }
  if (opts.search) result = search(result, opts.search);
  result = order(result, opts.orderBy);

  if (ctx.countSegment) {
    return {
      status: 200,
      headers: { 'content-type': 'text/plain;charset=utf-8', 'odata-version': '4.0' },
      body: String(result.length),
    };
  }
  checkSelect(opts, spec, items);

  const { pageSize: defaultPageSize, maxPageSize } = ctx.core.settings;
  const pageSize = Math.min(opts.top ?? defaultPageSize, maxPageSize, spec.rules.maxTop ?? MAX_TOP);
  const fingerprint = queryFingerprint(opts.passThrough);
  const offset = opts.skipToken ? decodeSkipToken(opts.skipToken, fingerprint) : 0;
  const page = result.slice(offset, offset + pageSize);
  const body: GraphObject = { '@odata.context': contextUrl(ctx, spec.entitySet, opts, false) };
  if (opts.count && (!spec.rules.directoryObjects || consistencyEventual(ctx))) body['@odata.count'] = result.length;
  if (offset + pageSize < result.length) {
    const castSuffix = ctx.cast ? `/${ctx.cast}` : '';
    body['@odata.nextLink'] = buildNextLink(
      `${graphBase(ctx)}/${ctx.path}${castSuffix}`,
      opts.passThrough,
      encodeSkipToken(offset + pageSize, fingerprint),
    );
  }
  body.value = page.map((item) => project(item, opts, spec, !!spec.polymorphic));
  return graphJson(200, body);
}

/** Serves one entity, honouring $select. */
export function entityResponse(
  ctx: GraphContext,
  item: GraphObject,
  spec: EntitySpec & { entitySet: string; polymorphic?: boolean },
  status = 200,
): SimResponse {
  const opts = parseQueryOptions(ctx.query);
  checkSelect(opts, spec, [item]);
  const body = {
    '@odata.context': contextUrl(ctx, spec.entitySet, opts, true),
    ...project(item, opts, spec, !!spec.polymorphic),
  };
  return graphJson(status, body);
}

export function noContent(): SimResponse {
  return { status: 204, headers: {} };
}
