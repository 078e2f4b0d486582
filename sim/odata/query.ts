/**
 * OData system query options as Graph reads them, with Graph's "advanced query" rules for
 * directory objects: `ne`, `not`, `endsWith`, `$search`, `$count` and `/$count` need the header
 * `ConsistencyLevel: eventual` (and, for `ne`/`not`/`endsWith`, `$count=true` as well).
 */
import { badRequest, GraphHttpError, unsupportedQuery } from '../errors';
import { FilterSyntaxError, filterFeatures, parseFilter, type FilterNode } from './filter-parser';

export interface OrderBy {
  property: string;
  descending: boolean;
}

export interface QueryOptions {
  filterText?: string;
  filter?: FilterNode;
  select?: string[];
  top?: number;
  skipToken?: string;
  count: boolean;
  search?: { property: string | null; term: string }[];
  orderBy: OrderBy[];
  /** Navigation properties named in $expand. */
  expand: string[];
  /** The raw query, minus $skiptoken, for building nextLinks that preserve the request. */
  passThrough: Array<[string, string]>;
}

const KNOWN = new Set([
  '$filter',
  '$select',
  '$top',
  '$skiptoken',
  '$count',
  '$search',
  '$orderby',
  '$expand',
  '$skip',
  '$format',
]);

/** Graph answers $top outside 1..999 with 400. */
export const MAX_TOP = 999;

export function parseQueryOptions(query: URLSearchParams): QueryOptions {
  const opts: QueryOptions = { count: false, orderBy: [], expand: [], passThrough: [] };
  for (const [rawKey, value] of query) {
    const key = rawKey.toLowerCase();
    if (key !== '$skiptoken') opts.passThrough.push([rawKey, value]);
    if (!key.startsWith('$')) continue;
    if (!KNOWN.has(key)) throw badRequest(`Query option '${rawKey}' is not allowed.`);
    switch (key) {
      case '$filter':
        opts.filterText = value;
        try {
          opts.filter = parseFilter(value);
        } catch (err) {
          if (err instanceof FilterSyntaxError) throw badRequest(`Invalid filter clause: ${err.message}`);
          throw err;
        }
        break;
      case '$select':
        opts.select = value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '$top': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) {
          throw badRequest(`Invalid page size specified: '${value}'. Must be between 1 and ${MAX_TOP} inclusive.`);
        }
        opts.top = n;
        break;
      }
      case '$skiptoken':
        opts.skipToken = value;
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') throw badRequest(`Invalid value '${value}' for $count.`);
        opts.count = value === 'true';
        break;
      case '$search':
        opts.search = parseSearch(value);
        break;
      case '$orderby':
        opts.orderBy = value.split(',').map((part) => {
          const [property, dir] = part.trim().split(/\s+/);
          if (dir && !/^(asc|desc)$/i.test(dir)) throw badRequest(`Invalid $orderby clause '${part}'.`);
          return { property, descending: /^desc$/i.test(dir ?? '') };
        });
        break;
      case '$expand':
        opts.expand = value
          .split(',')
          .map((s) => s.trim().split('(')[0])
          .filter(Boolean);
        break;
      case '$skip':
        throw badRequest("'$skip' is not supported by the service.");
      default:
        break; // $format: accepted and ignored
    }
  }
  return opts;
}

/** `"displayName:qlik" AND "mail:x"` or `"qlik"` (Graph requires the quotes). */
function parseSearch(value: string): QueryOptions['search'] {
  const clauses = value.split(/\s+(?:AND|OR)\s+/);
  return clauses.map((clause) => {
    const m = /^"([^"]*)"$/.exec(clause.trim());
    if (!m)
      throw badRequest(`Syntax error: character '${clause.trim()[0] ?? ''}' is not valid at position 0 in '${value}'.`);
    const inner = m[1];
    const colon = inner.indexOf(':');
    return colon === -1
      ? { property: null, term: inner }
      : { property: inner.slice(0, colon), term: inner.slice(colon + 1) };
  });
}

export interface CollectionRules {
  /** Human name of the entity type in error messages, e.g. "User". */
  entityName: string;
  /** Directory objects follow the advanced-query rules. */
  directoryObjects: boolean;
  /** When set, only these properties may appear in $filter (top-level path, "a/b" for nested). */
  filterable?: readonly string[];
  /** When set, only these operators may be used in $filter. */
  operators?: readonly string[];
  /** $search support: property names allowed (directory objects only). */
  searchable?: readonly string[];
  /** Any $filter at all is an advanced query here (memberOf, transitiveMemberOf, members, ...). */
  filterNeedsAdvanced?: boolean;
  /** Requests without $filter are refused (roleAssignments). */
  filterRequired?: boolean;
  /**
   * Properties $orderby may name (learn.microsoft.com/graph/api/<resource>-list "Optional query
   * parameters"); absent: the list does not support $orderby at all (signIns: only $top,
   * $skiptoken and $filter, learn.microsoft.com/graph/api/signin-list).
   */
  sortable?: readonly string[];
  /** The largest $top the list accepts (Graph: 999 for directory lists; signIns: 1000). */
  maxTop?: number;
  /** Edm.Guid properties: compared with unquoted GUID literals only (appRoleAssignment principalId, resourceId). */
  guidProperties?: readonly string[];
}

