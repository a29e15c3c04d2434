/**
 * The interaction step of the authorization endpoint: approving the fixed test user at once (the
 * default, `login: 'auto'`), or with the accounts a person chose on the login page
 * (login-page.ts). Approval creates the consent and grants the requested scopes, claims and the
 * enriched authorization details.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { LOCAL_DC_ID } from '../shared/local-sandbox.js';
import { ACCOUNTS, TEST_USER, type Account } from './fixtures.js';
import { RESOURCE_INDICATOR, type ProviderInputs } from './provider-config.js';
import { CONSENT_TYPE } from '../shared/request-object.js';

/**
 * The interaction step: approves the fixed test user at once, creates the consent and grants the
 * requested scopes and the enriched authorization details. One GET, so a client that only follows
 * redirects (Newman, with its cookie jar) reaches the redirect URI with a code. The login page
 * (login-page.ts) calls it with the accounts the person selected.
 */
export async function approveInteraction(
  provider: Provider,
  inputs: ProviderInputs,
  req: IncomingMessage,
  res: ServerResponse,
  accounts: readonly Account[] = ACCOUNTS,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const params = details.params as Record<string, string | undefined>;
  const clientId = params['client_id'] as string;
  const grant = new provider.Grant({ accountId: TEST_USER.accountId, clientId });
  const scopes = (params['scope'] ?? '').split(' ').filter(Boolean);
  grant.addOIDCScope(scopes.join(' '));
  // Claims asked for with the claims parameter must be granted too, or consent is prompted again.
  const claims = JSON.parse(params['claims'] ?? '{}') as Record<
    string,
    Record<string, unknown> | undefined
  >;
  const claimNames = [
    ...Object.keys(claims['userinfo'] ?? {}),
    ...Object.keys(claims['id_token'] ?? {}),
  ];
  if (claimNames.length > 0) grant.addOIDCClaims(claimNames);
  if (scopes.includes('accounts')) grant.addResourceScope(RESOURCE_INDICATOR, 'accounts');
  const consents = [];
  for (const detail of JSON.parse(params['authorization_details'] ?? '[]') as Array<
    Record<string, unknown>
  >) {
    if (detail['type'] !== CONSENT_TYPE) {
      grant.addRar(detail as never);
      continue;
    }
    const requested = detail['consent'] as Record<string, unknown>;
    const consent = inputs.consents.create({
      clientId,
      dcId: String(requested['dc_id'] ?? LOCAL_DC_ID),
      dpId: String(requested['dp_id']),
      permissions: (requested['permissions'] as string[]) ?? [],
      accounts,
    });
    consents.push(consent);
    grant.addRar({
      ...detail,
      consent: { ...requested, consent_id: consent.consentId, status: consent.status },
      created_at: consent.createdAt,
      updated_at: consent.updatedAt,
      updated_by: 'data_provider_user',
      accounts: consent.accounts.map((a) => ({ ...a })),
    } as never);
  }
  const grantId = await grant.save();
  for (const consent of consents) consent.grantId = grantId;
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: TEST_USER.accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * Serves GET `/interaction/<uid>` with instant approval; a failure (an unknown or expired
 * interaction, no interaction cookie) is logged and answered 400 with oidc-provider's error.
 */
export function autoApprove(
  provider: Provider,
  inputs: ProviderInputs,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  approveInteraction(provider, inputs, req, res).catch(
    (error: Error & { error?: string; error_description?: string }) => {
      inputs.config.log({
        event: 'interaction.error',
        error: error.error ?? error.name,
        detail: error.error_description ?? error.message,
      });
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: error.error ?? 'invalid_request',
          error_description: error.error_description ?? error.message,
        }),
      );
    },
  );
}
