import { readFileSync } from 'node:fs';
import { openSim } from '../test/integration/diagnosis/sim-conn';
import { runDiagnosis } from '../src/diagnosis/run';
(async () => {
  const file = process.argv[2];
  const c = JSON.parse(readFileSync(file, 'utf8'))._case;
  const s = await openSim(file);
  await runDiagnosis(s.conn, { tenantId: s.tenantId, userQuery: c.user, appText: c.app, now: c.now ? new Date(c.now) : undefined });
  s.graphLog().forEach((e, i) => console.log('ROUND', i, (e.batch ?? []).map((p) => `${p.status} ${decodeURIComponent(p.url).slice(0, 140)}`).join('\n  ')));
  await s.close();
})();
