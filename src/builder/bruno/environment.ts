/**
 * Bruno environments (`environments/<target>.bru`): the values of the Postman environment for the
 * same target and auth method, with no secret value in them. The keys and passphrases a user
 * supplies come from the collection's `.env` (`{{process.env.NAME}}`, which Bruno resolves and
 * masks in its reports); secrets the scripts set at run time are `vars:secret`, written without a
 * value.
 */
import { envJsonToBruV2 } from '@usebruno/lang';
import { VAR, type AuthMethod } from '../../shared/variables.js';
import { buildEnvironment } from '../environment.js';
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
