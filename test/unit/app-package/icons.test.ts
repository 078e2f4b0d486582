import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from 'node:zlib';
import { drawColorIcon, drawOutlineIcon } from '../../../src/app-package/icons';
import { encodePng, readPngHeader } from '../../../src/app-package/png';
import { decodePng } from '../../helpers/decode-png';
import { ROOT } from './helpers';

const color = readFileSync(join(ROOT, 'appPackage', 'color.png'));
const outline = readFileSync(join(ROOT, 'appPackage', 'outline.png'));

describe('app icons', () => {
  test('color.png is 192x192 and fully opaque', () => {
    expect(readPngHeader(color)).toMatchObject({ width: 192, height: 192 });
    const { pixels } = decodePng(color);
    for (let i = 3; i < pixels.length; i += 4) expect(pixels[i]).toBe(255);
  });

  test('outline.png is 32x32, only white or fully transparent pixels, with both present', () => {
    expect(readPngHeader(outline)).toMatchObject({ width: 32, height: 32 });
    const { pixels } = decodePng(outline);
    let white = 0;
    let transparent = 0;
    const offenders: number[] = [];
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else offenders.push(i / 4);
    }
    expect(offenders).toEqual([]);
    expect(white).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
    // The border is transparent: Teams draws the outline on its own coloured background.
    for (let x = 0; x < 32; x++) expect(pixels[x * 4 + 3]).toBe(0);
  });

  test('the committed icons are what scripts/make-icons.ts draws', () => {
    expect(encodePng(drawColorIcon()).equals(color)).toBe(true);
    expect(encodePng(drawOutlineIcon()).equals(outline)).toBe(true);
  });

  test('decodePng reads every PNG row filter', () => {
    // Hand-built 2x2 image: row 0 uses Sub, row 1 uses Paeth.
    const base = encodePng({ width: 2, height: 2, pixels: new Uint8Array(16) });
    const raw = Buffer.from([1, 10, 20, 30, 40, 5, 5, 5, 5, 4, 1, 1, 1, 1, 2, 2, 2, 2]);
    const png = replaceIdat(base, deflateSync(raw));
    expect([...decodePng(png).pixels]).toEqual([10, 20, 30, 40, 15, 25, 35, 45, 11, 21, 31, 41, 17, 27, 37, 47]);
  });

  test('rejects files that are not PNGs or are corrupted', () => {
    expect(() => readPngHeader(Buffer.from('GIF89a'))).toThrow('not a PNG');
    const corrupt = Buffer.from(color);
    corrupt[20] ^= 0xff;
    expect(() => readPngHeader(corrupt)).toThrow('CRC mismatch');
  });
});

/** Swaps the IDAT chunk of an encoded PNG, keeping the encoder's chunk layout (IHDR, IDAT, IEND). */
function replaceIdat(png: Buffer, data: Buffer): Buffer {
  const ihdrEnd = 8 + 12 + 13;
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write('IDAT', 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  const iend = png.subarray(png.length - 12);
  return Buffer.concat([png.subarray(0, ihdrEnd), head, data, crc, iend]);
}
