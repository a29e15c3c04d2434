/**
 * The HTML of the login and consent page (login-page.ts): one self-contained page per interaction,
 * no external asset and no script, its one style block allowed by a per-response CSP nonce.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { escapeHtml } from '../shared/escape.js';
import { ACCOUNTS, providers, TEST_USER } from './fixtures.js';
import { CONSENT_TYPE } from '../shared/request-object.js';

export interface PageView {
  readonly uid: string;
  readonly csrf: string;
  readonly clientId: string;
  readonly consent: ConsentView | undefined;
  readonly scope: string;
  readonly username: string;
  readonly selected: ReadonlySet<string>;
  readonly error: string | undefined;
}

export interface ConsentView {
  readonly provider: string;
  readonly purpose: string;
  readonly permissions: readonly string[];
  readonly expires: string;
}

/** The consent this interaction asks for, as the page shows it; undefined without one. */
export function consentOf(params: Record<string, unknown>): ConsentView | undefined {
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

export function renderPage(view: PageView, styleNonce: string): string {
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

export function renderError(message: string, styleNonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed - ofm-postman local sandbox</title>
<style nonce="${styleNonce}">${STYLE}</style></head>
<body><main><h1>This sign-in cannot continue</h1><p class="error" role="alert">${escapeHtml(message)}</p>
<p>Start again from your application (a new authorization request).</p></main></body></html>
`;
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  render: (nonce: string) => string,
): void {
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
