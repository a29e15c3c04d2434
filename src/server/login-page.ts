/**
 * The login and consent page of `ofm-postman sandbox --login manual`: what a person sees at the
 * authorization endpoint instead of the instant approval. One self-contained HTML page per
 * interaction (no external asset, no script): the fixed test user's username and password, the
 * accounts to share as checkboxes, and Approve / Deny.
 *
 * The form posts back to its own interaction URL, in oidc-provider's interaction style: the
 * interaction is found from its path-scoped `_interaction` cookie (SameSite=Lax, so a cross-site
 * post carries none), and the post must also carry a per-interaction CSRF token (an HMAC of the
 * interaction id under a per-process key) and, when the browser sends one, the sandbox's Origin.
 * Deny finishes the interaction with `access_denied`, which oidc-provider returns to the redirect
 * URI with `state` and `iss`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { CONSENT_TYPE } from '../shared/request-object.js';
import { ACCOUNTS, providers, TEST_USER, type Account } from './fixtures.js';
import { approveInteraction, type ProviderInputs } from './provider.js';

/** Largest form body read, bytes: the page's form is well under 1 KB. */
const MAX_FORM_BYTES = 16 * 1024;

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/;

interface PageView {
  readonly uid: string;
  readonly csrf: string;
  readonly clientId: string;
  readonly consent: ConsentView | undefined;
  readonly scope: string;
  readonly username: string;
  readonly selected: ReadonlySet<string>;
  readonly error: string | undefined;
}

interface ConsentView {
  readonly provider: string;
  readonly purpose: string;
  readonly permissions: readonly string[];
  readonly expires: string;
}

/** A failure the page shows to the person, with its HTTP status. */
class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The consent this interaction asks for, as the page shows it; undefined without one. */
function consentOf(params: Record<string, unknown>): ConsentView | undefined {
  let details: unknown;
  try {
    details = JSON.parse(String(params['authorization_details'] ?? '[]'));
  } catch {
    return undefined; // oidc-provider validated it at PAR; nothing to show otherwise
  }
  if (!Array.isArray(details)) return undefined;
  const detail = (details as Array<Record<string, unknown>>).find(
    (d) => d['type'] === CONSENT_TYPE,
  );
  const consent = detail?.['consent'] as Record<string, unknown> | undefined;
  if (consent === undefined) return undefined;
  const dpId = String(consent['dp_id'] ?? '');
  return {
    provider: providers('').find((p) => p.dp_id === dpId)?.name ?? dpId,
    purpose: String(consent['consent_purpose'] ?? ''),
    permissions: Array.isArray(consent['permissions']) ? consent['permissions'].map(String) : [],
    expires: String(consent['expiration_datetime'] ?? ''),
  };
}

const STYLE = `
body{font:16px/1.45 system-ui,sans-serif;background:#f3f5f4;color:#1d2b24;margin:0}
main{max-width:30rem;margin:2.5rem auto;background:#fff;border:1px solid #cfd8d3;border-radius:8px;padding:1.5rem 2rem}
h1{font-size:1.3rem;margin:0 0 .25rem}p.sub{margin:0 0 1.25rem;color:#4b5d54}
label.field{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #9aaba2;border-radius:4px;font-size:1rem}
fieldset{border:1px solid #cfd8d3;border-radius:4px;margin:1.25rem 0;padding:.5rem 1rem}
fieldset label{display:block;margin:.35rem 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2rem .75rem;margin:1rem 0}dt{color:#4b5d54}dd{margin:0}
.error{background:#fde8e8;border:1px solid #d9534f;color:#8a1f1b;padding:.5rem .75rem;border-radius:4px}
.buttons{display:flex;gap:.75rem;margin-top:1.25rem}
button{flex:1;padding:.6rem;font-size:1rem;border-radius:4px;border:1px solid #1d6b45;cursor:pointer}
button.approve{background:#1d6b45;color:#fff}button.deny{background:#fff;color:#1d6b45}
small{color:#4b5d54}`;

function renderPage(view: PageView, styleNonce: string): string {
  const e = escapeHtml;
  const consent = view.consent;
  const accounts = consent
    ? `<fieldset><legend>Accounts to share with ${e(view.clientId)}</legend>${ACCOUNTS.map(
        (a) =>
          `<label><input type="checkbox" name="account" value="${e(a.account_id)}"${
            view.selected.has(a.account_id) ? ' checked' : ''
          }> ${e(a.account_name)} (${e(a.account_number)})</label>`,
      ).join('')}</fieldset>`
    : '';
  const summary = consent
    ? `<dl><dt>Bank</dt><dd>${e(consent.provider)}</dd><dt>Purpose</dt><dd>${e(
        consent.purpose,
      )}</dd><dt>Permissions</dt><dd>${e(consent.permissions.join(', '))}</dd><dt>Until</dt><dd>${e(
        consent.expires,
      )}</dd></dl>`
    : `<dl><dt>Scope</dt><dd>${e(view.scope)}</dd></dl>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sign in and consent - ofm-postman local sandbox</title><style nonce="${styleNonce}">${STYLE}</style></head>
<body><main>
<h1>Sign in to approve access</h1>
<p class="sub">${e(view.clientId)} asks to read your account data. Local sandbox: the test user is <code>${e(
    TEST_USER.username,
  )}</code> (see the README).</p>
${view.error ? `<p class="error" role="alert">${e(view.error)}</p>` : ''}
<form method="post" action="/interaction/${e(view.uid)}" autocomplete="off">
<input type="hidden" name="csrf" value="${e(view.csrf)}">
<label class="field" for="username">Username</label>
<input type="text" id="username" name="username" value="${e(view.username)}" required>
<label class="field" for="password">Password</label>
<input type="password" id="password" name="password" required>
${summary}${accounts}
<div class="buttons"><button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="deny" type="submit" name="decision" value="deny" formnovalidate>Deny</button></div>
</form>
<p><small>ofm-postman local FAPI 2.0 sandbox. Never enter real credentials here.</small></p>
</main></body></html>
`;
}

