/**
 * Reads an activity's JSON body with a hard cap on the bytes actually held in memory.
 *
 * restify's bodyParser counts `maxBodySize` on the compressed bytes and inflates gzip without a
 * limit, so one small unauthenticated request can inflate to hundreds of megabytes. Here:
 *  - only the identity encoding is accepted (Azure Bot Service and Teams send uncompressed JSON):
 *    any other Content-Encoding is answered 415 before a byte is read;
 *  - a declared Content-Length above the limit is answered 413 before a byte is read;
 *  - otherwise bytes are counted as they arrive and reading stops at the limit (413): nothing past
 *    the limit is kept. What the sender still writes after the answer is dropped, a bounded amount,
 *    before the connection is closed (src/limits/discard-rest.ts).
 * Answers are short JSON bodies naming the reason code only; nothing here calls Graph or storage.
 */
import type { IncomingMessage } from 'node:http';

export type BodyRefusal =
  | { status: 413; reason: 'body_too_large' }
  | { status: 415; reason: 'unsupported_encoding' | 'unsupported_media_type' }
  | { status: 400; reason: 'bad_json' | 'body_aborted' };

export type BodyResult = { ok: true; body: unknown; bytes: number } | { ok: false; refusal: BodyRefusal };

/** Pure: is this request refused from its headers alone? */
export function refuseByHeaders(headers: IncomingMessage['headers'], maxBytes: number): BodyRefusal | null {
  const encoding = String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return { status: 415, reason: 'unsupported_encoding' };
  const type = String(headers['content-type'] ?? '')
    .trim()
    .toLowerCase();
  // Bot Framework posts application/json; an absent type is tolerated (some proxies drop it).
  if (type !== '' && !/^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/.test(type))
    return { status: 415, reason: 'unsupported_media_type' };
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return { status: 413, reason: 'body_too_large' };
  return null;
}

/** Reads at most `maxBytes` of the request; the caller answers any refusal. */
export function readActivityBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const early = refuseByHeaders(req.headers, maxBytes);
  if (early) return Promise.resolve({ ok: false, refusal: early });
  return new Promise<BodyResult>((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        chunks.length = 0;
        // Stop keeping bytes; the caller answers, then drops the rest (src/limits/discard-rest.ts).
        req.pause();
        finish({ ok: false, refusal: { status: 413, reason: 'body_too_large' } });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      const text = Buffer.concat(chunks, bytes).toString('utf8');
      chunks.length = 0;
      try {
        finish({ ok: true, body: JSON.parse(text) as unknown, bytes });
      } catch {
        finish({ ok: false, refusal: { status: 400, reason: 'bad_json' } });
      }
    };
    const onError = (): void => finish({ ok: false, refusal: { status: 400, reason: 'body_aborted' } });
    const onAborted = onError;
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
