/**
 * A small typed repository over one Azure table with optimistic concurrency.
 *
 * Values are stored as JSON. Table Storage limits a string property to 64 KiB (32K UTF-16 chars)
 * and an entity to 1 MiB, so the JSON is split across json0..jsonN columns. A few scalar "index"
 * columns can be projected from the value so lists can filter server-side.
 *
 * Every write returns the row's new ETag. `replace` is a compare-and-set on the ETag the caller
 * read: exactly one of several concurrent writers wins, the others get StoreConflictError.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { StoreConflictError, StoreError, StoreNotFoundError, toStoreError } from './errors';

export interface Versioned<T> {
  value: T;
  etag: string;
}

export interface Row<T> extends Versioned<T> {
  partitionKey: string;
  rowKey: string;
}

export type IndexValue = string | number | boolean;

export interface RepositoryOptions<T> {
  /** Validate/convert what was stored (data written by an older version, or tampered with). */
  decode?: (raw: unknown) => T;
  /** Scalar columns projected from the value, usable in `list({ where })`. */
  index?: (value: T) => Record<string, IndexValue | null>;
  /**
   * Told of every row read or written, as its JSON text (before `decode`) and ETag: a store can keep
   * rows as they were without copying the values it hands out (the JSON text is made anyway).
   */
  onRow?: (row: StoredRow) => void;
}

/** A row as stored: its keys, its value's JSON text and its ETag. */
export interface StoredRow {
  partitionKey: string;
  rowKey: string;
  json: string;
  etag: string;
}

export interface ListOptions {
  /** Equality filters on index columns; an array means "any of these values". */
  where?: Record<string, IndexValue | IndexValue[]>;
  /** Stop after this many rows. */
  limit?: number;
}

/** 30,000 UTF-16 units keeps each chunk under the 64 KiB property limit. */
const CHUNK = 30_000;
/** Stay under the 1 MiB entity limit with room for keys and index columns. */
const MAX_JSON = 30 * CHUNK;
/** Rows one entity group transaction may hold. */
export const MAX_TRANSACTION_ROWS = 100;
const RESERVED = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'jsonParts']);
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
/** Characters Azure forbids in PartitionKey/RowKey: / \ # ? and control characters. */
function isForbiddenKeyChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return c === '/' || c === '\\' || c === '#' || c === '?' || code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

export class TableRepository<T> {
  constructor(
    readonly client: TableClient,
    private readonly options: RepositoryOptions<T> = {},
  ) {}

  async get(partitionKey: string, rowKey: string): Promise<Versioned<T> | null> {
    const key = this.describe(partitionKey, rowKey);
    try {
      const entity = await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
      return { value: this.decode(partitionKey, rowKey, entity, key), etag: entity.etag };
    } catch (err) {
      const mapped = toStoreError(err, key);
      if (mapped instanceof StoreNotFoundError) return null;
      throw mapped;
    }
  }