function renderError(message: string, styleNonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed - ofm-postman local sandbox</title>
<style nonce="${styleNonce}">${STYLE}</style></head>
<body><main><h1>This sign-in cannot continue</h1><p class="error" role="alert">${escapeHtml(message)}</p>
<p>Start again from your application (a new authorization request).</p></main></body></html>
`;
}

function sendHtml(res: ServerResponse, status: number, render: (nonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      // Not no-referrer: with it, browsers send `Origin: null` on the form post, and the Origin
      // check refuses it. same-origin sends nothing to the redirect URI's origin.
      'referrer-policy': 'same-origin',
    })
    .end(render(nonce));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .replace(/;.*$/s, '')
    .trim();
  if (type !== 'application/x-www-form-urlencoded')
    throw new PageError(415, 'The form must be posted as application/x-www-form-urlencoded.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new PageError(413, 'The form is too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export interface LoginPage {
  /** Serves GET and POST at `/interaction/<uid>`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The login page of one running sandbox. */
export function createLoginPage(provider: Provider, inputs: ProviderInputs): LoginPage {
  const csrfKey = randomBytes(32);
  const csrfOf = (uid: string) => createHmac('sha256', csrfKey).update(uid).digest('base64url');
  const log = inputs.config.log;
  const issuerOrigin = new URL(inputs.issuer).origin;

  function view(
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
    extra: { username?: string; selected?: ReadonlySet<string>; error?: string } = {},
  ): PageView {
    const params = details.params as Record<string, unknown>;
    return {
      uid: details.uid,
      csrf: csrfOf(details.uid),
      clientId: String(params['client_id'] ?? ''),
      consent: consentOf(params),
      scope: String(params['scope'] ?? ''),
      username: extra.username ?? '',
      selected: extra.selected ?? new Set(ACCOUNTS.map((a) => a.account_id)),
      error: extra.error,
    };
  }

  async function post(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const origin = req.headers['origin'];
    if (origin !== undefined && origin !== issuerOrigin)
      throw new PageError(403, 'The form was posted from another site.');
    const form = await readForm(req);
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid || !sameSecret(form.get('csrf') ?? '', csrfOf(details.uid)))
      throw new PageError(403, 'The form does not belong to this sign-in (CSRF check failed).');
    const clientId = String((details.params as Record<string, unknown>)['client_id'] ?? '');
    const decision = form.get('decision');
    if (decision === 'deny') {
      log({ event: 'login.denied', client_id: clientId });
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'the user denied the request' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (decision !== 'approve') throw new PageError(400, 'Choose Approve or Deny.');
    const username = form.get('username') ?? '';
    const selectedIds = new Set(form.getAll('account'));
    const again = (status: number, error: string) =>
      sendHtml(res, status, (nonce) =>
        renderPage(view(details, { username, selected: selectedIds, error }), nonce),
      );
    const passwordOk = sameSecret(form.get('password') ?? '', TEST_USER.password);
    if (username !== TEST_USER.username || !passwordOk) {
      log({ event: 'login.failed', client_id: clientId, detail: 'wrong username or password' });
      again(401, 'Wrong username or password.');
      return;
    }
    const accounts: Account[] = ACCOUNTS.filter((a) => selectedIds.has(a.account_id));
    if (view(details).consent !== undefined && accounts.length === 0) {
      again(400, 'Select at least one account to share, or Deny.');
      return;
    }
    log({
      event: 'login.approved',
      client_id: clientId,
      accounts: accounts.map((a) => a.account_id),
    });
    await approveInteraction(provider, inputs, req, res, accounts);
  }

  return {
    async handle(req, res) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const uid = INTERACTION_PATH.exec(path)?.[1];
      try {
        if (uid === undefined) throw new PageError(404, 'There is no such sign-in page.');
        if (req.method === 'GET') {
          const details = await provider.interactionDetails(req, res);
          sendHtml(res, 200, (nonce) => renderPage(view(details), nonce));
        } else if (req.method === 'POST') {
          await post(req, res, uid);
        } else {
          res.setHeader('allow', 'GET, POST');
          throw new PageError(405, 'Only GET and POST are served here.');
        }
      } catch (caught) {
        const error = caught as Error & { error?: string; error_description?: string };
        const status = error instanceof PageError ? error.status : 400;
        // oidc-provider's errors (an expired or unknown interaction, no interaction cookie)
        // carry error_description; anything else is shown by its message.
        const message = error.error_description ?? error.message;
        log({ event: 'interaction.error', error: error.error ?? error.name, detail: message });
        if (res.headersSent) {
          res.end();
          return;
        }
        sendHtml(res, status, (nonce) => renderError(message, nonce));
      }
    },
  };
}
