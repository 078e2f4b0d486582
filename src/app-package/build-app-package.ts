/**
 * Builds the Teams app package: fill the manifest template, check it against the bundled schema and
 * the icons against Teams' size rules, then zip manifest.json, color.png and outline.png at the root
 * (Teams rejects packages whose files sit in a folder). Refuses rather than producing a package
 * Teams would reject at upload time.
 */
import { fillPlaceholders } from './placeholders';
import { readPngHeader } from './png';
import { validateManifest } from './validate-manifest';
import { writeZip } from './zip';

export interface PackageInputs {
  /** appPackage/manifest.json as text, with `${{VAR}}` placeholders. */
  template: string;
  color: Buffer;
  outline: Buffer;
  vars: Record<string, string | undefined>;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  manifestText: string;
  zip: Buffer;
}

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(['The app package was not built:', ...problems.map((p) => `  - ${p}`)].join('\n'));
    this.name = 'PackageError';
  }
}

const ICON_SIZES = { color: 192, outline: 32 } as const;

function iconProblems(name: keyof typeof ICON_SIZES, png: Buffer): string[] {
  try {
    const { width, height } = readPngHeader(png);
    const size = ICON_SIZES[name];
    return width === size && height === size
      ? []
      : [`${name}.png is ${width}x${height}; Teams requires ${size}x${size}`];
  } catch (err) {
    return [`${name}.png: ${(err as Error).message}`];
  }
}

export async function buildAppPackage(inputs: PackageInputs): Promise<AppPackage> {
  // Throws UnfilledPlaceholderError naming every missing variable.
  const manifestText = fillPlaceholders(inputs.template, inputs.vars, 'appPackage/manifest.json');
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const problems = [
    ...(await validateManifest(manifest)).map((e) => `manifest.json${e.startsWith('/') ? '' : ': '}${e}`),
    ...iconProblems('color', inputs.color),
    ...iconProblems('outline', inputs.outline),
  ];
  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  if (icons?.color !== 'color.png' || icons.outline !== 'outline.png') {
    problems.push('manifest.json icons must be "color.png" and "outline.png", the files this package contains');
  }
  if (problems.length > 0) throw new PackageError(problems);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(manifestText, 'utf8') },
    { name: 'color.png', data: inputs.color },
    { name: 'outline.png', data: inputs.outline },
  ]);
  return { manifest, manifestText, zip };
}
