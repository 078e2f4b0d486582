/**
 * After a request is answered before its body was read to the end (refused from its headers, or
 * past the size limit), the rest of the body is read and thrown away, a bounded amount, so the
 * sender reads the answer instead of a reset connection.
 *
 * Closing the socket while the sender is still writing makes the kernel answer its next bytes with
 * a reset, and a client that is busy writing (seen under load) then reports EPIPE/ECONNRESET and
 * loses the 413/415 it had already been sent. HTTP/1.1 asks for a staged close instead: close the
 * writing side first and keep reading until the client closes too
 * (RFC 9112 §9.6, https://www.rfc-editor.org/rfc/rfc9112#section-9.6).
 *
 * So: bytes that still arrive are counted and dropped, never kept. If the body ends within the
 * bounds the connection stays usable (keep-alive, as usual). Otherwise the server sends its FIN
 * (the answer is already out), keeps dropping what arrives until the client closes its side or a
 * short grace period is over, then closes the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface DiscardBounds {
  /** Bytes dropped while waiting for the body's end before closing. */
  maxBytes: number;
  /** Time waited for the body's end before closing. */
  maxMs: number;
  /** After our FIN: time left to the client to close its side before the socket is destroyed. */
  graceMs: number;
}

/**
 * 16 MiB is several times what loopback or a LAN keeps in flight in socket buffers when the client
 * sees the answer; reading and dropping it costs a few milliseconds and no memory.
 */
export const DISCARD_BOUNDS: DiscardBounds = { maxBytes: 16 * 1024 * 1024, maxMs: 5_000, graceMs: 1_000 };

export function discardRest(req: IncomingMessage, res: ServerResponse, bounds: DiscardBounds = DISCARD_BOUNDS): void {
  if (req.complete || req.destroyed) return;
  const socket = req.socket;
  let dropped = 0;
  let closing = false;
  let grace: NodeJS.Timeout | undefined;

  const stop = (): void => {
    clearTimeout(waited);
    clearTimeout(grace);
    req.off('data', onData);
    socket.off('end', onClientEnd);
  };
  const closeInStages = (): void => {
    if (closing) return;
    closing = true;
    clearTimeout(waited);
    const endOurSide = (): void => {
      socket.end();
      grace = setTimeout(() => socket.destroy(), bounds.graceMs);
      grace.unref();
    };
    // FIN only after the answer has been handed to the socket.
    if (res.writableFinished) endOurSide();
    else res.once('finish', endOurSide);
  };
  const onData = (chunk: Buffer): void => {
    dropped += chunk.length;
    if (dropped > bounds.maxBytes) closeInStages();
  };
  // The client closed its side with the body unfinished: close ours first, so Node's HTTP server
  // (which then sees a cut-off body) does not write a second answer, a 400, after ours.
  const onClientEnd = (): void => {
    stop();
    socket.end();
    socket.destroySoon();
  };

  const waited = setTimeout(closeInStages, bounds.maxMs);
  waited.unref();
  req.on('data', onData);
  req.once('end', stop);
  socket.prependOnceListener('end', onClientEnd);
  socket.once('close', stop);
  req.resume();
}
