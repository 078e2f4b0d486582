/**
 * Process entry: config -> (local: Azurite + simulator) -> the app (src/app.ts: store, Teams edge, services, server).
 * Resources are closed in reverse order on SIGTERM/SIGINT: stop accepting, let in-flight turns
 * finish, then storage and child processes.
 */
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfigFromProcess, type Config } from './config';
import type { Logger } from './logger';

type Closer = { name: string; close: () => Promise<void> };

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const local = config.mode === 'local' ? await import('./local-tools/local-start') : null;
  local?.quietLocalStart();
  const taken = local ? await local.portsTakenText(config, process.env) : null;
  if (taken) {
    process.stderr.write(`${taken}\n`);
    process.exit(1);
  }
  // Loaded only after the configuration is valid: a misconfigured production start must fail
  // fast with the variable names, whatever the state of the heavier dependencies.
  // Azurite and the simulator are local-only (devDependencies): production never loads them, so the
  // deploy package carries neither (scripts/package-deploy.ts).
  const [{ createLogger }, { startApp }, { graphReachability }] = await Promise.all([
    import('./logger'),
    import('./app'),
    import('./health'),
  ]);
  const logger = createLogger({ level: config.logLevel, destination: local?.logDestination(config.mode, process.env) });
  const closers: Closer[] = [];
  const shutdown = onceShutdown(closers, logger);
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    logger.info({ config: describeConfig(config) }, 'starting');
    let connectionString = config.storage.connectionString;
    if (config.storage.startAzurite) {
      const { startAzurite } = await import('./store/azurite');
      const azurite = await startAzurite({
        location: join(config.dataDir, 'azurite'),
        onOutput: (line) => logger.debug({ component: 'azurite' }, line),
      });
      closers.push({ name: 'azurite', close: azurite.stop });
      connectionString = azurite.connectionString;
      logger.info(
        { blobPort: azurite.blobPort, tablePort: azurite.tablePort, reused: !azurite.owned },
        'Azurite ready',
      );
    }

    let tenantId = config.bot.tenantId;
    let graph: import('./graph/connect').GraphSettings | null = null;
    let signInBaseUrl: string | null = null;
    let localFixturePath: string | null = null;
    if (config.mode === 'local') {
      const { startLocalCloud } = await import('./local-cloud');
      const cloud = await startLocalCloud(config.sim.tenantFixture, config.dataDir);
      closers.push({ name: 'simulator', close: cloud.close });
      tenantId ??= cloud.tenantId;
      graph = cloud.graph;
      signInBaseUrl = `${cloud.graph.authorityUrl}/${cloud.tenantId}`;
      localFixturePath = cloud.fixturePath;
      logger.info(
        { fixture: cloud.fixturePath, tenantId: cloud.tenantId, graph: cloud.graph.baseUrl },
        'simulated tenant ready',
      );
    }
    if (!tenantId) throw new Error('no tenant id (BOT_TENANT_ID)');
    graph ??= (await import('./graph/connect')).graphSettingsFromConfig(config);

    const graphSettings = graph;
    const { services, store, server } = await startApp({
      config,
      tenantId,
      logger,
      graph,
      signInBaseUrl,
      storage: { connectionString },
      beforeListen: async (opened) => {
        if (localFixturePath)
          await (await import('./local-tools/newcomer')).presetApprovalsChannel(opened, tenantId, process.env);
      },
      health: async (opened) => ({
        version: config.version,
        mode: config.mode,
        storage: opened.ping,
        graph: graphReachability(graphSettings.baseUrl),
        checks: await doctorChecks(config, tenantId, graphSettings, opened),
        watchers: async () => (await import('./watchers/health')).readWatchersHealth(config.watchers, opened.watch),
      }),
    });
    // Closed in reverse: the server stops accepting first, then background approvals finish,
    // then the schedulers stop, and only then storage and child processes go away.
    const [{ startDigest }, { startReconciler }, { inFlightFor }, { startCounterSweep }] = await Promise.all([
      import('./digest'),
      import('./approvals/reconcile-schedule'),
      import('./approvals/in-flight'),
      import('./limits/counter-sweep'),
    ]);
    const digest = startDigest(services);
    closers.push({ name: 'digest', close: async () => digest.stop() });
    const reconciler = startReconciler(services, { staleAfterMs: config.approvalStaleSeconds * 1000 });
    closers.push({ name: 'reconciler', close: async () => reconciler.stop() });
    const counterSweep = startCounterSweep(services);
    closers.push({ name: 'limit-counter-sweep', close: async () => counterSweep.stop() });
    closers.push({ name: 'approvals-in-flight', close: () => inFlightFor(services).idle() });
    closers.push({ name: 'server', close: server.close });
    logger.info({ url: server.url }, 'listening');
    process.stdout.write(
      `Consent Doctor (${config.mode}) listening on ${server.url}/api/messages  (health: ${server.url}/healthz)\n`,
    );
    if (localFixturePath)
      await startLocalTools(
        { fixturePath: localFixturePath, tenantId, botUrl: server.url, dataDir: config.dataDir, store, logger },
        closers,
      );
    // After the local Playground is up: the watchers' first run posts to its Approvals channel.
    const watchers = (await import('./watchers')).startWatchers(services);
    closers.push({ name: 'watchers', close: async () => watchers.stop() });
  } catch (err) {
    const plainly = local?.explainStartFailure(err, config) ?? null;
    if (plainly) process.stderr.write(`${plainly}\n`);
    else logger.fatal({ err }, 'start-up failed');
    await shutdown('startup-failure', 1);
  }
}

