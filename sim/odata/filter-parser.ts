/**
 * OData $filter parser for the subset Microsoft Graph supports on the resources the simulator serves:
 *   comparisons  eq ne gt ge lt le      prop eq 'x', status/errorCode eq 90094, accountEnabled eq true
 *   logic        and or not, parentheses
 *   membership   prop in ('a','b')
 *   functions    startsWith(prop,'x') endsWith(prop,'x') contains(prop,'x')
 *   lambdas      coll/any(u:u/status eq 'InProgress'), tags/any(t:t eq 'x'), coll/all(...)
 *   literals     'strings' (with '' escapes), numbers, true/false/null, unquoted dates/datetimes
 * The result is a small AST evaluated by ./filter-eval.ts. Syntax errors throw FilterSyntaxError.
 */

export type Literal = string | number | boolean | null;

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOp; left: ValueNode; right: ValueNode }
  | { kind: 'in'; left: ValueNode; values: Literal[] }
  | { kind: 'call'; name: StringFunction; args: ValueNode[] }
  | { kind: 'lambda'; quantifier: 'any' | 'all'; collection: string[]; variable: string; predicate: FilterNode | null }
  | { kind: 'value'; value: ValueNode };

export type ValueNode =
  { kind: 'literal'; value: Literal; isDate?: boolean; isGuid?: boolean } | { kind: 'path'; path: string[] };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type StringFunction = 'startswith' | 'endswith' | 'contains';

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains']);

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

