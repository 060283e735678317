// The client's one way onto the network: a fetch-shaped call over Node's http/https modules (the subset
// HttpTransport uses: a string URL, method, headers, a string body, never following redirects, an abort
// signal), answering with the body as Node's stream.
//
// Why Node's http/https and not the global fetch (ARCHITECTURE.md, "One HTTP path"): VS Code's proxy support
// patches exactly these modules in the extension host (`http.proxy`, `http.proxySupport`, `http.noProxy`,
// `http.systemCertificates`), on every version we support and whatever `http.fetchAdditionalSupport` says;
// the proxy tier proves it through a real proxy. A CSV saved from Node's stream costs about 1.5x curl's CPU
// time, through fetch's web stream about twice that (bench/README.md). The modules are required as
// "http"/"https", the names VS Code's module interception is known to handle.

import * as http from 'http';
import * as https from 'https';
import { type Readable } from 'stream';
import * as tls from 'tls';
import type { PeerCertificate } from 'tls';
import * as zlib from 'zlib';
import type { FetchInit, FetchResponse } from '../ports';

/** Content codings we ask for and decode, as fetch does (CSV compresses about tenfold on a real link). */
const ACCEPT_ENCODING = 'gzip, deflate, br';

export function nodeFetch(url: string, init: FetchInit = {}): Promise<FetchResponse> {
  return new Promise<FetchResponse>((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch (e) {
      reject(new TypeError(`invalid URL`, { cause: e }));
      return;
    }
    const lib =
      target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
    if (!lib) {
      reject(new TypeError(`unsupported protocol ${target.protocol}`));
      return;
    }
    const headers: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING };
    init.headers?.forEach((value, key) => (headers[key] = value));
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    if (body) headers['content-length'] = String(body.byteLength);
    const { signal } = init;
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    // The certificate is checked against the URL's host explicitly: through VS Code's proxy tunnel an IP
    // address host (https://10.1.2.3) was otherwise checked against "localhost" (found in the proxy run).
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const request = lib.request(target, {
      method: init.method ?? 'GET',
      headers,
      signal,
      checkServerIdentity: (_servername: string, cert: PeerCertificate) =>
        tls.checkServerIdentity(host, cert),
    });
    request.once('error', reject);
    request.once('response', (incoming) => {
      // From here a failure belongs to the body's reader, not to this promise (already settled).
      request.off('error', reject);
      request.on('error', () => undefined);
      resolve(new NodeFetchResponse(incoming, decoded(incoming)));
    });
    request.end(body);
  });
}

/** The body with its content coding undone; errors of the socket reach the returned stream too. */
function decoded(incoming: http.IncomingMessage): Readable {
  const coding = (incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? zlib.createGunzip()
      : coding === 'deflate'
        ? zlib.createInflate()
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : undefined;
  if (!decoder) return incoming;
  incoming.on('error', (e) => decoder.destroy(e));
  decoder.on('close', () => incoming.destroy());
  return incoming.pipe(decoder);
}

class NodeFetchResponse implements FetchResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  constructor(
    incoming: http.IncomingMessage,
    readonly body: Readable,
  ) {
    this.status = incoming.statusCode ?? 0;
    this.statusText = incoming.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) this.headers.append(name, v);
    }
  }

  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.body) chunks.push(chunk as Buffer);
    // TextDecoder drops a UTF-8 BOM, as fetch's text() does.
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}
