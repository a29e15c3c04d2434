/**
 * The authorization response a person's browser brings back to the redirect URI, taken the way
 * that fits: captured by a listener on a loopback redirect URI, pasted by the person, or given on
 * the command line; then checked as a FAPI 2.0 client must before the code is redeemed: `state`
 * is this flow's, `iss` is the issuer (RFC 9207; required when the server advertises it), and an
 * `error` stops everything.
 */
import { createServer, type Server } from 'node:http';
import { createInterface } from 'node:readline';
import { FlowError, ServerError, UsageError } from '../shared/errors.js';

/** The loopback redirect URI's host and port, when the CLI can listen there itself. */
export function loopbackListenAddress(
  redirectUri: string,
): { host: string; port: number; path: string } | undefined {
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '::1'].includes(host))
    return undefined;
  return {
    host: host === 'localhost' ? '127.0.0.1' : host,
    port: Number(url.port || 80),
    path: url.pathname,
  };
}

const DONE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ofm-postman</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;color:#1f2328}</style></head>
<body><h1>Received</h1><p>ofm-postman has the bank's answer. You can close this window and go back to the terminal.</p></body></html>`;

export interface RedirectListener {
  /** Resolves with the full URL the browser was redirected to, or rejects after `timeoutMs`. */
  wait(timeoutMs: number): Promise<string>;
  close(): void;
}

/**
 * Listens on the loopback redirect URI (RFC 8252 7.3) for the one redirect that carries the
 * authorization response. Started before the request is pushed, so a port in use stops the flow
 * before anything is sent, and the answer cannot arrive before anyone listens.
 */
export async function listenForRedirect(redirectUri: string): Promise<RedirectListener> {
  const address = loopbackListenAddress(redirectUri);
  if (address === undefined)
    throw new UsageError('ERR_OFM_USAGE', `${redirectUri} is not a loopback http redirect URI.`);
  let server: Server | undefined;
  let timer: NodeJS.Timeout | undefined;
  const close = () => {
    if (timer !== undefined) clearTimeout(timer);
    server?.closeAllConnections();
    server?.close();
  };
  let fail: (error: Error) => void = () => undefined;
  const received = new Promise<string>((resolve, reject) => {
    fail = reject;
    server = createServer((req, res) => {
      const url = new URL(
        req.url ?? '/',
        `http://${req.headers.host ?? `${address.host}:${address.port}`}`,
      );
      if (req.method !== 'GET' || url.pathname !== address.path) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not the redirect URI');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(DONE_PAGE);
      resolve(new URL(`${url.pathname}${url.search}`, redirectUri).toString());
    });
  });
  // Rejections are handled by whoever waits; an unawaited listener (closed early) must not crash.
  received.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server?.once('error', (error: NodeJS.ErrnoException) => {
      close();
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ServerError(
              'ERR_OFM_PORT_IN_USE',
              `cannot listen on ${address.host}:${address.port} for the redirect (${error.code}).`,
              {
                hint: 'nothing was sent: free the port, or run consent --url-only (it does not listen) and finish with --redirect-url URL',
              },
            )
          : error,
      );
    });
    server?.listen(address.port, address.host, () => resolve());
  });
  return {
    wait(timeoutMs: number) {
      timer = setTimeout(
        () =>
          fail(
            new ServerError(
              'ERR_OFM_CONSENT_TIMEOUT',
              `no redirect reached ${redirectUri} within ${Math.round(timeoutMs / 1000)} s.`,
            ),
          ),
        timeoutMs,
      );
      return received.finally(close);
    },
    close,
  };
}

/** Reads one line (the pasted URL) from a stream; rejects when it ends first or time runs out. */
export function readPastedUrl(input: NodeJS.ReadableStream, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input, terminal: false });
    const timer = setTimeout(() => {
      lines.close();
      reject(
        new ServerError(
          'ERR_OFM_CONSENT_TIMEOUT',
          `no URL was pasted within ${Math.round(timeoutMs / 1000)} s.`,
        ),
      );
    }, timeoutMs);
    let done = false;
    lines.on('line', (line) => {
      const text = line.trim();
      if (text === '' || done) return;
      done = true;
      clearTimeout(timer);
      lines.close();
      resolve(text);
    });
    lines.on('close', () => {
      clearTimeout(timer);
      if (!done)
        reject(
          new UsageError('ERR_OFM_USAGE', 'no authorization response was given.', {
            hint: 'paste the URL the browser landed on, or pass --redirect-url URL (or --code CODE)',
          }),
        );
    });
  });
}

export interface ResponseChecks {
  /** The state this flow sent. */
  readonly state: string;
  readonly issuer: string;
  /** The server advertises authorization_response_iss_parameter_supported. */
  readonly issRequired: boolean;
}

/**
 * The code from an authorization response URL (or its query string), after the checks; throws a
 * coded error for an error response, a wrong or missing state, or a wrong or missing iss.
 */
export function codeFromResponse(response: string, checks: ResponseChecks): string {
  let params: URLSearchParams;
  try {
    const url = new URL(response);
    // Some servers answer in the fragment; FAPI 2.0 uses the query.
    params = new URLSearchParams(url.search || url.hash.replace(/^#/, ''));
  } catch {
    params = new URLSearchParams(response.replace(/^[?#]/, ''));
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description');
    throw new FlowError(
      'ERR_OFM_AUTHORIZATION_FAILED',
      `the authorization server answered ${error}${description ? `: ${description}` : ''}; nothing was saved.`,
      {
        hint:
          error === 'access_denied'
            ? 'the consent was denied at the bank: run ofm-postman consent again to ask anew'
            : 'see the error above; run ofm-postman consent again to start a new flow',
      },
    );
  }
  if (params.get('state') !== checks.state)
    throw new FlowError(
      'ERR_OFM_STATE_MISMATCH',
      params.get('state') === null
        ? 'the authorization response has no state.'
        : 'the state in the authorization response is not the one this flow sent.',
    );
  const iss = params.get('iss');
  if (iss === null && checks.issRequired)
    throw new FlowError(
      'ERR_OFM_AUTHORIZATION_FAILED',
      'the authorization response has no iss, though the server advertises authorization_response_iss_parameter_supported (RFC 9207).',
      { hint: 'the response may not come from this authorization server: do not use its code' },
    );
  if (iss !== null && iss !== checks.issuer)
    throw new FlowError(
      'ERR_OFM_AUTHORIZATION_FAILED',
      `the authorization response comes from ${iss}, not the issuer ${checks.issuer} (RFC 9207).`,
      { hint: 'the response may not come from this authorization server: do not use its code' },
    );
  const code = params.get('code');
  if (code === null || code === '')
    throw new FlowError('ERR_OFM_AUTHORIZATION_FAILED', 'the authorization response has no code.', {
      hint: 'pass the whole URL the browser landed on, with its query string',
    });
  return code;
}
