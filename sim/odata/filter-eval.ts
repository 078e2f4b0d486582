/**
 * Evaluates a parsed $filter against one JSON object as Graph returns it.
 * Directory string comparisons are case-insensitive (Graph: `appId eq 'ABC..'` matches), dates
 * compare as instants, and a missing property is null.
 */
import type { FilterNode, Literal, ValueNode } from './filter-parser';

type Json = unknown;

function resolvePath(root: Json, path: string[], scope: Record<string, Json>): Json {
  let current: Json;
  let rest = path;
  if (Object.prototype.hasOwnProperty.call(scope, path[0])) {
    current = scope[path[0]];
    rest = path.slice(1);
  } else {
    current = root;
  }
  for (const seg of rest) {
    if (current === null || current === undefined || typeof current !== 'object') return null;
    current = (current as Record<string, Json>)[seg];
  }
  return current === undefined ? null : current;
}

function valueOf(node: ValueNode, root: Json, scope: Record<string, Json>): Json {
  return node.kind === 'literal' ? node.value : resolvePath(root, node.path, scope);
}

function isDateLike(v: Json): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
}

/** -1, 0, 1, or null when the values are not comparable. */
function compareValues(a: Json, b: Json, dateHint: boolean): number | null {
  if (a === null || b === null) return a === b ? 0 : null;
  if (typeof a === 'string' && typeof b === 'string') {
    if ((dateHint || (isDateLike(a) && isDateLike(b))) && isDateLike(a) && isDateLike(b)) {
      return Math.sign(Date.parse(a) - Date.parse(b));
    }
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  // Graph compares numbers given as strings loosely (e.g. status/errorCode eq '90094' is rejected by
  // Graph; we stay strict and treat mixed types as unequal).
  return null;
}

function equals(a: Json, b: Literal | Json, dateHint = false): boolean {
  return compareValues(a, b, dateHint) === 0;
}

export function evaluateFilter(node: FilterNode, item: Json, scope: Record<string, Json> = {}): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, item, scope) && evaluateFilter(node.right, item, scope);
    case 'or':
      return evaluateFilter(node.left, item, scope) || evaluateFilter(node.right, item, scope);
    case 'not':
      return !evaluateFilter(node.operand, item, scope);
    case 'compare': {
      const left = valueOf(node.left, item, scope);
      const right = valueOf(node.right, item, scope);
      const dateHint =
        (node.left.kind === 'literal' && !!node.left.isDate) || (node.right.kind === 'literal' && !!node.right.isDate);
      const c = compareValues(left, right, dateHint);
      switch (node.op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c !== null && c > 0;
        case 'ge':
          return c !== null && c >= 0;
        case 'lt':
          return c !== null && c < 0;
        case 'le':
          return c !== null && c <= 0;
      }
      return false;
    }
    case 'in': {
      const left = valueOf(node.left, item, scope);
      return node.values.some((v) => equals(left, v));
    }
    case 'call': {
      const [a, b] = node.args.map((arg) => valueOf(arg, item, scope));
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      if (node.name === 'startswith') return x.startsWith(y);
      if (node.name === 'endswith') return x.endsWith(y);
      return x.includes(y);
    }
    case 'lambda': {
      const coll = resolvePath(item, node.collection, scope);
      const elements = Array.isArray(coll) ? coll : [];
      const predicate = node.predicate;
      if (!predicate) return elements.length > 0;
      const test = (el: Json) => evaluateFilter(predicate, item, { ...scope, [node.variable]: el });
      return node.quantifier === 'any' ? elements.some(test) : elements.every(test);
    }
    case 'value': {
      const v = valueOf(node.value, item, scope);
      return v === true;
    }
  }
}
