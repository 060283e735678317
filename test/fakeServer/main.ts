// CLI for `npm run fake-server`: runs the fake Unique server for the demo and the E2E harness until
// SIGINT/SIGTERM. Prints the base URL and the fake's own token, the built-in Zitadel service user (token URL,
// client id, project id, secret) and the Public API's base URL, identity and API key: fake credentials, safe
// to show, except those that came from the environment (the harness's canaries), which are never echoed.

import { CANARY_APIKEY_ENV, CANARY_SECRET_ENV, startFakeServer } from './server';
import type { FakeServerOptions, SeedName } from './types';

const USAGE = `Usage: fake-server [--port N] [--seed demo|empty] [--token T] [--pending-ms N] [--running-ms N] [--fail-every N]
                   [--download-rate BYTES_PER_S] [--token-lifetime S] [--quiet]
Token: --token, else $UNIQUE_ANALYTICS_TOKEN, else a random fake token.
Service user (POST <origin>/oauth/v2/token, client-credentials grant): client secret $UA_TEST_CANARY_SECRET,
else a random fake one; --token-lifetime: seconds each issued token lasts (default 3600).
Public API (<origin>/public/chat): API key $UA_TEST_CANARY_APIKEY, else a random fake ukey_...
--download-rate paces CSV download bodies as a link of that speed would (e.g. 12582912 = 12 MiB/s); 0 (default): unshaped.
Also settable while running: POST /__fake/config {"downloadBytesPerSecond": N}.`;

function parseArgs(argv: readonly string[]): FakeServerOptions & { quiet: boolean } {
  const opts: FakeServerOptions & { quiet: boolean } = { seed: 'demo', quiet: false };
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < 0)
      throw new Error(`${flag} needs a non-negative number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '--port':
        opts.port = num(flag, value());
        break;
      case '--seed': {
        const s = value();
        if (s !== 'demo' && s !== 'empty') throw new Error('--seed must be demo or empty');
        opts.seed = s satisfies SeedName;
        break;
      }
      case '--token': {
        const t = value();
        if (!t) throw new Error('--token needs a value');
        opts.token = t;
        break;
      }
      case '--pending-ms':
        opts.pendingMs = num(flag, value());
        break;
      case '--running-ms':
        opts.runningMs = num(flag, value());
        break;
      case '--fail-every':
        opts.failEvery = num(flag, value());
        break;
      case '--download-rate':
        opts.downloadBytesPerSecond = num(flag, value());
        break;
      case '--token-lifetime': {
        const s = num(flag, value());
        if (s <= 0) throw new Error('--token-lifetime needs a number of seconds > 0');
        opts.serviceUser = { lifetimeSeconds: s };
        break;
      }
      case '--quiet':
        opts.quiet = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fake-server: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { quiet, ...serverOpts } = opts;
  const envToken = process.env.UNIQUE_ANALYTICS_TOKEN || undefined;
  const server = await startFakeServer({
    ...serverOpts,
    token: serverOpts.token ?? envToken,
    log: quiet ? undefined : (line) => console.log(line),
  });
  console.log(`Fake Unique server: ${server.url}`);
  // The env variable may hold a real tenant token: never echo that one.
  const fromEnv = !serverOpts.token && process.env.UNIQUE_ANALYTICS_TOKEN;
  console.log(
    fromEnv ? 'Token: taken from UNIQUE_ANALYTICS_TOKEN (not shown)' : `Token: ${server.token}`,
  );
  // A canary from the environment is the run's secret: "not shown", as the token above.
  const shown = (value: string, env: string): string =>
    process.env[env] === value ? `taken from ${env} (not shown)` : value;
  const user = server.serviceUser;
  console.log(`Token URL: ${server.tokenUrl}`);
  console.log(`Client id: ${user.clientId}`);
  console.log(`Project id: ${user.projectId}`);
  console.log(`Client secret: ${shown(user.secret, CANARY_SECRET_ENV)}`);
  console.log(`Token lifetime: ${user.lifetimeSeconds} s`);
  const id = server.publicIdentity;
  console.log(`Public API: ${server.publicUrl}`);
  console.log(
    `Public API identity: app id ${id.appId}, user id ${id.userId}, company id ${id.companyId}, API version ${id.apiVersion}`,
  );
  console.log(`API key: ${shown(server.apiKey, CANARY_APIKEY_ENV)}`);
  console.log(
    `Control: ${server.origin}/__fake/ (faults, requests, reset, token, api-key, service-user, orders, seed, config)`,
  );
  if (server.downloadBytesPerSecond > 0) {
    console.log(
      `Downloads paced to ${server.downloadBytesPerSecond} bytes/s (${(server.downloadBytesPerSecond / 2 ** 20).toFixed(1)} MiB/s)`,
    );
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`fake-server: ${signal}, stopping`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`fake-server: could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
