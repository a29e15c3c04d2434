/**
 * The one HTTP(S) client of the tests: node:https (node:http for a loopback listener), the CA to
 * trust, an optional client certificate for mTLS, and an optional cookie jar that honours cookie
 * paths as a browser does. No redirect is followed: callers decide where to go next.
 */
import { readFileSync } from 'node:fs';
import { request as plainRequest } from 'node:http';
import { request as tlsRequest } from 'node:https';

/** A client certificate and its key, PEM text. */
export interface Identity {
  readonly cert: string;
  readonly key: string;
}

export function identityFrom(certPath: string, keyPath: string): Identity {
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

export interface HttpResult {
  /** The URL requested. */
  readonly url: string;
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export interface HttpRequest {
  readonly method?: string;
  /** A form body (application/x-www-form-urlencoded); the method defaults to POST with one. */
  readonly form?: Record<string, string> | URLSearchParams;
  readonly headers?: Record<string, string>;
  /** PEM text of the CA to trust for https. */
  readonly ca?: string;
  /** A client certificate to present. */
  readonly identity?: Identity | undefined;
  /** Cookies sent from and stored into this jar. */
  readonly jar?: CookieJar;
}

interface Cookie {
  readonly value: string;
  readonly path: string;
}

/** Cookies by name, each sent only to its path (and below), as a browser does. */
export class CookieJar {
  private readonly cookies = new Map<string, Cookie>();

  /** The Cookie header for a request to `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const sent = [...this.cookies]
      .filter(
        ([, c]) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) ||
          c.path === '/',
      )
      .map(([name, c]) => `${name}=${c.value}`);
    return sent.length > 0 ? sent.join('; ') : undefined;
  }

  /** Stores the Set-Cookie lines of a response; an empty or expired cookie is removed. */
  store(lines: readonly string[]): void {
    for (const line of lines) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const path =
        attrs.map((a) => /^\s*path=(.*)$/i.exec(a)?.[1]?.trim()).find((p) => p !== undefined) ??
        '/';
      const gone = value === '' || attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined; // not JSON: callers read `text`
  }
}

/** One request, bounded by a 15 s timeout; cookies in and out when a jar is given. */
export function httpRequest(url: string | URL, init: HttpRequest = {}): Promise<HttpResult> {
  const target = new URL(url);
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const headers: Record<string, string | number> = { ...init.headers };
  const cookie = init.jar?.header(target);
  if (cookie !== undefined) headers['cookie'] = cookie;
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  const send = target.protocol === 'https:' ? tlsRequest : plainRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: init.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        agent: false,
        ...(init.ca ? { ca: init.ca } : {}),
        ...(init.identity ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          init.jar?.store(res.headers['set-cookie'] ?? []);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          resolve({ url: target.href, status, headers: res.headers, text, json: parseJson(text) });
        });
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout ${target.href}`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
