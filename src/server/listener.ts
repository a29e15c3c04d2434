/**
 * The sandbox's one HTTPS listener on a loopback address: it asks for a client certificate but
 * lets the request through without one (oidc-provider and the resource server decide), refuses
 * one outside its validity period, and answers 503 until the sandbox has installed its router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ServerError } from '../shared/errors.js';
import { headerSafe, SANDBOX_REASON_HEADER } from '../shared/log-lines.js';
import type { SandboxPki } from './sandbox-keys.js';
import { certificateRefusal, tlsNow } from './tls.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Listener {
  readonly server: Server;
  /** Serves every request from now on with `handler`. */
  route(handler: RequestHandler): void;
}

/**
 * Answers a request that came with a client certificate outside its validity period, as a
 * gateway does, before any part of the sandbox sees it: 403, the reason in the body and header,
 * the connection closed, and the reason logged. True when it answered.
 */
function refuseStaleCertificate(
  req: IncomingMessage,
  res: ServerResponse,
  log: (event: Record<string, unknown>) => void,
): boolean {
  const refusal = certificateRefusal(req.socket, tlsNow());
  if (refusal === undefined) return false;
  log({ event: 'tls.refused', path: (req.url ?? '/').split('?')[0], ...refusal });
  res
    .writeHead(403, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
      [SANDBOX_REASON_HEADER]: headerSafe(refusal.detail),
    })
    .end(JSON.stringify({ error: 'access_denied', error_description: refusal.detail }));
  return true;
}

/** An HTTPS server with the sandbox's TLS settings, not yet listening. */
export function createListener(
  pki: SandboxPki,
  log: (event: Record<string, unknown>) => void = () => undefined,
): Listener {
  let handler: RequestHandler = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer(
    {
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: pki.caCert,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      if (!refuseStaleCertificate(req, res, log)) handler(req, res);
    },
  );
  // A connection's client certificate is read once and kept (tls.ts): it must not change later.
  server.on('secureConnection', (socket) => socket.disableRenegotiation());
  return {
    server,
    route(next) {
      handler = next;
    },
  };
}

/** Listens on `host:port` (0: a port the OS chooses) and resolves with the port. */
export async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new ServerError('ERR_OFM_PORT_IN_USE', `port ${port} on ${host} is already in use.`)
          : new ServerError(
              'ERR_OFM_SANDBOX_CONFIG',
              `cannot listen on ${host}:${port}: ${error.message}.`,
              { cause: error },
            ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  return (server.address() as AddressInfo).port;
}

/** The issuer URL of a sandbox listening on `host:port` (an IPv6 host in brackets). */
export function issuerFor(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
