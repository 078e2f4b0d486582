/** `consent-doctor diagnose`: arguments -> connection (simulator or real tenant) -> runDiagnosis -> output + exit code. */
import { runDiagnosis } from '../diagnosis/run';
import { GraphAuthError, GraphError, GraphUnavailableError } from '../graph/errors';
import { DIAGNOSE_USAGE, parseDiagnoseArgs, type DiagnoseArgs } from './args';
import { EXIT, type ExitCode } from './exit-codes';
import { renderDiagnosis } from './output';
import type { FactsConnection } from '../graph/facts-connection';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Colour by default only on a terminal. */
  isTTY: boolean;
}

export interface CliConnection {
  conn: FactsConnection;
  tenantId: string;
  close: () => Promise<void>;
}

/** Thrown by connectors for problems the user can fix in the arguments (a missing fixture file...). */
export class UsageError extends Error {}

export type Connector = (args: DiagnoseArgs, io: CliIo) => Promise<CliConnection>;

export async function diagnoseCommand(argv: readonly string[], io: CliIo, connect: Connector): Promise<ExitCode> {
  const parsed = parseDiagnoseArgs(argv, io.isTTY && !io.env.NO_COLOR);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(`${DIAGNOSE_USAGE}\n`);
      return EXIT.ok;
    }
    io.stderr(`consent-doctor diagnose: ${parsed.error}\n\n${DIAGNOSE_USAGE}\n`);
    return EXIT.usage;
  }
  const { args } = parsed;
  let connection: CliConnection | null = null;
  try {
    connection = await connect(args, io);
    const outcome = await runDiagnosis(connection.conn, {
      tenantId: connection.tenantId,
      userQuery: args.user,
      appText: args.app,
      applicationPermissions: args.applicationPermissions,
      now: args.now,
    });
    io.stdout(renderDiagnosis(outcome.diagnosis, outcome.status, { json: args.json, color: args.color }));
    if (outcome.status === 'choose') return EXIT.ambiguousApp;
    if (outcome.status === 'no_candidate') return EXIT.unknownApp;
    if (outcome.diagnosis.user === null) return EXIT.unknownUser;
    return EXIT.ok;
  } catch (err) {
    return reportError(err, io);
  } finally {
    await connection?.close();
  }
}

function reportError(err: unknown, io: CliIo): ExitCode {
  if (err instanceof UsageError) {
    io.stderr(`consent-doctor diagnose: ${err.message}\n\n${DIAGNOSE_USAGE}\n`);
    return EXIT.usage;
  }
  if (err instanceof GraphUnavailableError || err instanceof GraphAuthError) {
    io.stderr(`consent-doctor: Microsoft Graph is unreachable or refused the bot's credentials: ${err.message}\n`);
    return EXIT.graphUnavailable;
  }
  if (err instanceof GraphError) {
    io.stderr(`consent-doctor: Graph request failed: ${err.message}\n`);
    return EXIT.graphUnavailable;
  }
  if (isConnectionFailure(err)) {
    io.stderr(`consent-doctor: cannot reach the tenant: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.graphUnavailable;
  }
  io.stderr(`consent-doctor: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.internal;
}

/** msal-node and fetch failures (DNS, TLS, refused connections, token endpoint errors). */
function isConnectionFailure(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.name ?? '';
  return (
    /ClientAuthError|ServerError|AuthError|InteractionRequired|FetchError|AbortError/.test(name) ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|fetch failed|certificate|self[- ]signed|invalid_client|unauthorized_client/i.test(
      err.message,
    )
  );
}
