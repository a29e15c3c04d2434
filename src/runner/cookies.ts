/**
 * Cookie headers, read for what is secret in them: every cookie value is (the authorization
 * server's session is one), while cookie names and Set-Cookie attributes are not and stay readable
 * in reports (`_session=[masked by ofm-postman]; path=/; httponly`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-4 (Set-Cookie and Cookie syntax)
 */

/** True for a header whose value carries cookie values: Cookie and Set-Cookie. */
export function isCookieHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'cookie' || lower === 'set-cookie';
}

/**
 * One header value as cookie-pairs, each with the position of its value. Cookie: every `name=value`
 * separated by `;`. Set-Cookie: the first pair of each cookie only (the rest are attributes);
 * several cookies folded into one value are split on newlines and on a comma that starts a new
 * `name=` (an Expires date has a comma too, followed by a day number, not a name).
 */
function pairs(name: string, value: string): Array<{ start: number; end: number }> {
  const setCookie = name.toLowerCase() === 'set-cookie';
  const out: Array<{ start: number; end: number }> = [];
  const separator = setCookie ? /\r?\n|,\s*(?=[^;,=\s]+=)/g : /;/g;
  let from = 0;
  const take = (to: number) => {
    const part = value.slice(from, to);
    const firstPair = setCookie ? (part.split(';')[0] ?? '') : part;
    const eq = firstPair.indexOf('=');
    if (eq >= 0) {
      const raw = firstPair.slice(eq + 1);
      const start = from + eq + 1 + (raw.length - raw.trimStart().length);
      const end = from + eq + 1 + raw.trimEnd().length;
      if (end > start) out.push({ start, end });
    }
  };
  for (const match of value.matchAll(separator)) {
    take(match.index);
    from = match.index + match[0].length;
  }
  take(value.length);
  return out;
}

/** The cookie values in a Cookie or Set-Cookie header value (none for any other header). */
export function cookieValues(name: string, value: string): string[] {
  if (!isCookieHeader(name)) return [];
  return pairs(name, value).map(({ start, end }) => value.slice(start, end));
}

/** `value` with every cookie value replaced by `mask`, names and attributes kept. */
export function maskCookieValues(name: string, value: string, mask: string): string {
  if (!isCookieHeader(name)) return value;
  let out = value;
  for (const { start, end } of pairs(name, value).reverse())
    out = out.slice(0, start) + mask + out.slice(end);
  return out;
}
