/**
 * Before a run: is the server there at all? A run against a server that is down would otherwise
 * end in a wall of failed requests; this turns it into one line and the "could not start" exit code.
 */
import { connect } from 'node:net';
import { ServerError } from '../shared/errors.js';

const TIMEOUT_MS = 5000;

/** The proxy a request to `target` goes through, from HTTPS_PROXY/HTTP_PROXY and NO_PROXY. */
export function proxyFor(
  target: URL,
  env: Readonly<Record<string, string | undefined>> = process.env,
): URL | undefined {
  const pick = (...names: string[]) =>
    names.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  const raw =
    target.protocol === 'https:'
      ? pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy')
      : pick('HTTP_PROXY', 'http_proxy');
  if (raw === undefined) return undefined;
  const noProxy = (pick('NO_PROXY', 'no_proxy') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const bypass = noProxy.some(
    (entry) =>
      entry === '*' ||
      host === entry.replace(/^\./, '').replace(/:\d+$/, '') ||
      host.endsWith(entry.startsWith('.') ? entry : `.${entry}`),
  );
  if (bypass) return undefined;
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return undefined; // A proxy setting that is not a URL: the run itself will say so.
  }
}

/** Resolves when a TCP connection to the URL's host and port opens; throws ERR_OFM_SERVER_UNREACHABLE otherwise. */
export async function assertReachable(url: string): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return; // Not a URL (e.g. an unresolved {{variable}}): the run itself reports it.
  }
  // Through a proxy, the proxy is what must answer.
  const proxy = proxyFor(target);
  const via = proxy ?? target;
  const port = Number(via.port || (via.protocol === 'https:' ? 443 : 80));
  const host = via.hostname.replace(/^\[|\]$/g, '');
  const what =
    proxy === undefined ? target.origin : `the proxy ${proxy.origin} (for ${target.origin})`;
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new ServerError('ERR_OFM_SERVER_UNREACHABLE', `${what} does not answer (${reason}).`, {
          hint: 'start the server (ofm-postman sandbox) or check the issuer; --no-preflight skips this check',
        }),
      );
    };
    socket.setTimeout(TIMEOUT_MS, () => fail(`no answer within ${TIMEOUT_MS / 1000} s`));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
  });
}
