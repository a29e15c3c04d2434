/**
 * Bruno only: the pre-request script of a request that neither signs nor takes client
 * authentication (Discovery, JWKS, Authorize), in place of the client-authentication bundle, which
 * Bruno would otherwise parse in a fresh context for every request (docs/performance.md). It does
 * what the bundle does for such a request: the step status and prerequisite check, and the
 * `x-fapi-interaction-id`. A request that takes client authentication is refused, never sent
 * without it: the builder gives those the bundle.
 */
import { WARNING_CODES } from '../../shared/errors/ofm-error.js';
import { FlowError } from '../../shared/errors/flow-errors.js';
import { uuidV4 } from '../../shared/encoding.js';
import { VAR } from '../../shared/variables.js';
import { takesClientAuth } from '../lib/client-auth.js';
import { detectWebCrypto } from '../lib/random.js';
import { failAndSkip } from '../pm/report.js';
import { ensureInteractionId, passesGate } from '../pm/request-gate.js';

/**
 * 16 random bytes for an interaction id, a correlation value rather than a secret: Bruno's two
 * sandboxes both offer crypto.getRandomValues; without it, Math.random, with the bundle's warning.
 */
function random16(): number[] {
  const webCrypto = detectWebCrypto();
  if (webCrypto !== undefined) return Array.from(webCrypto.getRandomValues(new Uint8Array(16)));
  console.warn(`WARN_OFM_WEAK_RANDOM: ${WARNING_CODES.WARN_OFM_WEAK_RANDOM}`);
  return Array.from({ length: 16 }, () => Math.floor(Math.random() * 256));
}

try {
  if (passesGate((name) => pm.variables.get(name))) {
    if (takesClientAuth(pm.request.method, pm.request.body?.mode))
      throw new FlowError(
        'ERR_OFM_BUNDLE_MISSING',
        `${pm.request.method} with a form body takes client authentication (${VAR.clientAssertion}), but this pre-request script does not sign.`,
      );
    ensureInteractionId(() => uuidV4(random16()));
  }
} catch (error) {
  failAndSkip(error);
}