const incompatible = (left: string, right: string) =>
  new GraphHttpError(
    400,
    'BadRequest',
    `A binary operator with incompatible types was detected. Found operand types '${left}' and '${right}' for operator kind 'Equal'.`,
  );

/**
 * Edm.Guid against Edm.String is a type error in Graph's OData layer, both ways: a quoted GUID for a
 * Guid property (`resourceId eq '9d2f...'`) and an unquoted GUID for a String property
 * (microsoftgraph/microsoft-graph-docs#10665, microsoftgraph/msgraph-sdk-dotnet#2306).
 */
function checkOperandTypes(node: FilterNode, guid: ReadonlySet<string>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      checkOperandTypes(node.left, guid);
      checkOperandTypes(node.right, guid);
      return;
    case 'not':
      checkOperandTypes(node.operand, guid);
      return;
    case 'lambda':
      return;
    case 'compare': {
      const [path, literal] = node.left.kind === 'path' ? [node.left, node.right] : [node.right, node.left];
      if (path.kind !== 'path' || literal.kind !== 'literal' || literal.value === null) return;
      const isGuidProperty = guid.has(path.path.join('/'));
      if (isGuidProperty && !literal.isGuid)
        throw incompatible('Edm.Guid', typeof literal.value === 'string' ? 'Edm.String' : 'Edm.Int32');
      if (!isGuidProperty && literal.isGuid) throw incompatible('Edm.String', 'Edm.Guid');
      return;
    }
    default:
      return;
  }
}

const ADVANCED_OPERATORS = ['ne', 'not'];
const ADVANCED_FUNCTIONS = ['endswith'];

export function validateQuery(
  opts: QueryOptions,
  rules: CollectionRules,
  consistencyEventual: boolean,
  countSegment = false,
): void {
  if (rules.filterRequired && !opts.filter) {
    throw badRequest(`A $filter is required when listing ${rules.entityName} objects.`);
  }
  const maxTop = rules.maxTop ?? MAX_TOP;
  if (opts.top !== undefined && opts.top > maxTop) {
    throw badRequest(`Invalid page size specified: '${opts.top}'. Must be between 1 and ${maxTop} inclusive.`);
  }
  for (const { property } of opts.orderBy) {
    if (!(rules.sortable ?? []).some((p) => p.toLowerCase() === property.toLowerCase())) {
      throw unsupportedQuery(`Unsupported sort property '${property}' for '${rules.entityName}'.`);
    }
  }
  const features = opts.filter ? filterFeatures(opts.filter) : null;
  if (features && rules.filterable) {
    for (const p of features.properties) {
      if (!rules.filterable.includes(p)) {
        throw unsupportedQuery(
          `Unsupported or invalid query filter clause specified for property '${p}' of resource '${rules.entityName}'.`,
        );
      }
    }
  }
  if (opts.filter) checkOperandTypes(opts.filter, new Set(rules.guidProperties ?? []));
  if (features && rules.operators) {
    for (const op of features.operators) {
      if (!rules.operators.includes(op)) {
        throw unsupportedQuery(`Unsupported query operator '${op}' for resource '${rules.entityName}'.`);
      }
    }
  }
  if (features && features.functions.has('contains')) {
    throw unsupportedQuery(
      `Unsupported query: the 'contains' function is not supported for resource '${rules.entityName}'.`,
    );
  }
  if (!rules.directoryObjects) {
    if (opts.search) throw badRequest(`$search is not supported for resource '${rules.entityName}'.`);
    return;
  }
  const advancedFilter =
    !!features &&
    (!!rules.filterNeedsAdvanced ||
      ADVANCED_OPERATORS.some((op) => features.operators.has(op)) ||
      ADVANCED_FUNCTIONS.some((fn) => features.functions.has(fn)));
  if (advancedFilter && !(consistencyEventual && opts.count)) {
    const what = [
      ...ADVANCED_OPERATORS.filter((op) => features.operators.has(op)),
      ...ADVANCED_FUNCTIONS.filter((fn) => features.functions.has(fn)),
    ];
    throw unsupportedQuery(
      what.length > 0
        ? `Unsupported filter: '${what.join("', '")}' is an advanced query; it requires the 'ConsistencyLevel: eventual' header and '$count=true'.`
        : `Filtering ${rules.entityName} objects here is an advanced query; it requires the 'ConsistencyLevel: eventual' header and '$count=true'.`,
    );
  }
  // `$count=true` without ConsistencyLevel is ignored on a normal query (no @odata.count, no error);
  // the /$count segment does need the header (learn.microsoft.com/graph/aad-advanced-queries).
  if (countSegment && !consistencyEventual) {
    throw unsupportedQuery("$count is an advanced query; it requires the 'ConsistencyLevel: eventual' header.");
  }
  if (opts.search) {
    if (!consistencyEventual)
      throw unsupportedQuery(
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      );
    for (const clause of opts.search) {
      if (clause.property === null || !(rules.searchable ?? []).includes(clause.property)) {
        throw badRequest(
          `Invalid $search: property '${clause.property ?? ''}' is not searchable on resource '${rules.entityName}'.`,
        );
      }
    }
  }
  if (opts.orderBy.length > 0 && opts.filter && !consistencyEventual) {
    throw unsupportedQuery(
      "Sorting combined with $filter is an advanced query; it requires the 'ConsistencyLevel: eventual' header and '$count=true'.",
    );
  }
}
