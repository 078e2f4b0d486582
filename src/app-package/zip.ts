/**
 * A small zip writer (deflate, no zip64, no encryption); tests read its output with
 * test/helpers/read-zip.ts.
 * Used for the Teams app package (three small files) and the App Service deploy package (the
 * production node_modules: tens of thousands of files, well below zip's 65,535-entry and 4 GiB
 * limits, which are checked). No zip package is installed and none is needed.
 * Timestamps are fixed so the same inputs always give byte-identical packages.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const VERSION = 20; // 2.0: deflate
const DEFLATE = 8;
const UTF8_NAMES = 0x0800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

export interface ZipOptions {
  /** zlib deflate level, 9 by default (small packages); the deploy package uses a faster one. */
  level?: number;
}

const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/**
 * The fields a local file header and a central directory header share, in the same order
 * (version needed, flags, method, time, date, CRC-32, sizes, name length): APPNOTE.TXT 4.3.7 and 4.3.12.
 */
function writeEntryFields(
  header: Buffer,
  at: number,
  f: { crc: number; compressedSize: number; size: number; nameLength: number },
): void {
  header.writeUInt16LE(VERSION, at);
  header.writeUInt16LE(UTF8_NAMES, at + 2);
  header.writeUInt16LE(DEFLATE, at + 4);
  header.writeUInt16LE(0, at + 6);
  header.writeUInt16LE(DOS_DATE_1980_01_01, at + 8);
  header.writeUInt32LE(f.crc, at + 10);
  header.writeUInt32LE(f.compressedSize, at + 14);
  header.writeUInt32LE(f.size, at + 18);
  header.writeUInt16LE(f.nameLength, at + 22);
}

export function writeZip(entries: ZipEntry[], options: ZipOptions = {}): Buffer {
  if (entries.length > MAX_ENTRIES)
    throw new Error(
      `${entries.length} zip entries: more than ${MAX_ENTRIES} needs zip64, which this writer does not do`,
    );
  const names = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`duplicate zip entry "${entry.name}"`);
    if (!entry.name || entry.name.startsWith('/') || entry.name.split('/').includes('..'))
      throw new Error(`unsafe zip entry name "${entry.name}"`);
    names.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: options.level ?? 9 });
    const crc = crc32(entry.data);

    const fields = { crc, compressedSize: compressed.length, size: entry.data.length, nameLength: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    writeEntryFields(local, 4, fields);
    // extra length stays 0.

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(VERSION, 4); // version made by
    writeEntryFields(central, 6, fields);
    // extra length, comment length, disk number, internal and external attributes stay 0.
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
    if (offset > MAX_OFFSET) throw new Error('zip larger than 4 GiB needs zip64, which this writer does not do');
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
