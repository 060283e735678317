// How the fake server listens: plain http on 127.0.0.1 by default, or https under another host name for the
// integration tier's proxy run (test/harness/proxyRun.mjs), where every connection should come from the proxy.
//
// Set through the environment, because the integration suites start their fake servers inside VS Code's
// extension host, where only the harness's environment reaches them:
//   FAKE_SERVER_HOST              host name (or address) for URLs (default 127.0.0.1)
//   FAKE_SERVER_BIND              address to listen on (default FAKE_SERVER_HOST)
//   FAKE_SERVER_TLS_CERT/_KEY     PEM files: serve https with this certificate (both or neither)
//   FAKE_SERVER_CONNECTION_LOG    a file that gets one line per accepted connection: the peer's address
import { appendFileSync, readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface Transport {
  readonly scheme: 'http' | 'https';
  /** In URLs. */
  readonly host: string;
  /** Listened on. */
  readonly bind: string;
  create(handler: (req: IncomingMessage, res: ServerResponse) => void): Server;
}

export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): Transport {
  const host = env.FAKE_SERVER_HOST || '127.0.0.1';
  const certFile = env.FAKE_SERVER_TLS_CERT;
  const keyFile = env.FAKE_SERVER_TLS_KEY;
  if (!certFile !== !keyFile)
    throw new Error('FAKE_SERVER_TLS_CERT and FAKE_SERVER_TLS_KEY go together');
  const tls =
    certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
  const connectionLog = env.FAKE_SERVER_CONNECTION_LOG;
  return {
    scheme: tls ? 'https' : 'http',
    host,
    bind: env.FAKE_SERVER_BIND || host,
    create(handler) {
      // An https.Server has every http.Server member the fake uses (listen, close, closeAllConnections).
      const server = tls
        ? (createHttpsServer(tls, handler) as unknown as Server)
        : createHttpServer(handler);
      if (connectionLog) {
        server.on('connection', (socket: Socket) =>
          appendFileSync(connectionLog, `${socket.remoteAddress ?? '?'}\n`),
        );
      }
      return server;
    },
  };
}
