/**
 * The sandbox's authorization server: oidc-provider with the sandbox's configuration
 * (provider-config.ts), the conformance-suite misbehaviour in front of it (misbehave.ts), and its
 * refusal events written to the sandbox log with their reasons.
 */
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { SANDBOX_REASON_HEADER, headerSafe } from '../shared/log-lines.js';
import { misbehaviourMiddleware } from './misbehave.js';
import { providerConfiguration, type ProviderInputs } from './provider-config.js';

/** The refusal events whose `error_detail` says why (response bodies say only invalid_client). */
const ERROR_EVENTS = [
  'grant.error',
  'pushed_authorization_request.error',
  'authorization.error',
  'introspection.error',
  'revocation.error',
  'userinfo.error',
  'server_error',
] as const;

/** Creates the provider and wires its refusal events to the sandbox log. */
export function createProvider(inputs: ProviderInputs): Provider {
  const provider = new Provider(inputs.issuer, providerConfiguration(inputs));
  provider.use(
    misbehaviourMiddleware({
      state: inputs.misbehaviour,
      record: inputs.record,
      redirectUri: `${inputs.issuer}/callback`,
      signingKey: inputs.platformKey.key,
    }) as never,
  );
  // The event names are untyped in @types/oidc-provider; the listener shape is (ctx, error).
  const emitter = provider as unknown as {
    on(
      event: string,
      listener: (
        ctx: KoaContextWithOIDC,
        error: { error?: string; error_detail?: string; message?: string },
      ) => void,
    ): void;
  };
  for (const event of ERROR_EVENTS) {
    emitter.on(
      event,
      (
        ctx: KoaContextWithOIDC,
        error: { error?: string; error_detail?: string; message?: string },
      ) => {
        // error_detail is the reason oidc-provider keeps from the client (invalid_client says
        // only "client authentication failed"); other refusals carry it in error_description.
        const reason =
          error.error_detail ?? (error as { error_description?: string }).error_description;
        inputs.config.log({
          event,
          error: error.error ?? error.message,
          detail: reason ?? error.message,
          client_id:
            ctx?.oidc?.client?.clientId ?? (ctx?.oidc?.params?.['client_id'] as string | undefined),
        });
        // The local sandbox hands the reason to the client too, so its report can show it.
        if (reason !== undefined && ctx !== undefined && !ctx.headerSent)
          ctx.set(SANDBOX_REASON_HEADER, headerSafe(reason));
      },
    );
  }
  return provider;
}
