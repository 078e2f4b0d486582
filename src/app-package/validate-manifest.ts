/**
 * Schema validation of a filled manifest with the schemas bundled in @microsoft/app-manifest.
 * The schema is read from the package's own files and passed in explicitly, so validation never
 * falls back to fetching from developer.microsoft.com (CI and these machines are offline).
 */
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/i;

type Schema = Parameters<typeof AppManifestUtils.validateAgainstSchema>[1];

export function bundledSchemaPath(schemaUrl: string): string {
  const match = SCHEMA_URL.exec(schemaUrl);
  if (!match) throw new Error(`$schema "${schemaUrl}" is not a Teams manifest schema URL`);
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const path = join(packageDir, 'build', 'json-schemas', 'teams', match[1]!, 'MicrosoftTeams.schema.json');
  if (!existsSync(path)) throw new Error(`@microsoft/app-manifest does not bundle the ${match[1]} schema`);
  return path;
}

/** Returns schema errors as readable lines; empty means valid. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== 'string') return ['manifest has no $schema'];
  const schema = JSON.parse(readFileSync(bundledSchemaPath(schemaUrl), 'utf8')) as Schema;
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}
