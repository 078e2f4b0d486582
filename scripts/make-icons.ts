/**
 * Regenerates appPackage/color.png and appPackage/outline.png from src/app-package/icons.ts.
 * The PNGs are committed; test/unit/app-package checks they match what this script would write.
 * Usage: npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from '../src/app-package/icons';
import { encodePng } from '../src/app-package/png';

const dir = join(__dirname, '..', 'appPackage');
writeFileSync(join(dir, 'color.png'), encodePng(drawColorIcon()));
writeFileSync(join(dir, 'outline.png'), encodePng(drawOutlineIcon()));
console.log(`Wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}`);