type Token =
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'date'; value: string; pos: number }
  | { type: 'guid'; value: string; pos: number }
  | { type: 'ident'; value: string; pos: number }
  | { type: 'punct'; value: '(' | ')' | ',' | '/' | ':'; pos: number };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_-])/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const IDENT_RE = /^[A-Za-z_@$][A-Za-z0-9_.@$]*/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new FilterSyntaxError('Unterminated string literal.', i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      tokens.push({ type: 'string', value, pos: i });
      i = j + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',' || ch === '/' || ch === ':') {
      tokens.push({ type: 'punct', value: ch, pos: i });
      i++;
      continue;
    }
    const rest = text.slice(i);
    // Edm.Guid literals are written unquoted (`resourceId eq 9d2f...`).
    const guid = GUID_RE.exec(rest);
    if (guid) {
      tokens.push({ type: 'guid', value: guid[0], pos: i });
      i += guid[0].length;
      continue;
    }
    const date = DATE_RE.exec(rest);
    if (date && date[0].length >= 10) {
      tokens.push({ type: 'date', value: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const num = NUMBER_RE.exec(rest);
    if (num) {
      const next = rest[num[0].length];
      if (next !== undefined && /[A-Za-z0-9_-]/.test(next)) {
        throw new FilterSyntaxError(`Syntax error at position ${i}: unquoted value '${rest.split(/[\s),]/)[0]}'.`, i);
      }
      tokens.push({ type: 'number', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const ident = IDENT_RE.exec(rest);
    if (ident) {
      const next = rest[ident[0].length];
      if (next === '-') {
        throw new FilterSyntaxError(`Syntax error at position ${i}: unquoted value '${rest.split(/[\s),]/)[0]}'.`, i);
      }
      tokens.push({ type: 'ident', value: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    throw new FilterSyntaxError(`Syntax error: character '${ch}' is not valid at position ${i}.`, i);
  }
  return tokens;
}

class Parser {
  private i = 0;
  /** Lambda variables in scope (a path starting with one refers to the current element). */
  private readonly variables: string[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new FilterSyntaxError('The $filter expression is empty.', 0);
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) throw this.error(`Syntax error: unexpected '${this.describe(extra)}' at position ${extra.pos}.`, extra);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t)
      throw new FilterSyntaxError(`Syntax error: the expression '${this.text}' ends unexpectedly.`, this.text.length);
    return t;
  }

  private isKeyword(t: Token | undefined, word: string): boolean {
    return !!t && t.type === 'ident' && t.value.toLowerCase() === word;
  }

  private isPunct(t: Token | undefined, p: string): boolean {
    return !!t && t.type === 'punct' && t.value === p;
  }

  private expectPunct(p: string): void {
    const t = this.next();
    if (!this.isPunct(t, p)) throw this.error(`Syntax error: '${p}' expected at position ${t.pos}.`, t);
  }

  private describe(t: Token): string {
    return t.type === 'string' ? `'${t.value}'` : String(t.value);
  }

  private error(message: string, t?: Token): FilterSyntaxError {
    return new FilterSyntaxError(message, t?.pos ?? this.text.length);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isKeyword(this.peek(), 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const t = this.peek();
    if (this.isPunct(t, '(')) {
      this.next();
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    const left = this.parsePrimary();
    if (left.kind !== 'value') return left;
    const op = this.peek();
    if (op && op.type === 'ident' && COMPARE_OPS.has(op.value.toLowerCase())) {
      this.next();
      const right = this.parsePrimary();
      if (right.kind !== 'value')
        throw this.error('Syntax error: a value is expected after a comparison operator.', op);
      return { kind: 'compare', op: op.value.toLowerCase() as CompareOp, left: left.value, right: right.value };
    }
    if (this.isKeyword(op, 'in')) {
      this.next();
      return { kind: 'in', left: left.value, values: this.parseLiteralList() };
    }
    return left;
  }

  private parseLiteralList(): Literal[] {
    this.expectPunct('(');
    const values: Literal[] = [];
    if (this.isPunct(this.peek(), ')')) {
      this.next();
      return values;
    }
    for (;;) {
      const v = this.parsePrimary();
      if (v.kind !== 'value' || v.value.kind !== 'literal')
        throw this.error('Syntax error: the in operator takes a list of literals.');
      values.push(v.value.value);
      const sep = this.next();
      if (this.isPunct(sep, ')')) return values;
      if (!this.isPunct(sep, ',')) throw this.error(`Syntax error: ',' or ')' expected at position ${sep.pos}.`, sep);
    }
  }

  /** A literal, a property path, a function call or a lambda. */
  private parsePrimary(): FilterNode {
    const t = this.next();
    switch (t.type) {
      case 'string':
        return { kind: 'value', value: { kind: 'literal', value: t.value } };
      case 'number':
        return { kind: 'value', value: { kind: 'literal', value: t.value } };
      case 'date':
        return { kind: 'value', value: { kind: 'literal', value: t.value, isDate: true } };
      case 'guid':
        return { kind: 'value', value: { kind: 'literal', value: t.value, isGuid: true } };
      case 'punct':
        throw this.error(`Syntax error: unexpected '${t.value}' at position ${t.pos}.`, t);
      case 'ident':
        break;
    }
    const word = t.value.toLowerCase();
    if (word === 'true' || word === 'false')
      return { kind: 'value', value: { kind: 'literal', value: word === 'true' } };
    if (word === 'null') return { kind: 'value', value: { kind: 'literal', value: null } };
    if (this.isPunct(this.peek(), '(')) {
      if (!FUNCTIONS.has(word)) throw this.error(`An unknown function with name '${t.value}' was found.`, t);
      this.next();
      const args: ValueNode[] = [];
      for (;;) {
        const arg = this.parsePrimary();
        if (arg.kind !== 'value') throw this.error(`Syntax error: invalid argument to '${t.value}'.`, t);
        args.push(arg.value);
        const sep = this.next();
        if (this.isPunct(sep, ')')) break;
        if (!this.isPunct(sep, ',')) throw this.error(`Syntax error: ',' or ')' expected at position ${sep.pos}.`, sep);
      }
      if (args.length !== 2) throw this.error(`The function '${t.value}' takes two arguments.`, t);
      return { kind: 'call', name: word as StringFunction, args };
    }
    // A property path, possibly ending in a lambda: a/b/any(x: ...)
    const path = [t.value];
    while (this.isPunct(this.peek(), '/')) {
      this.next();
      const seg = this.next();
      if (seg.type !== 'ident') throw this.error(`Syntax error: property name expected at position ${seg.pos}.`, seg);
      const quantifier = seg.value.toLowerCase();
      if ((quantifier === 'any' || quantifier === 'all') && this.isPunct(this.peek(), '(')) {
        return this.parseLambda(path, quantifier);
      }
      path.push(seg.value);
    }
    return { kind: 'value', value: { kind: 'path', path } };
  }

  private parseLambda(collection: string[], quantifier: 'any' | 'all'): FilterNode {
    this.expectPunct('(');
    if (this.isPunct(this.peek(), ')')) {
      this.next();
      if (quantifier === 'all') throw this.error('Syntax error: all() needs a predicate.');
      return { kind: 'lambda', quantifier, collection, variable: '', predicate: null };
    }
    const v = this.next();
    if (v.type !== 'ident') throw this.error(`Syntax error: lambda variable expected at position ${v.pos}.`, v);
    this.expectPunct(':');
    this.variables.push(v.value);
    const predicate = this.parseOr();
    this.variables.pop();
    this.expectPunct(')');
    return { kind: 'lambda', quantifier, collection, variable: v.value, predicate };
  }
}

export function parseFilter(text: string): FilterNode {
  return new Parser(tokenize(text), text).parse();
}

/** Everything the expression uses: properties (top-level paths), operators and functions. */
export interface FilterFeatures {
  properties: Set<string>;
  operators: Set<string>;
  functions: Set<string>;
  lambdas: Set<string>;
}

export function filterFeatures(node: FilterNode): FilterFeatures {
  const f: FilterFeatures = { properties: new Set(), operators: new Set(), functions: new Set(), lambdas: new Set() };
  const visitValue = (v: ValueNode, variables: string[]) => {
    if (v.kind === 'path' && !variables.includes(v.path[0])) f.properties.add(v.path.join('/'));
  };
  const visit = (n: FilterNode, variables: string[]) => {
    switch (n.kind) {
      case 'and':
      case 'or':
        f.operators.add(n.kind);
        visit(n.left, variables);
        visit(n.right, variables);
        break;
      case 'not':
        f.operators.add('not');
        visit(n.operand, variables);
        break;
      case 'compare':
        f.operators.add(n.op);
        visitValue(n.left, variables);
        visitValue(n.right, variables);
        break;
      case 'in':
        f.operators.add('in');
        visitValue(n.left, variables);
        break;
      case 'call':
        f.functions.add(n.name);
        n.args.forEach((a) => visitValue(a, variables));
        break;
      case 'lambda':
        f.lambdas.add(n.quantifier);
        f.properties.add(n.collection.join('/'));
        if (n.predicate) visit(n.predicate, [...variables, n.variable]);
        break;
      case 'value':
        visitValue(n.value, variables);
        break;
    }
  };
  visit(node, []);
  return f;
}
