/**
 * Before a run: is the server there at all? A run against a server that is down would otherwise
 * end in a wall of failed requests; this turns it into one line and the "could not start" exit code.
 */
import { connect } from 'node:net';
import { OfmError } from '../shared/errors.js';
import '../shared/node-error-hints.js';

const TIMEOUT_MS = 5000;

/** Resolves when a TCP connection to the URL's host and port opens; throws ERR_OFM_SERVER_UNREACHABLE otherwise. */
export async function assertReachable(url: string): Promise<void> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return; // Not a URL (e.g. an unresolved {{variable}}): the run itself reports it.
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (reason: string) => {
      socket.destroy();
      reject(
        new OfmError('ERR_OFM_SERVER_UNREACHABLE', `${target.origin} does not answer (${reason}).`),
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
