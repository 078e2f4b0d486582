/** The demo tenant's people, as the Playground config builder takes them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TenantFixture } from '../../sim/fixture';

export const CONTOSO_FIXTURE_USERS = (
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tenants', 'demo-contoso.json'), 'utf8')) as Pick<
    TenantFixture,
    'users'
  >
).users;
