/**
 * The app icons, drawn in code so they can be regenerated (scripts/make-icons.ts) and checked by
 * tests: a shield with a medical cross, the "doctor for consent" idea. Teams wants a 192x192 full-colour
 * icon and a 32x32 outline icon that is white on transparent; anti-aliasing varies only alpha, so
 * every outline pixel stays pure white.
 */
import type { RgbaImage } from './png';

/** The manifest's accentColor and the colour icon's background. */
export const ACCENT_COLOR = '#0F6CBD';
const SAMPLES = 4; // 4x4 supersampling per pixel for smooth edges.

type Shape = (x: number, y: number) => boolean;

/** Shield in unit coordinates: flat top, straight sides, curving to a point at the bottom. */
function shield(inset: number): Shape {
  const top = 0.1 + inset;
  const shoulder = 0.5;
  const bottom = 0.92 - inset * 1.6;
  const half = 0.36 - inset;
  return (x, y) => {
    if (y < top || y > bottom) return false;
    const t = y <= shoulder ? 0 : (y - shoulder) / (bottom - shoulder);
    const width = y <= shoulder ? half : half * Math.pow(Math.cos((t * Math.PI) / 2), 0.75);
    return Math.abs(x - 0.5) <= width;
  };
}

function cross(arm: number, thickness: number): Shape {
  const cx = 0.5;
  const cy = 0.47;
  return (x, y) =>
    (Math.abs(x - cx) <= thickness && Math.abs(y - cy) <= arm) ||
    (Math.abs(y - cy) <= thickness && Math.abs(x - cx) <= arm);
}

function coverage(shape: Shape, px: number, py: number, size: number, scale: number): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      // Map the pixel sample into unit space, scaled about the centre to leave a margin.
      const x = ((px + (sx + 0.5) / SAMPLES) / size - 0.5) / scale + 0.5;
      const y = ((py + (sy + 0.5) / SAMPLES) / size - 0.5) / scale + 0.5;
      if (shape(x, y)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function hex(color: string): [number, number, number] {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

const mix = (a: number, b: number, t: number): number => Math.round(a + (b - a) * t);

/** 192x192: white shield with an accent-coloured cross on an accent background. */
export function drawColorIcon(size = 192): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const accent = hex(ACCENT_COLOR);
  const body = shield(0);
  const mark = cross(0.17, 0.055);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const white = coverage(body, x, y, size, 0.72) - coverage(mark, x, y, size, 0.72);
      const i = (y * size + x) * 4;
      pixels[i] = mix(accent[0], 255, white);
      pixels[i + 1] = mix(accent[1], 255, white);
      pixels[i + 2] = mix(accent[2], 255, white);
      pixels[i + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

/** 32x32: white shield outline and cross, transparent everywhere else. */
export function drawOutlineIcon(size = 32): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const outer = shield(0);
  const inner = shield(0.075);
  const mark = cross(0.16, 0.05);
  const ink: Shape = (x, y) => (outer(x, y) && !inner(x, y)) || mark(x, y);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(coverage(ink, x, y, size, 0.94) * 255);
      const i = (y * size + x) * 4;
      // Fully transparent pixels are 0,0,0,0; every visible pixel is pure white.
      if (alpha > 0) pixels.set([255, 255, 255, alpha], i);
    }
  }
  return { width: size, height: size, pixels };
}
