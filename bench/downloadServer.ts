// Child process for the download benchmarks: runs the fake Unique server on loopback with one DONE
// order whose CSV has `--bytes` bytes, prints `{url, token, orderId, bytes, bytesPerSecond}` as one JSON line,
// and runs until stdin closes (the parent ended) or SIGTERM. Its own process, so it never shares CPU
// accounting or an event loop with the client being measured. `--rate N` paces the CSV body to N bytes per
// second (the fake's throttle, test/fakeServer/throttle.ts), as a link of that speed would; 0 (default): unshaped.

import { parseArgs } from 'node:util';
import { startFakeServer } from '../test/fakeServer/server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bytes: { type: 'string', default: String(1 << 20) },
      rate: { type: 'string', default: '0' },
    },
  });
  const bytes = Number(values.bytes);
  if (!Number.isInteger(bytes) || bytes < 1)
    throw new Error(`--bytes must be a positive integer, got ${values.bytes}`);
  const bytesPerSecond = Number(values.rate);
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0)
    throw new Error(`--rate must be a number >= 0, got ${values.rate}`);
  const server = await startFakeServer({ csvBytes: bytes, downloadBytesPerSecond: bytesPerSecond });
  const order = server.addOrder({
    type: 'CHAT_INTERACTION_DETAILED',
    state: 'DONE',
    csvBytes: bytes,
  });
  const stop = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  // The token is the fake's own random one, handed to the parent; it never appears in any report.
  process.stdout.write(
    JSON.stringify({
      url: server.url,
      token: server.token,
      orderId: order.id,
      bytes,
      bytesPerSecond,
    }) + '\n',
  );
}

main().catch((e: unknown) => {
  console.error(`download server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
