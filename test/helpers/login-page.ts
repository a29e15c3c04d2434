/**
 * A person at the local sandbox's login page (`sandbox --login manual`), played by an HTTP client:
 * the tests' HTTP client with the sandbox CA and a cookie jar that honours cookie paths, redirects
 * followed only inside the authorization server, and the page's HTML form parsed and posted as a
 * browser would (hidden fields, ticked checkboxes, the pressed button).
 *
 * `approveInLoginPage(authorizationUrl, { ca })` logs in as the test user, ticks the accounts and
 * presses Approve (or Deny), and returns the URL the browser is sent to: the redirect URI with
 * `code` (or `error`), `state` and `iss`. It does not open that URL; `deliverRedirect` does.
 */
import { TEST_USER } from '../../src/server/fixtures.js';
import { CookieJar, httpRequest, type HttpResult, type Identity } from './http-client.js';

export interface LoginPageOptions {
  /** PEM text of the CA that issued the sandbox's server certificate. */
  readonly ca: string;
  /** account_ids to tick; default: leave the page's own selection (every account). */
  readonly accounts?: readonly string[];
  /** Press Deny instead of Approve. */
  readonly deny?: boolean;
  /** Default: the sandbox's test user. */
  readonly username?: string;
  readonly password?: string;
  /** A client certificate to present; a browser usually has none and the page needs none. */
  readonly identity?: Identity;
  /** The browser to use (its cookies: one login session for several consents); default a new one. */
  readonly browser?: LoginPageBrowser;
}

export type PageResponse = HttpResult;

export interface FormField {
  readonly tag: 'input' | 'button';
  readonly type: string;
  readonly name: string;
  readonly value: string;
  readonly checked: boolean;
}

export interface ParsedForm {
  readonly action: string;
  readonly method: string;
  readonly fields: readonly FormField[];
}

const MAX_HOPS = 12;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    out[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The first form of a page with its inputs and buttons. */
export function parseForm(html: string): ParsedForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`the page has no form:\n${html.slice(0, 400)}`);
  const formAttrs = attributes(form[1]!);
  const fields: FormField[] = [];
  for (const m of form[2]!.matchAll(/<(input|button)\b([^>]*)>/gi)) {
    const a = attributes(m[2]!);
    if (a['name'] === undefined) continue;
    const tag = m[1]!.toLowerCase() as 'input' | 'button';
    fields.push({
      tag,
      type: (a['type'] ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase(),
      name: a['name'],
      value: a['value'] ?? '',
      checked: 'checked' in a,
    });
  }
  return {
    action: formAttrs['action'] ?? '',
    method: (formAttrs['method'] ?? 'get').toLowerCase(),
    fields,
  };
}

/** The text of the page's alert (the error the page shows), if any. */
export function pageError(html: string): string | undefined {
  const m = /<[^>]+role="alert"[^>]*>([\s\S]*?)<\//.exec(html);
  return m ? decodeEntities(m[1]!.trim()) : undefined;
}

/** A browser reduced to what the login page needs. */
export class LoginPageBrowser {
  private readonly jar = new CookieJar();

  constructor(private readonly options: Pick<LoginPageOptions, 'ca' | 'identity'>) {}

  /** One request, cookies in and out, no redirect followed; a post carries its Origin. */
  request(
    url: string,
    init: { method?: string; form?: URLSearchParams; origin?: string } = {},
  ): Promise<PageResponse> {
    const origin = init.origin ?? new URL(url).origin;
    return httpRequest(url, {
      ...(init.method ? { method: init.method } : {}),
      ...(init.form ? { form: init.form } : {}),
      headers: { accept: 'text/html', ...(init.form ? { origin } : {}) },
      ca: this.options.ca,
      identity: this.options.identity,
      jar: this.jar,
    });
  }

  /**
   * GETs `url` and follows redirects while they stay on the authorization server's `/auth` and
   * `/interaction` paths. Returns the page reached, or the redirect that leaves (its Location).
   */
  async follow(
    url: string,
    first?: PageResponse,
  ): Promise<{ page?: PageResponse; leave?: string }> {
    const origin = new URL(url).origin;
    let response = first ?? (await this.request(url));
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (response.status < 300 || response.status >= 400) return { page: response };
      const location = new URL(String(response.headers['location']), response.url);
      const inside =
        location.origin === origin && /^\/(auth|interaction)(\/|$)/.test(location.pathname);
      if (!inside) return { leave: location.href };
      response = await this.request(location.href);
    }
    throw new Error(`more than ${MAX_HOPS} redirects from ${url}`);
  }

  /** Fills the page's form like a person and presses the button named by `decision`. */
  async submit(
    page: PageResponse,
    input: { username: string; password: string; accounts?: readonly string[]; decision: string },
  ): Promise<{ page?: PageResponse; leave?: string }> {
    const form = parseForm(page.text);
    if (form.method !== 'post') throw new Error(`the form method is ${form.method}, not post`);
    const data = new URLSearchParams();
    for (const field of form.fields) {
      if (field.tag === 'button' || field.type === 'submit') continue;
      if (field.type === 'checkbox') {
        const ticked = input.accounts ? input.accounts.includes(field.value) : field.checked;
        if (ticked) data.append(field.name, field.value);
      } else if (field.name === 'username') data.append(field.name, input.username);
      else if (field.name === 'password') data.append(field.name, input.password);
      else data.append(field.name, field.value);
    }
    const button = form.fields.find(
      (f) => (f.tag === 'button' || f.type === 'submit') && f.value === input.decision,
    );
    if (button === undefined) throw new Error(`the form has no ${input.decision} button`);
    data.append(button.name, button.value);
    const action = new URL(form.action, page.url).href;
    return this.follow(action, await this.request(action, { form: data }));
  }
}

/**
 * Opens the authorization URL, logs in on the sandbox's page and approves (or denies); returns the
 * redirect to the client's redirect URI. Throws with the page's error when the page refuses.
 */
export async function approveInLoginPage(
  authorizationUrl: string,
  options: LoginPageOptions,
): Promise<string> {
  const browser = options.browser ?? new LoginPageBrowser(options);
  const opened = await browser.follow(authorizationUrl);
  if (opened.leave !== undefined) return opened.leave; // no page: the server answered at once
  const page = opened.page!;
  if (page.status !== 200)
    throw new Error(`login page: HTTP ${page.status}: ${page.text.slice(0, 300)}`);
  const result = await browser.submit(page, {
    username: options.username ?? TEST_USER.username,
    password: options.password ?? TEST_USER.password,
    ...(options.accounts ? { accounts: options.accounts } : {}),
    decision: options.deny ? 'deny' : 'approve',
  });
  if (result.leave !== undefined) return result.leave;
  throw new Error(
    `login page refused (HTTP ${result.page!.status}): ${pageError(result.page!.text) ?? result.page!.text.slice(0, 300)}`,
  );
}

/**
 * Opens the final redirect as the browser would (e.g. at `ofm-postman consent`'s loopback
 * listener); returns the status and body. `ca` is needed for an https redirect URI.
 */
export async function deliverRedirect(
  url: string,
  ca?: string,
): Promise<{ status: number; text: string }> {
  const { status, text } = await httpRequest(url, ca ? { ca } : {});
  return { status, text };
}
