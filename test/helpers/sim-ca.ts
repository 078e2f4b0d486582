/**
 * Whether this process trusts the simulator's CA. Its own file, free of fixture reads at import, so
 * code compiled outside the repository layout (the benchmark's bot processes) can use the harness.
 */
import { ensureSimTls, processTrustsSimCa } from '../../sim/certs';

export function assertSimCaTrusted(): void {
  const tls = ensureSimTls();
  if (!processTrustsSimCa(tls)) {
    throw new Error(
      `This process does not trust the simulator CA (${tls.caPath}). Run tests through "npm test" ` +
        '(node scripts/with-sim-ca.js jest ...), which sets NODE_EXTRA_CA_CERTS before Node starts.',
    );
  }
}
