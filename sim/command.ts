/**
 * `consent-doctor sim --tenant FIXTURE [--tenant FIXTURE2 ...] [--port N] [--page-size N]`
 * Runs the simulator standalone, prints its URLs and credentials, and serves until SIGINT/SIGTERM.
 */
import { processTrustsSimCa, ensureSimTls } from './certs';
import { startSimulator, type RunningSimulator } from './index';

export interface SimCommandOptions {
  /** Where lines are printed (default: stdout). */
  out?: (line: string) => void;
  /** Stops the simulator when aborted (in addition to SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Called once the simulator is listening. */
  onReady?: (sim: RunningSimulator) => void;
}

export const SIM_USAGE =
  'Usage: consent-doctor sim --tenant FIXTURE.json [--tenant MORE.json] [--port N] [--page-size N]';

export interface SimArgs {
  tenants: string[];
  port: number;
  pageSize?: number;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const args = argv[0] === 'sim' ? argv.slice(1) : argv;
  const out: SimArgs = { tenants: [], port: 0 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] =
      args[i].startsWith('--') && args[i].includes('=') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value. ${SIM_USAGE}`);
      return v;
    };
    const integer = (v: string, min: number, max: number) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`${flag} must be an integer from ${min} to ${max}.`);
      return n;
    };
    switch (flag) {
      case '--tenant':
        out.tenants.push(value());
        break;
      case '--port':
        out.port = integer(value(), 0, 65535);
        break;
      case '--page-size':
        out.pageSize = integer(value(), 1, 999);
        break;
      default:
        throw new Error(`Unknown option ${args[i]}. ${SIM_USAGE}`);
    }
  }
  if (out.tenants.length === 0) throw new Error(`--tenant is required. ${SIM_USAGE}`);
  return out;
}

export function describeSimulator(sim: RunningSimulator): string[] {
  const lines = [
    `Consent Doctor simulator (Entra ID + Microsoft Graph) at ${sim.url}`,
    `CA certificate: ${sim.caPath}`,
    '',
  ];
  for (const id of sim.tenantIds) {
    const t = sim.tenant(id);
    lines.push(`Tenant ${t.tenant.displayName}`);
    lines.push(`  tenant id:   ${id}`);
    lines.push(`  authority:   ${sim.authorityUrl(id)}`);
    lines.push(
      `  token URL:   ${sim.authorityUrl(id)}/oauth2/v2.0/token  (scope https://graph.microsoft.com/.default)`,
    );
    lines.push(`  Graph:       ${sim.url}/v1.0  (and ${sim.url}/beta)`);
    lines.push(`  admin:       ${sim.url}/_sim/tenants/${id}  (/log, /faults)`);
    for (const c of t.clients) {
      lines.push(`  client:      ${c.displayName ?? c.appId}`);
      lines.push(`    client id:     ${c.appId}`);
      lines.push(`    client secret: ${c.secret}`);
      lines.push(`    roles:         ${c.roles.join(', ') || '(none)'}`);
    }
    lines.push('');
  }
  lines.push(`Clients must trust the CA: NODE_EXTRA_CA_CERTS=${sim.caPath} (npm scripts set it).`);
  lines.push('Press Ctrl+C to stop.');
  return lines;
}

export async function runSimCommand(argv: string[], options: SimCommandOptions = {}): Promise<void> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const args = parseSimArgs(argv);
  const sim = await startSimulator({
    fixtures: args.tenants,
    port: args.port,
    ...(args.pageSize ? { pageSize: args.pageSize } : {}),
  });
  describeSimulator(sim).forEach(out);
  if (!processTrustsSimCa(ensureSimTls())) {
    out('(note: this process itself does not trust the CA; that only matters for clients in this process)');
  }
  options.onReady?.(sim);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop);
  });
  await sim.close();
  out('Simulator stopped.');
}
