/**
 * Bruno environments (`environments/<target>.bru`): the values of the Postman environment for the
 * same target and auth method, with no secret value in them. The keys and passphrases a user
 * supplies come from the collection's `.env` (`{{process.env.NAME}}`, which Bruno resolves and
 * masks in its reports); secrets the scripts set at run time are `vars:secret`, written without a
 * value. What a Postman environment holds as a plain value (client_id, signing_kid, the URLs) is
 * a plain value here too: `ofm-postman env --format bruno` fills it in ({@link fillBrunoEnvironment}).
 */
import { bruToEnvJsonV2, envJsonToBruV2 } from '@usebruno/lang';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import { buildEnvironment, targetValues } from '../environment.js';
import type { Target } from '../targets.js';

/** Secrets a user supplies, read from `.env` under the variable's own name. */
export const PROCESS_ENV_SECRETS: readonly string[] = [
  VAR.signingPrivateKey,
  VAR.signingKeyPassphrase,
  VAR.encryptionPrivateKey,
  VAR.encryptionKeyPassphrase,
];

export function brunoEnvironment(target: Target, auth: AuthMethod): string {
  const variables = buildEnvironment(target, auth).values.map((v) => {
    if (PROCESS_ENV_SECRETS.includes(v.key))
      return { name: v.key, value: `{{process.env.${v.key}}}`, enabled: true, secret: false };
    return { name: v.key, value: v.value, enabled: true, secret: v.type === 'secret' };
  });
  return envJsonToBruV2({ variables });
}

/** A Bruno environment as @usebruno/lang reads and writes it (variables, and a colour ...). */
type BrunoEnvironmentJson = ReturnType<typeof bruToEnvJsonV2>;

/** The Bruno environment in `text`; undefined when the text is not one. */
export function parseBrunoEnvironment(text: string): BrunoEnvironmentJson | undefined {
  try {
    const parsed = bruToEnvJsonV2(text);
    return Array.isArray(parsed.variables) ? parsed : undefined;
  } catch {
    // The parser's message says where its grammar failed, which no one can act on here: the
    // caller refuses the file as a whole (or replaces it with --force).
    return undefined;
  }
}

/**
 * `environments/<target>.bru` with one person's values, as the Bruno app's Environment Settings
 * would write them: the target's values (URLs, issuer, audience, auth_method) and `user`'s
 * (client_id, signing_kid) set as plain values; every other variable, and the rest of the file,
 * as `existing` has them (the generated environment when there is none).
 */
export function fillBrunoEnvironment(
  existing: string | undefined,
  target: Target,
  auth: AuthMethod,
  user: Readonly<Record<string, string>>,
): string {
  const values: Record<string, string> = { ...targetValues(target, auth), ...user };
  const parsed = parseBrunoEnvironment(existing ?? brunoEnvironment(target, auth));
  if (parsed === undefined) throw new Error('not a Bruno environment: parse it first');
  const variables = parsed.variables.map((v) =>
    v.name in values ? { ...v, value: values[v.name] as string, enabled: true, secret: false } : v,
  );
  for (const [name, value] of Object.entries(values))
    if (!variables.some((v) => v.name === name))
      variables.push({ name, value, enabled: true, secret: false });
  return envJsonToBruV2({ ...parsed, variables });
}
