/**
 * Scrubs secrets from report files. Newman's reports carry every environment and global value and
 * every request and response body, so private keys, passphrases, the run seed, client assertions
 * and bearer tokens would all land in them. Known secret values are replaced in every encoding a
 * reporter may use (raw, JSON-escaped, URL-encoded, HTML/XML-escaped), and anything shaped like a
 * JWT, a PEM private key or a Bearer token is replaced as well. Cookie values are masked by their
 * place too (cookies.ts), so a cookie the run never showed its recorder is hidden all the same.
 */
import { escapeHtml } from '../shared/escape.js';
import { isCookieHeader, maskCookieValues } from './cookies.js';

export const MASK = '[masked by ofm-postman]';

const JWT =
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;
const PEM_PRIVATE =
  /-----BEGIN ([A-Z]+ )*PRIVATE KEY-----[\s\S]*?-----END ([A-Z]+ )*PRIVATE KEY-----/g;
// Escaped forms of a PEM inside JSON (\n) or HTML (&#x2F; etc.) are caught by the BEGIN line.
const PEM_PRIVATE_LOOSE =
  /-----BEGIN ([A-Z]+ )*PRIVATE KEY-----.*?-----END ([A-Z]+ )*PRIVATE KEY-----/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

function variants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = new Set([
    secret,
    json,
    encodeURIComponent(secret),
    escapeHtml(secret),
    escapeHtml(json),
    JSON.stringify(json).slice(1, -1),
  ]);
  // A PEM also shows up line by line; each base64 line of a key is secret on its own.
  if (secret.includes('-----BEGIN')) {
    for (const line of secret.split(/\r?\n/))
      if (/^[A-Za-z0-9+/=]{16,}$/.test(line)) forms.add(line);
  }
  return [...forms].filter((form) => form.length >= 6).sort((a, b) => b.length - a.length);
}

/** Collects the secret values of one run. */
export class SecretSet {
  private readonly values = new Set<string>();
  /** Every form of every value, longest first; rebuilt only after a value was added. */
  private forms: string[] | undefined;

  add(value: string | undefined | null): void {
    if (typeof value === 'string' && value.trim().length >= 6 && !this.values.has(value)) {
      this.values.add(value);
      this.forms = undefined;
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every known secret and every secret-shaped string replaced. */
  mask(text: string): string {
    this.forms ??= [...new Set([...this.values].flatMap(variants))].sort(
      (a, b) => b.length - a.length,
    );
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return out
      .replace(PEM_PRIVATE, MASK)
      .replace(PEM_PRIVATE_LOOSE, MASK)
      .replace(JWT, MASK)
      .replace(BEARER, `$1${MASK}`);
  }
}

function isBufferJson(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  );
}

/** A header as Newman's JSON report stores it, `{ key, value }`, of a cookie header. */
function isCookieHeaderJson(value: object): value is { key: string; value: string } {
  const { key, value: text } = value as { key?: unknown; value?: unknown };
  return typeof key === 'string' && typeof text === 'string' && isCookieHeader(key);
}

/** A header's value with its cookie values masked by place, then by `mask` (known secrets). */
export function maskHeaderValue(
  key: string,
  value: string,
  mask: (text: string) => string,
): string {
  return mask(maskCookieValues(key, value, MASK));
}

/**
 * Masks a Newman JSON report. Response bodies sit in it as byte arrays (`{"type":"Buffer",
 * "data":[…]}`), which text replacement cannot see: each is decoded, masked and re-encoded.
 * Headers sit in it as `{ key, value }`: a Cookie or Set-Cookie one has its cookie values masked.
 */
export function maskJsonReport(text: string, secrets: SecretSet): string {
  const walk = (value: unknown): unknown => {
    if (isBufferJson(value)) {
      const decoded = Buffer.from(value.data).toString('utf8');
      return { type: 'Buffer', data: [...Buffer.from(secrets.mask(decoded), 'utf8')] };
    }
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      const masked = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
      if (isCookieHeaderJson(value))
        masked['value'] = maskHeaderValue(value.key, value.value, (t) => secrets.mask(t));
      return masked;
    }
    return typeof value === 'string' ? secrets.mask(value) : value;
  };
  return secrets.mask(JSON.stringify(walk(JSON.parse(text)), null, 2));
}
