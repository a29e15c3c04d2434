/**
 * Why a request failed, in one phrase: the transport error (with what to do about it), or the HTTP
 * status with the server's `error` and `error_description`, and, from the local sandbox, the reason
 * it logged (sent back in a response header, since its body may only say invalid_client).
 */
import { SANDBOX_REASON_HEADER } from '../shared/log-lines.js';
import { type Exchange, type Execution, mainExchange } from './record.js';

const TRANSPORT_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /self[- ]signed|unable to (verify|get (local )?issuer)|UNABLE_TO_|CERT_|certificate/i,
    "the server's TLS certificate is not trusted: pass --ca with the CA that issued it (the local sandbox: .ofm/keys/ca.crt)",
  ],
  [/ECONNREFUSED/, 'nothing listens there: is the server running, and is the issuer right?'],
  [
    /ETIMEDOUT|ESOCKETTIMEDOUT|timed? ?out/i,
    'no answer in time: the server hangs (raise --timeout-request if it is only slow)',
  ],
  [/ENOTFOUND|EAI_AGAIN/, 'the host name does not resolve: check the URL and DNS'],
  [
    /ECONNRESET|socket hang up|EPROTO|handshake/i,
    'the TLS connection was closed: the server may require a client certificate (--cert-list or --cert/--key)',
  ],
];

/** The transport error with a hint. */
export function describeTransportError(message: string): string {
  const hint = TRANSPORT_HINTS.find(([pattern]) => pattern.test(message))?.[1];
  return hint === undefined ? message : `${message} (${hint})`;
}

function header(exchange: Exchange, name: string): string | undefined {
  return exchange.responseHeaders.find((h) => h.key.toLowerCase() === name)?.value;
}

/** `error: error_description` from a JSON body or a WWW-Authenticate header. */
function serverError(exchange: Exchange): string | undefined {
  const body = exchange.responseBody?.trim();
  if (body?.startsWith('{')) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      const error = typeof json['error'] === 'string' ? json['error'] : undefined;
      const description =
        typeof json['error_description'] === 'string' ? json['error_description'] : undefined;
      if (error !== undefined || description !== undefined)
        return [error, description].filter(Boolean).join(': ');
    } catch {
      // A body that looks like JSON but is not: the status says the rest.
    }
  }
  const challenge = header(exchange, 'www-authenticate');
  if (challenge !== undefined) {
    const error = /error="([^"]*)"/.exec(challenge)?.[1];
    const description = /error_description="([^"]*)"/.exec(challenge)?.[1];
    if (error !== undefined || description !== undefined)
      return [error, description].filter(Boolean).join(': ');
  }
  return undefined;
}

/** The cause of one exchange's failure; undefined when it answered below 400. */
export function exchangeCause(exchange: Exchange): string | undefined {
  if (exchange.error !== undefined) return describeTransportError(exchange.error);
  if (exchange.status === undefined || exchange.status < 400) return undefined;
  const parts = [`HTTP ${exchange.status}`];
  const error = serverError(exchange);
  if (error !== undefined) parts.push(error);
  const reason = header(exchange, SANDBOX_REASON_HEADER);
  const out = parts.join(' ');
  return reason === undefined ? out : `${out} (sandbox log: ${reason})`;
}

/**
 * What a person needs to see next to a failed execution: the item's request's cause, else a
 * script request's (a token or key-set fetch that failed).
 */
export function executionCause(execution: Execution): string | undefined {
  const main = mainExchange(execution);
  if (main !== undefined) {
    const cause = exchangeCause(main);
    if (cause !== undefined) return cause;
  }
  for (const exchange of execution.exchanges) {
    if (!exchange.byScript) continue;
    const cause = exchangeCause(exchange);
    if (cause !== undefined)
      return `${exchange.method} ${exchange.url.split('?')[0] ?? ''} by a script: ${cause}`;
  }
  return undefined;
}
