/**
 * `consent-doctor` command line.
 *   consent-doctor diagnose --user UPN|ID --app APPID|TEXT [--tenant FIXTURE] [--json] [--no-color]
 *   consent-doctor sim ...            the local Microsoft cloud (see sim/command.ts)
 *   consent-doctor doctor [--tenant FIXTURE] [--json]   is the installation able to do its job?
 * `main` is exported so tests run the real command in-process (spawning one process per case is
 * slow); bin/consent-doctor.js runs this file under tsx with the simulator's CA trusted.
 */
import { diagnoseCommand, type CliIo } from './cli/diagnose';
import { connect } from './cli/connect';
import { EXIT } from './cli/exit-codes';

const USAGE = `Usage: consent-doctor <command> [options]

Commands:
  diagnose   why does a user see "Need admin approval" for an app (consent-doctor diagnose --help)
  sim        run the local Microsoft cloud simulator (consent-doctor sim --help)
  doctor     check the bot's Graph permissions, storage and admin channel (consent-doctor doctor --help)
`;

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}

const SIM_HELP = `Usage: consent-doctor sim --tenant FIXTURE.json [--tenant MORE.json] [--port N] [--page-size N]

Runs the local Microsoft cloud alone: Entra ID token endpoints, Microsoft Graph v1.0 and the sign-in
page, over HTTPS with a local CA, loaded with each tenant fixture. Prints its URLs and the
credentials of the fixture's app identities, then serves until Ctrl-C.

  --tenant FIXTURE   a tenant fixture (test/fixtures/tenants/*.json); repeat for several tenants
  --port N           HTTPS port (default: a free one)
  --page-size N      items per page in Graph collections (default: Graph's own)
`;

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'diagnose':
      return diagnoseCommand(rest, io, connect);
    case 'sim': {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(SIM_HELP);
        return EXIT.ok;
      }
      // Loaded lazily: the simulator is not needed for diagnosing a real tenant.
      const { runSimCommand, parseSimArgs } = await import('../sim/command');
      try {
        parseSimArgs([...rest]);
      } catch (err) {
        io.stderr(`consent-doctor sim: ${err instanceof Error ? err.message : String(err)}\n`);
        return EXIT.usage;
      }
      // Serves until SIGINT/SIGTERM.
      await runSimCommand([...rest], { out: (line) => io.stdout(`${line}\n`) });
      return EXIT.ok;
    }
    case 'doctor': {
      const { doctorCommand } = await import('./cli/doctor');
      return doctorCommand(rest, io);
    }
    case '-h':
    case '--help':
    case 'help':
      io.stdout(USAGE);
      return EXIT.ok;
    default:
      io.stderr(command ? `consent-doctor: unknown command "${command}"\n\n${USAGE}` : USAGE);
      return EXIT.usage;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`consent-doctor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
