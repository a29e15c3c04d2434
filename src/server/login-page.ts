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
import { HttpError } from './http-error.js';
import { ACCOUNTS, TEST_USER, type Account } from './fixtures.js';
import { approveInteraction } from './interactions.js';
import { consentOf, renderError, renderPage, sendHtml, type PageView } from './login-html.js';
import type { ProviderInputs } from './provider-config.js';

/** Largest form body read, bytes: the page's form is well under 1 KB. */
const MAX_FORM_BYTES = 16 * 1024;

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/;

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .replace(/;.*$/s, '')
    .trim();
  if (type !== 'application/x-www-form-urlencoded')
    throw new HttpError(
      415,
      'invalid_request',
      'The form must be posted as application/x-www-form-urlencoded.',
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES)
      throw new HttpError(413, 'invalid_request', 'The form is too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export interface LoginPage {
  /** Serves GET and POST at `/interaction/<uid>`. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;

/** What the page's handlers share: the sandbox's provider and log, and the CSRF key. */
interface PageContext {
  readonly provider: Provider;
  readonly inputs: ProviderInputs;
  readonly issuerOrigin: string;
  csrfOf(uid: string): string;
  log(event: Record<string, unknown>): void;
}

function view(
  page: PageContext,
  details: InteractionDetails,
  extra: { username?: string; selected?: ReadonlySet<string>; error?: string } = {},
): PageView {
  const params = details.params as Record<string, unknown>;
  return {
    uid: details.uid,
    csrf: page.csrfOf(details.uid),
    clientId: String(params['client_id'] ?? ''),
    consent: consentOf(params),
    scope: String(params['scope'] ?? ''),
    username: extra.username ?? '',
    selected: extra.selected ?? new Set(ACCOUNTS.map((a) => a.account_id)),
    error: extra.error,
  };
}

/** The posted form: Deny, or Approve with the test user's credentials and the chosen accounts. */
async function decide(
  page: PageContext,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<void> {
  const { provider, log } = page;
  const origin = req.headers['origin'];
  if (origin !== undefined && origin !== page.issuerOrigin)
    throw new HttpError(403, 'access_denied', 'The form was posted from another site.');
  const form = await readForm(req);
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid || !sameSecret(form.get('csrf') ?? '', page.csrfOf(details.uid)))
    throw new HttpError(
      403,
      'access_denied',
      'The form does not belong to this sign-in (CSRF check failed).',
    );
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
  if (decision !== 'approve')
    throw new HttpError(400, 'invalid_request', 'Choose Approve or Deny.');
  const username = form.get('username') ?? '';
  const selectedIds = new Set(form.getAll('account'));
  const again = (status: number, error: string) =>
    sendHtml(res, status, (nonce) =>
      renderPage(view(page, details, { username, selected: selectedIds, error }), nonce),
    );
  const passwordOk = sameSecret(form.get('password') ?? '', TEST_USER.password);
  if (username !== TEST_USER.username || !passwordOk) {
    log({ event: 'login.failed', client_id: clientId, detail: 'wrong username or password' });
    again(401, 'Wrong username or password.');
    return;
  }
  const accounts: Account[] = ACCOUNTS.filter((a) => selectedIds.has(a.account_id));
  if (view(page, details).consent !== undefined && accounts.length === 0) {
    again(400, 'Select at least one account to share, or Deny.');
    return;
  }
  log({
    event: 'login.approved',
    client_id: clientId,
    accounts: accounts.map((a) => a.account_id),
  });
  await approveInteraction(provider, page.inputs, req, res, accounts);
}

/** GET shows the page, POST decides; a failure is logged and shown on an error page. */
async function handle(page: PageContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const uid = INTERACTION_PATH.exec(path)?.[1];
  try {
    if (uid === undefined) throw new HttpError(404, 'not_found', 'There is no such sign-in page.');
    if (req.method === 'GET') {
      const details = await page.provider.interactionDetails(req, res);
      sendHtml(res, 200, (nonce) => renderPage(view(page, details), nonce));
    } else if (req.method === 'POST') {
      await decide(page, req, res, uid);
    } else {
      res.setHeader('allow', 'GET, POST');
      throw new HttpError(405, 'invalid_request', 'Only GET and POST are served here.');
    }
  } catch (caught) {
    const error = caught as Error & { error?: string; error_description?: string };
    const status = error instanceof HttpError ? error.status : 400;
    // oidc-provider's errors (an expired or unknown interaction, no interaction cookie)
    // carry error_description; anything else is shown by its message.
    const message = error.error_description ?? error.message;
    page.log({ event: 'interaction.error', error: error.error ?? error.name, detail: message });
    if (res.headersSent) {
      res.end();
      return;
    }
    sendHtml(res, status, (nonce) => renderError(message, nonce));
  }
}

/** The login page of one running sandbox. */
export function createLoginPage(provider: Provider, inputs: ProviderInputs): LoginPage {
  const csrfKey = randomBytes(32);
  const page: PageContext = {
    provider,
    inputs,
    issuerOrigin: new URL(inputs.issuer).origin,
    csrfOf: (uid) => createHmac('sha256', csrfKey).update(uid).digest('base64url'),
    log: inputs.config.log,
  };
  return { handle: (req, res) => handle(page, req, res) };
}
