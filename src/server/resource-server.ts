/**
 * A PayNet-shaped resource server on the sandbox's listener: providers, balances, transactions and
 * consent revocation. The checks are resource-checks.ts, the answers resource-responses.ts; a
 * refusal is answered as JSON `{ error, error_description }` and logged with its reason.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SANDBOX_REASON_HEADER, headerSafe } from '../shared/log-lines.js';
import { balanceOf, providers, transactionsOf } from './fixtures.js';
import { HttpError } from './http-error.js';
import { authorize, consentFor, verifyXSignature } from './resource-checks.js';
import type { ResourceServerContext } from './resource-context.js';
import { joseResponse, page, send } from './resource-responses.js';

const ACCOUNT_DATA = /^\/v1\/accounts\/([^/]+)\/(balances|transactions)$/;
const REVOKE = /^\/consents\/([^/]+)\/revoke$/;
const JSON_TYPE = 'application/json; charset=utf-8';

/** Whether a path belongs to the resource server (everything else goes to the provider). */
export function isResourcePath(pathname: string): boolean {
  return pathname === '/v1/providers' || ACCOUNT_DATA.test(pathname) || REVOKE.test(pathname);
}

/** One request to a route: what it answers is sent with the request's interaction id. */
interface RouteRequest {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly ctx: ResourceServerContext;
  answer(status: number, body: string, type: string): void;
}

function requireMethod(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method) throw new HttpError(405, 'invalid_request', `use ${method}`);
}

/** GET /v1/providers with a token of scope accounts: the providers, page by page. */
async function listProviders({ req, url, ctx, answer }: RouteRequest): Promise<void> {
  requireMethod(req, 'GET');
  const info = await authorize(req, ctx);
  if (!info.scopes.has('accounts'))
    throw new HttpError(403, 'insufficient_scope', 'the token lacks scope accounts');
  answer(200, JSON.stringify(page(providers(ctx.rsBaseUrl), url, 50)), JSON_TYPE);
}

/** GET an account's balances or transactions, with the consent's token and an x-signature. */
async function accountData(
  { req, url, ctx, answer }: RouteRequest,
  match: RegExpExecArray,
): Promise<void> {
  requireMethod(req, 'GET');
  const info = await authorize(req, ctx);
  const consent = consentFor(info, ctx);
  const accountId = decodeURIComponent(match[1] as string);
  if (!consent.accounts.some((a) => a.account_id === accountId))
    throw new HttpError(403, 'account_not_consented', 'the account is not in the consent');
  await verifyXSignature(req, url, info, consent, ctx);
  const body =
    match[2] === 'balances'
      ? { data: balanceOf(accountId) }
      : page(transactionsOf(accountId), url, 5);
  answer(200, await joseResponse(body, consent, info.clientId, ctx), 'application/jose');
}

/** POST /consents/<id>/revoke with a client-credentials token: ends the consent and its grant. */
async function revokeConsent(
  { req, ctx, answer }: RouteRequest,
  match: RegExpExecArray,
): Promise<void> {
  requireMethod(req, 'POST');
  const info = await authorize(req, ctx);
  if (info.consentId !== undefined || !info.scopes.has('accounts')) {
    throw new HttpError(
      403,
      'insufficient_scope',
      'revocation needs a client-credentials token with scope accounts',
    );
  }
  const consentId = decodeURIComponent(match[1] as string);
  const consent = ctx.consents.get(consentId);
  if (consent === undefined || consent.clientId !== info.clientId)
    throw new HttpError(404, 'consent_not_found', 'no such consent for this client');
  ctx.consents.revoke(consentId);
  if (consent.grantId !== undefined) await ctx.revokeGrant(consent.grantId);
  const body = { consent_id: consentId, status: 'revoked', updated_at: consent.updatedAt };
  answer(200, JSON.stringify(body), JSON_TYPE);
}

async function route(request: RouteRequest): Promise<void> {
  const path = request.url.pathname;
  if (path === '/v1/providers') return listProviders(request);
  const data = ACCOUNT_DATA.exec(path);
  if (data !== null) return accountData(request, data);
  const revoke = REVOKE.exec(path);
  if (revoke !== null) return revokeConsent(request, revoke);
  throw new HttpError(404, 'not_found', 'no such resource');
}

/** Answers a refusal (a bug as a 500 server_error) and logs why. */
function refuse(request: RouteRequest, res: ServerResponse, error: unknown): void {
  const refusal =
    error instanceof HttpError ? error : new HttpError(500, 'server_error', 'internal error');
  request.ctx.log({
    event: 'resource.refused',
    path: request.url.pathname,
    status: refusal.status,
    error: refusal.error,
    detail: refusal.message,
  });
  if (!(error instanceof HttpError))
    request.ctx.log({ event: 'resource.bug', detail: String((error as Error)?.stack ?? error) });
  if (refusal.status === 401)
    res.setHeader(
      'www-authenticate',
      `Bearer error="${refusal.error}", error_description="${refusal.message.replace(/["\\]/g, '')}"`,
    );
  // A local sandbox may say more than a production server: why, for the client's report.
  res.setHeader(SANDBOX_REASON_HEADER, headerSafe(refusal.message));
  const body = { error: refusal.error, error_description: refusal.message };
  request.answer(refusal.status, JSON.stringify(body), JSON_TYPE);
}

/** Handles one resource-server request. */
export async function handleResourceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ResourceServerContext,
): Promise<void> {
  const interactionId =
    typeof req.headers['x-fapi-interaction-id'] === 'string'
      ? req.headers['x-fapi-interaction-id']
      : randomUUID();
  const request: RouteRequest = {
    req,
    url: new URL(req.url ?? '/', ctx.rsBaseUrl),
    ctx,
    answer: (status, body, type) => send(res, status, body, type, interactionId),
  };
  try {
    await route(request);
  } catch (error) {
    refuse(request, res, error);
  }
}