/** /healthz's `checks`: the doctor's verdict on this running bot (src/doctor), at most once a minute. */
async function doctorChecks(
  config: Config,
  tenantId: string,
  graph: import('./graph/connect').GraphSettings,
  store: import('./store').Store,
): Promise<() => Promise<unknown>> {
  const [{ connectGraph }, { gatherDoctorFacts }, { evaluateDoctor }, { cachedChecks }] = await Promise.all([
    import('./graph/connect'),
    import('./doctor/gather'),
    import('./doctor/checks'),
    import('./doctor/health-summary'),
  ]);
  const connection = connectGraph(graph, tenantId, { retry: { maxRetries: 1, delaySeconds: 1 } });
  return cachedChecks(async () =>
    evaluateDoctor({
      ...(await gatherDoctorFacts({
        mode: config.mode,
        tenantId,
        configProblems: [],
        graph: connection,
        storage: { store },
        adminChannelId: config.adminChannelId,
        watchers: config.watchers,
        timeoutMs: 5000,
      })),
      approvals: config.approvals,
    }),
  );
}

/** Local mode: the Agents Playground on the demo tenant (src/local-tools); the bot runs without it if it cannot start. */
async function startLocalTools(
  input: Omit<import('./local-tools/newcomer').NewcomerRunInput, 'env'>,
  closers: Closer[],
): Promise<void> {
  const { startNewcomerRun, testToolEnabled } = await import('./local-tools/newcomer');
  if (!testToolEnabled(process.env)) return;
  try {
    const run = await startNewcomerRun({ ...input, env: process.env });
    closers.push({ name: 'test-tool', close: run.stop });
    process.stdout.write(run.guide);
  } catch (err) {
    input.logger.warn({ err }, 'the Agents Playground did not start');
    process.stdout.write(`The Agents Playground did not start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

function onceShutdown(closers: Closer[], logger: Logger): (reason: string, exitCode?: number) => Promise<void> {
  let started = false;
  return async (reason, exitCode = 0) => {
    if (started) return;
    started = true;
    logger.info({ reason }, 'shutting down');
    for (const closer of [...closers].reverse()) {
      try {
        await closer.close();
      } catch (err) {
        logger.error({ err, resource: closer.name }, 'error while closing');
      }
    }
    logger.info('stopped');
    process.exit(exitCode);
  };
}

void main();
