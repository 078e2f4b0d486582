/**
 * Where `consent-doctor diagnose` talks to: with --tenant, a simulator started in this process and
 * loaded with the fixture (using the fixture's first client, the bot); without it, the tenant
 * configured in the environment.
 */
import { connectGraph } from '../graph/connect';
import { factsConnection } from '../graph/facts-connection';
import type { DiagnoseArgs } from './args';
import { type CliConnection, type CliIo, UsageError } from './diagnose';
import { startSimulatorTenant } from './simulator-tenant';

export async function connect(args: DiagnoseArgs, io: CliIo): Promise<CliConnection> {
  return args.tenant ? connectToSimulator(args.tenant, !args.now) : connectFromEnv(io.env);
}

/**
 * Without --now the fixture's dates are moved so that its moment is now, as `npm start` does: the
 * README's examples then read the same in the terminal as in chat. With --now they stay as written.
 */
async function connectToSimulator(fixturePath: string, relativeDates: boolean): Promise<CliConnection> {
  // The simulator throttles only when a fixture asks it to; keep waits short for a terminal user.
  const tenant = await startSimulatorTenant(fixturePath, {
    from: '--tenant',
    relativeDates,
    retry: { maxRetries: 3, delaySeconds: 1 },
  });
  return { conn: factsConnection(tenant.graph, tenant.simUrl), tenantId: tenant.tenantId, close: tenant.close };
}

const REQUIRED = ['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;

function connectFromEnv(env: Record<string, string | undefined>): Promise<CliConnection> {
  const tenantId = env.GRAPH_TENANT_ID?.trim() || env.BOT_TENANT_ID?.trim() || '';
  const missing = [
    ...(tenantId ? [] : ['GRAPH_TENANT_ID (or BOT_TENANT_ID)']),
    ...REQUIRED.filter((k) => !env[k]?.trim()),
  ];
  if (missing.length > 0) {
    throw new UsageError(`without --tenant the real tenant is used, and these are not set: ${missing.join(', ')}`);
  }
  const authorityUrl = env.GRAPH_AUTHORITY_URL?.trim() || 'https://login.microsoftonline.com';
  const graphBaseUrl = env.GRAPH_BASE_URL?.trim() || 'https://graph.microsoft.com';
  for (const [name, value] of [
    ['GRAPH_AUTHORITY_URL', authorityUrl],
    ['GRAPH_BASE_URL', graphBaseUrl],
  ] as const) {
    if (!/^https:\/\//i.test(value))
      throw new UsageError(`${name} must be an https:// URL (msal and graph-client require it)`);
  }
  // GRAPH_AUTHORITY_URL is the host as the bot reads it (README); one ending in the tenant is accepted too.
  const trimmed = authorityUrl.replace(/\/+$/, '');
  const authorityHost = trimmed.toLowerCase().endsWith(`/${tenantId.toLowerCase()}`)
    ? trimmed.slice(0, -(tenantId.length + 1))
    : trimmed;
  const graph = connectGraph(
    {
      clientId: env.GRAPH_CLIENT_ID!.trim(),
      clientSecret: env.GRAPH_CLIENT_SECRET!.trim(),
      authorityUrl: authorityHost,
      baseUrl: graphBaseUrl,
    },
    tenantId,
  );
  return Promise.resolve({ conn: factsConnection(graph, graphBaseUrl), tenantId, close: async () => undefined });
}