  /** Creates the row; StoreConflictError('exists') when it is already there. */
  async insert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const { entity, json } = this.encode(partitionKey, rowKey, value);
    try {
      const result = await this.client.createEntity(entity);
      return this.written(entity, json, requireEtag(result.etag, entity));
    } catch (err) {
      throw toStoreError(err, this.describe(partitionKey, rowKey));
    }
  }

  /** Compare-and-set: replaces the row only if its ETag is still `etag`. */
  async replace(partitionKey: string, rowKey: string, value: T, etag: string): Promise<string> {
    const { entity, json } = this.encode(partitionKey, rowKey, value);
    const key = this.describe(partitionKey, rowKey);
    try {
      const result = await this.client.updateEntity(entity, 'Replace', { etag });
      return this.written(entity, json, requireEtag(result.etag, entity));
    } catch (err) {
      const mapped = toStoreError(err, key);
      // A row deleted since it was read is a lost race too, not "not found".
      if (mapped instanceof StoreNotFoundError) throw new StoreConflictError('etag_mismatch', key, { cause: err });
      throw mapped;
    }
  }

  /** Unconditional write, for last-writer-wins data such as conversation references. */
  async upsert(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const { entity, json } = this.encode(partitionKey, rowKey, value);
    try {
      const result = await this.client.upsertEntity(entity, 'Replace');
      return this.written(entity, json, requireEtag(result.etag, entity));
    } catch (err) {
      throw toStoreError(err, this.describe(partitionKey, rowKey));
    }
  }

  /**
   * Unconditional writes of several rows of one partition in one request (an entity group
   * transaction: all or none, at most 100 rows, learn.microsoft.com/rest/api/storageservices/performing-entity-group-transactions).
   */
  async upsertAll(partitionKey: string, rows: ReadonlyArray<{ rowKey: string; value: T }>): Promise<void> {
    if (rows.length > MAX_TRANSACTION_ROWS) throw new Error(`at most ${MAX_TRANSACTION_ROWS} rows per transaction`);
    const actions = rows.map(
      ({ rowKey, value }) =>
        ['upsert', this.encode(partitionKey, rowKey, value).entity, 'Replace'] as TransactionAction,
    );
    try {
      await this.client.submitTransaction(actions);
    } catch (err) {
      throw toStoreError(err, `partition ${partitionKey} (${rows.length} rows)`);
    }
  }

  /** Deletes the row (only if unchanged when `etag` is given). Missing rows are not an error. */
  async delete(partitionKey: string, rowKey: string, etag?: string): Promise<void> {
    const key = this.describe(partitionKey, rowKey);
    try {
      await this.client.deleteEntity(partitionKey, rowKey, etag ? { etag } : undefined);
    } catch (err) {
      const mapped = toStoreError(err, key);
      if (mapped instanceof StoreNotFoundError && !etag) return;
      if (mapped instanceof StoreNotFoundError) throw new StoreConflictError('etag_mismatch', key, { cause: err });
      throw mapped;
    }
  }

  /** Rows of one partition in row-key order, optionally filtered on index columns. */
  async list(partitionKey: string, opts: ListOptions = {}): Promise<Array<Row<T>>> {
    const filter = [odata`PartitionKey eq ${partitionKey}`, ...whereClauses(opts.where ?? {})].join(' and ');
    const rows: Array<Row<T>> = [];
    try {
      for await (const entity of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        const pk = entity.partitionKey ?? partitionKey;
        const rk = entity.rowKey ?? '';
        rows.push({
          partitionKey: pk,
          rowKey: rk,
          etag: entity.etag,
          value: this.decode(pk, rk, entity, this.describe(pk, rk)),
        });
        if (opts.limit !== undefined && rows.length >= opts.limit) break;
      }
    } catch (err) {
      throw toStoreError(err, `partition ${partitionKey}`);
    }
    return rows;
  }

  /** The entity to store, and the value's JSON text it holds (in json0..jsonN). */
  private encode(partitionKey: string, rowKey: string, value: T): { entity: Entity; json: string } {
    assertKey(partitionKey, 'partition key');
    assertKey(rowKey, 'row key');
    const json = asciiJson(value);
    if (json === undefined)
      throw new StoreError('corrupt', `value for ${this.describe(partitionKey, rowKey)} is not JSON-serialisable`);
    if (json.length > MAX_JSON) {
      throw new StoreError(
        'too_large',
        `value for ${this.describe(partitionKey, rowKey)} is ${json.length} characters; the limit is ${MAX_JSON}`,
      );
    }
    const entity: Entity = { partitionKey, rowKey };
    for (const [column, v] of Object.entries(this.options.index?.(value) ?? {})) {
      if (!COLUMN.test(column) || RESERVED.has(column) || /^json\d+$/.test(column))
        throw new Error(`invalid index column "${column}"`);
      if (v !== null) entity[column] = v;
    }
    const parts = Math.max(1, Math.ceil(json.length / CHUNK));
    for (let i = 0; i < parts; i++) entity[`json${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
    entity.jsonParts = parts;
    return { entity, json };
  }

  /** Tells `onRow` of a row just written; returns the ETag. */
  private written(entity: Entity, json: string, etag: string): string {
    this.options.onRow?.({ partitionKey: entity.partitionKey, rowKey: entity.rowKey, json, etag });
    return etag;
  }

  private decode(partitionKey: string, rowKey: string, entity: Record<string, unknown>, key: string): T {
    const parts = entity.jsonParts;
    if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1)
      throw new StoreError('corrupt', `row ${key} has no JSON value`);
    let json = '';
    for (let i = 0; i < parts; i++) {
      const chunk = entity[`json${i}`];
      if (typeof chunk !== 'string') throw new StoreError('corrupt', `row ${key} is missing json${i}`);
      json += chunk;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (err) {
      throw new StoreError('corrupt', `row ${key} holds invalid JSON`, { cause: err });
    }
    const value = this.options.decode ? this.options.decode(raw) : (raw as T);
    if (this.options.onRow && typeof entity.etag === 'string')
      this.options.onRow({ partitionKey, rowKey, json, etag: entity.etag });
    return value;
  }

  private describe(partitionKey: string, rowKey: string): string {
    return `${this.client.tableName}/${partitionKey}/${rowKey}`;
  }
}

/**
 * JSON with every non-ASCII character written as a \uXXXX escape. Azurite decodes large request
 * bodies chunk by chunk and corrupts a multi-byte UTF-8 character that straddles two chunks
 * (seen with 3.35: "é" became two U+FFFD). ASCII-only JSON is immune and parses to the same value.
 */
function asciiJson(value: unknown): string | undefined {
  return JSON.stringify(value)?.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function whereClauses(where: Record<string, IndexValue | IndexValue[]>): string[] {
  return Object.entries(where).map(([column, wanted]) => {
    if (!COLUMN.test(column)) throw new Error(`invalid index column "${column}"`);
    const values = Array.isArray(wanted) ? wanted : [wanted];
    if (values.length === 0) return 'false';
    // Column names cannot be parameters; they are checked against COLUMN above. Values are quoted by literal().
    const clauses = values.map((v) => `${column} eq ${literal(v)}`);
    return clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`;
  });
}

/** OData literal: strings quoted with '' escaping (odata`` only quotes after preceding text). */
function literal(v: IndexValue): string {
  return typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v);
}

function assertKey(key: string, what: string): void {
  if (key.length === 0 || key.length > 512 || [...key].some(isForbiddenKeyChar)) {
    throw new StoreError(
      'invalid_key',
      `${what} "${key}" is empty, longer than 512 characters or contains / \\ # ? or control characters (use encodeKey)`,
    );
  }
}

/** Makes any string usable as a PartitionKey/RowKey by percent-encoding the forbidden characters. */
export function encodeKey(raw: string): string {
  return [...raw]
    .map((c) =>
      c === '%' || isForbiddenKeyChar(c) ? `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}` : c,
    )
    .join('');
}

function requireEtag(etag: string | undefined, entity: Entity): string {
  if (!etag) throw new StoreError('corrupt', `storage returned no ETag for ${entity.partitionKey}/${entity.rowKey}`);
  return etag;
}
