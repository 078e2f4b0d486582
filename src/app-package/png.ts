/**
 * Minimal PNG support for the app icons: encode 8-bit RGBA images and read a PNG's header (the
 * package checks icon sizes). Tests decode pixels with test/helpers/decode-png.ts.
 * No image library is installed, and none is needed for two tiny icons.
 */
// zlib.crc32: Node 20.15+ / 22.2+ (https://nodejs.org/api/zlib.html#zlibcrc32data-value).
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;

export interface RgbaImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, row-major, straight (not premultiplied) alpha. */
  pixels: Uint8Array;
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 4)
    throw new RangeError(`expected ${width * height * 4} bytes of RGBA, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, COLOR_TYPE_RGBA, 0, 0, 0], 8);
  // Filter type 0 (None) on every row: icons are tiny, so simplicity beats a few bytes.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0;
    raw.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  const out: Chunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (png.readUInt32BE(at + 8 + length) !== crc32(png.subarray(at + 4, at + 8 + length)))
      throw new Error(`PNG chunk ${type}: CRC mismatch`);
    out.push({ type, data });
    at += 12 + length;
    if (type === 'IEND') break;
  }
  return out;
}

export function readPngHeader(png: Buffer): PngHeader {
  const first = chunks(png)[0];
  if (first?.type !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const d = first.data;
  return { width: d.readUInt32BE(0), height: d.readUInt32BE(4), bitDepth: d[8]!, colorType: d[9]!, interlace: d[12]! };
}
