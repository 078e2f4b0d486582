import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageError, buildAppPackage, type PackageInputs } from '../../../src/app-package/build-app-package';
import { packageVariables } from '../../../src/app-package/env';
import { UnfilledPlaceholderError } from '../../../src/app-package/placeholders';
import { writeZip } from '../../../src/app-package/zip';
import { readZip } from '../../helpers/read-zip';
import { FILLED_VARS, ROOT } from './helpers';
import { tempDirs } from '../../helpers/temp-dirs';

const temp = tempDirs();

// strip-bom 5 is ESM-only and @microsoft/app-manifest requires it at load time: Node 20 allows that,
// jest's CommonJS runtime does not. Validation never strips a BOM here (manifests are passed as objects).
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const inputs = (overrides: Partial<PackageInputs> = {}): PackageInputs => ({
  template: readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8'),
  color: readFileSync(join(ROOT, 'appPackage', 'color.png')),
  outline: readFileSync(join(ROOT, 'appPackage', 'outline.png')),
  vars: FILLED_VARS,
  ...overrides,
});

/** Independent reading of the zip structure: end record, central directory names and offsets. */
function centralDirectoryNames(zip: Buffer): string[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  expect(at + size).toBe(end);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

const hasUnzip = ['/usr/bin/unzip', '/bin/unzip'].some((p) => existsSync(p));

describe('buildAppPackage', () => {
  test('zips exactly manifest.json, color.png and outline.png, byte for byte', async () => {
    const pkg = await buildAppPackage(inputs());
    expect(centralDirectoryNames(pkg.zip)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const entries = readZip(pkg.zip);
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(JSON.parse(entries[0]!.data.toString('utf8'))).toEqual(pkg.manifest);
    expect(pkg.manifest.id).toBe(FILLED_VARS.TEAMS_APP_ID);
    expect(entries[1]!.data.equals(inputs().color)).toBe(true);
    expect(entries[2]!.data.equals(inputs().outline)).toBe(true);
  });

  test('the same inputs give the same bytes (fixed timestamps)', async () => {
    expect((await buildAppPackage(inputs())).zip.equals((await buildAppPackage(inputs())).zip)).toBe(true);
  });

  (hasUnzip ? test : test.skip)('Info-ZIP unzip reads and CRC-checks the package', async () => {
    const dir = temp.make('app-package-');
    const file = join(dir, 'appPackage.test.zip');
    writeFileSync(file, (await buildAppPackage(inputs())).zip);
    expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'manifest.json',
      'color.png',
      'outline.png',
    ]);
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toContain('No errors detected');
  });

  test('an unfilled placeholder is refused, naming the variable', async () => {
    const { TEAMS_APP_ID: _omitted, ...rest } = FILLED_VARS;
    await expect(buildAppPackage(inputs({ vars: rest }))).rejects.toThrow(UnfilledPlaceholderError);
    await expect(buildAppPackage(inputs({ vars: rest }))).rejects.toThrow('${{TEAMS_APP_ID}}');
  });

  test('a filled manifest Teams would reject is refused with the schema error', async () => {
    const vars = { ...FILLED_VARS, BOT_ID: 'not-a-guid' };
    await expect(buildAppPackage(inputs({ vars }))).rejects.toThrow(PackageError);
    await expect(buildAppPackage(inputs({ vars }))).rejects.toThrow(/manifest\.json\/bots\/0\/botId/);
  });

  test('icons of the wrong size are refused', async () => {
    const swapped = inputs();
    await expect(buildAppPackage({ ...swapped, color: swapped.outline })).rejects.toThrow(
      'color.png is 32x32; Teams requires 192x192',
    );
  });
});

describe('zip writer', () => {
  test('round-trips empty and binary entries and refuses unsafe names', () => {
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    expect(
      readZip(
        writeZip([
          { name: 'a/empty.txt', data: Buffer.alloc(0) },
          { name: 'b.bin', data },
        ]),
      ),
    ).toEqual([
      { name: 'a/empty.txt', data: Buffer.alloc(0) },
      { name: 'b.bin', data },
    ]);
    expect(() => writeZip([{ name: '../x', data }])).toThrow('unsafe');
    expect(() =>
      writeZip([
        { name: 'x', data },
        { name: 'x', data },
      ]),
    ).toThrow('duplicate');
  });

  test('an entry whose CRC does not match its data is refused', () => {
    const zip = writeZip([{ name: 'x.txt', data: Buffer.from('hello hello hello') }]);
    const corrupt = Buffer.from(zip);
    const central = corrupt.readUInt32LE(corrupt.length - 22 + 16);
    corrupt.writeUInt32LE((corrupt.readUInt32LE(central + 16) ^ 1) >>> 0, central + 16);
    expect(() => readZip(corrupt)).toThrow('x.txt: CRC mismatch');
  });

  test('CRC-32 is the standard one (zlib.crc32), and more entries than zip without zip64 can hold are refused', () => {
    const zip = writeZip([{ name: 'check.txt', data: Buffer.from('123456789') }]);
    expect(zip.readUInt32LE(14)).toBe(0xcbf43926); // the CRC-32/ISO-HDLC check value of "123456789"
    const many = Array.from({ length: 0x10000 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(0) }));
    expect(() => writeZip(many)).toThrow('zip64');
  });
});

describe('packageVariables', () => {
  test('env/.env.<env> then .user, process environment wins, empty values ignored', () => {
    const root = temp.make('app-env-');
    execFileSync('mkdir', ['-p', join(root, 'env')]);
    writeFileSync(join(root, 'env', '.env.dev'), 'BOT_ID=from-file\nBOT_DOMAIN=file.example\nTEAMS_APP_ID=file-app\n');
    writeFileSync(join(root, 'env', '.env.dev.user'), 'BOT_DOMAIN=user.example\n');
    const vars = packageVariables(root, 'dev', { BOT_ID: 'from-process', TEAMS_APP_ID: '' });
    expect(vars).toMatchObject({ BOT_ID: 'from-process', BOT_DOMAIN: 'user.example', TEAMS_APP_ID: 'file-app' });
    expect(() => packageVariables(root, '../etc', {})).toThrow('invalid environment name');
  });
});
