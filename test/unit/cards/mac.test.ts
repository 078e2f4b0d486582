import { MIN_CARD_KEY_BYTES, signCardData, verifyCardData } from '../../../src/cards/mac';

const KEY = Buffer.alloc(32, 1);
const OTHER_KEY = Buffer.alloc(32, 2);

describe('card data MAC', () => {
  const signed = signCardData('req-42', KEY);

  test('round-trips and carries only requestId and mac', () => {
    expect(Object.keys(signed).sort()).toEqual(['mac', 'requestId']);
    expect(signed.mac).toMatch(/^v1\.[A-Za-z0-9_-]{43}$/);
    expect(verifyCardData(signed, KEY)).toEqual({ ok: true, requestId: 'req-42' });
  });

  test('string and buffer keys with the same bytes agree', () => {
    const k = 'k'.repeat(MIN_CARD_KEY_BYTES);
    expect(verifyCardData(signCardData('a', k), Buffer.from(k))).toEqual({ ok: true, requestId: 'a' });
  });

  test('ignores extra fields, but only requestId and mac count', () => {
    expect(verifyCardData({ ...signed, requestId2: 'x', verb: 'approveAll', denyReason: 'no' }, KEY)).toEqual({
      ok: true,
      requestId: 'req-42',
    });
  });

  test('a MAC replayed with another request id is refused', () => {
    expect(verifyCardData({ requestId: 'req-43', mac: signed.mac }, KEY)).toEqual({
      ok: false,
      reason: 'mac_mismatch',
    });
  });

  test('a MAC from another key is refused', () => {
    expect(verifyCardData(signCardData('req-42', OTHER_KEY), KEY)).toEqual({ ok: false, reason: 'mac_mismatch' });
  });

  test('every single-character tamper of the MAC is refused', () => {
    const body = signed.mac.slice(3);
    const alphabet = 'ABCabc019-_';
    let tried = 0;
    for (let i = 0; i < body.length; i++) {
      for (const c of alphabet) {
        if (c === body[i]) continue;
        const mac = `v1.${body.slice(0, i)}${c}${body.slice(i + 1)}`;
        const result = verifyCardData({ requestId: 'req-42', mac }, KEY);
        // Changing only the unused low bits of the last base64url character decodes to the same bytes.
        if (result.ok) expect(Buffer.from(mac.slice(3), 'base64url')).toEqual(Buffer.from(body, 'base64url'));
        else tried++;
      }
    }
    expect(tried).toBeGreaterThan(400);
  });

  test.each([
    [null, 'not_an_object'],
    [undefined, 'not_an_object'],
    ['req-42', 'not_an_object'],
    [42, 'not_an_object'],
    [[signed.requestId, signed.mac], 'not_an_object'],
    [{}, 'bad_request_id'],
    [{ requestId: 42, mac: signed.mac }, 'bad_request_id'],
    [{ requestId: '', mac: signed.mac }, 'bad_request_id'],
    [{ requestId: 'x'.repeat(10_000), mac: signed.mac }, 'bad_request_id'],
    [{ requestId: 'req 42', mac: signed.mac }, 'bad_request_id'],
    [{ requestId: '${requestId}', mac: signed.mac }, 'bad_request_id'],
    [{ requestId: 'req-42' }, 'bad_mac_format'],
    [{ requestId: 'req-42', mac: ['v1.x'] }, 'bad_mac_format'],
    [{ requestId: 'req-42', mac: signed.mac.slice(0, -1) }, 'bad_mac_format'],
    [{ requestId: 'req-42', mac: `${signed.mac}A` }, 'bad_mac_format'],
    [{ requestId: 'req-42', mac: `v2.${signed.mac.slice(3)}` }, 'bad_mac_format'],
    [{ requestId: 'req-42', mac: 'x'.repeat(100_000) }, 'bad_mac_format'],
  ])('garbage %# is refused (%s)', (data, reason) => {
    expect(verifyCardData(data, KEY)).toEqual({ ok: false, reason });
  });

  test('inherited properties are not read', () => {
    const data: unknown = Object.create({ requestId: 'req-42', mac: signed.mac });
    expect(verifyCardData(data, KEY)).toEqual({ ok: false, reason: 'bad_request_id' });
  });

  test('short keys and malformed ids are programming errors', () => {
    expect(() => signCardData('req-42', 'short')).toThrow(RangeError);
    expect(() => verifyCardData(signed, Buffer.alloc(MIN_CARD_KEY_BYTES - 1))).toThrow(RangeError);
    expect(() => signCardData('bad id', KEY)).toThrow(RangeError);
  });
});
