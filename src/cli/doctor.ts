/**
 * `consent-doctor doctor [--tenant FIXTURE] [--json]`: checks the installation — the bot's own Graph
 * token (application permissions against docs/permissions.md), storage, the admin channel, sign-in
 * logs, mode and credentials — and prints what works and what is off. Exit 0 when nothing failed,
 * 1 otherwise, 2 for bad arguments.
 *
 * Without --tenant: the configuration in the environment (env files + variables, as `npm start`
 * reads them); in local mode, the simulated demo tenant. With --tenant: the simulator loaded with
 * that fixture, as the fixture's first client (the bot); storage only when STORAGE_CONNECTION_STRING
 * is set.
 */
import { ConfigError, DEV_STORAGE, loadConfigFromProcess, type Config } from '../config';
import { evaluateDoctor, renderDoctor, type DoctorFacts } from '../doctor/checks';
import { gatherDoctorFacts, type DoctorInput } from '../doctor/gather';
import { loadWatcherSettings } from '../watchers/settings';
import type { GraphConnection } from '../graph/client';
import { connectGraph, graphSettingsFromConfig } from '../graph/connect';
import { parseCommandOptions } from './args';
import { type CliIo, UsageError } from './diagnose';
import { startSimulatorTenant } from './simulator-tenant';

const DOCTOR_USAGE = `Usage: consent-doctor doctor [--tenant FIXTURE] [--json]

Checks that Consent Doctor can do its job: its Graph token and application permissions, storage,
the admin channel, sign-in logs, mode and credentials. Prints ✓ / ✗ per check.

  --tenant FIXTURE  check against the local simulator loaded with this tenant fixture (JSON file)
  --json            machine-readable output
  -h, --help        this text

Exit codes: 0 everything in place, 1 something is off, 2 bad arguments.`;

interface Target {
  input: DoctorInput;
  close: () => Promise<void>;
}

async function simulatorTarget(fixturePath: string, io: CliIo, mode: DoctorInput['mode']): Promise<Target> {
  const { graph, tenantId, close } = await startSimulatorTenant(fixturePath, {
    from: mode === 'local' ? 'SIM_TENANT_FIXTURE' : '--tenant',
    retry: { maxRetries: 1, delaySeconds: 0.5 },
  });
  const storage = io.env.STORAGE_CONNECTION_STRING?.trim();
  return {
    input: {
      mode,
      tenantId,
      configProblems: [],
      graph,
      storage: storage ? { connectionString: storage } : null,
      adminChannelId: io.env.ADMIN_CHANNEL_ID?.trim() || null,
    },
    close,
  };
}

function productionTarget(config: Config): Target {
  const problems: string[] = [];
  let graph: GraphConnection | null = null;
  const tenantId = config.bot.tenantId;
  try {
    const settings = graphSettingsFromConfig(config);
    // The same connection the bot opens: a client secret or the certificate.
    if (tenantId) graph = connectGraph(settings, tenantId, { retry: { maxRetries: 1, delaySeconds: 1 } });
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  return {
    input: {
      mode: 'production',
      tenantId,
      configProblems: problems,
      graph,
      storage:
        config.storage.connectionString && config.storage.connectionString !== DEV_STORAGE
          ? { connectionString: config.storage.connectionString }
          : null,
      adminChannelId: config.adminChannelId,
    },
    close: async () => undefined,
  };
}

export async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandOptions(argv, {
    tenant: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (!parsed.ok) {
    io.stderr(`consent-doctor doctor: ${parsed.error}\n\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return 0;
  }
  let target: Target | null = null;
  try {
    let approvals: DoctorFacts['approvals'];
    if (values.tenant) {
      target = await simulatorTarget(values.tenant, io, 'simulator');
    } else {
      let config: Config;
      try {
        config = loadConfigFromProcess(io.env);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        const report = evaluateDoctor({
          mode: 'production',
          tenantId: null,
          configProblems: err.problems.map((p) => `${p.variable}: ${p.message}`),
          token: { error: 'not attempted (configuration is invalid)' },
          storage: null,
          adminChannel: null,
          signIns: null,
        });
        io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report));
        return 1;
      }
      target =
        config.mode === 'local'
          ? await simulatorTarget(config.sim.tenantFixture, io, 'local')
          : productionTarget(config);
      approvals = config.approvals;
    }
    const report = evaluateDoctor({
      ...(await gatherDoctorFacts({
        ...target.input,
        watchers: loadWatcherSettings(io.env, target.input.mode === 'production', () => undefined),
      })),
      ...(approvals ? { approvals } : {}),
    });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report));
    return report.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`consent-doctor doctor: ${err.message}\n\n${DOCTOR_USAGE}\n`);
      return 2;
    }
    io.stderr(`consent-doctor doctor: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await target?.close();
  }
}
