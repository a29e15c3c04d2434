/**
 * The collection-level pre-request script: adds an `x-fapi-interaction-id` to every request and
 * client authentication to every token or PAR request. The only module that touches `pm`.
 *
 * Bad input never lets a request out: the script records a failing test whose name starts with the
 * error code and carries the hint, then skips the request.
 */
import { readClientAuthSettings } from '../../shared/client-assertion.js';
import { formatError, isOfmError, WARNING_CODES } from '../../shared/errors.js';
import { uuidV4 } from '../../shared/encoding.js';
import { VAR } from '../../shared/variables.js';
import { signClientAssertion } from '../lib/client-assertion.js';
import { CLIENT_AUTH_PARAMS, clientAuthParams, takesClientAuth } from '../lib/client-auth.js';
import { hmacSha256Hex, loadJsrsasign, sha256Hex } from '../lib/jsrsasign.js';
import { detectWebCrypto, selectRandomSource } from '../lib/random.js';
import { getRunCache } from '../lib/run-cache.js';

declare const OFM_BUNDLE_ID: string;

const INTERACTION_ID_HEADER = 'x-fapi-interaction-id';

function failAndSkip(error: unknown): void {
  const line = isOfmError(error)
    ? formatError(error)
    : formatError({
        code: 'ERR_OFM_INTERNAL',
        message: `unexpected ${error instanceof Error ? error.name : typeof error} in the ofm-postman script: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'this is a bug in ofm-postman: please report it with the request name',
      });
  pm.test(line, () => {
    throw new Error(line);
  });
  console.warn(line);
  pm.execution.skipRequest();
}

function run(): void {
  const cache = getRunCache(OFM_BUNDLE_ID);
  const lib = loadJsrsasign(cache);
  const random = selectRandomSource(cache, {
    crypto: detectWebCrypto(),
    seedHex: pm.variables.get(VAR.randomSeed),
    requestContext: `${pm.info.requestId ?? ''}|${pm.info.iteration ?? ''}|${pm.info.requestName ?? ''}`,
    hmac: (k, d) => hmacSha256Hex(lib, k, d),
    sha256: (hex) => sha256Hex(lib, hex),
    now: () => Date.now(),
    mathRandom: () => Math.random(),
  });
  if (random.kind === 'weak' && cache['warnedWeakRandom'] !== true) {
    cache['warnedWeakRandom'] = true;
    console.warn(`WARN_OFM_WEAK_RANDOM: ${WARNING_CODES.WARN_OFM_WEAK_RANDOM}`);
  }

  const request = pm.request;
  const body = request.body;
  const needsAuth = takesClientAuth(request.method, body?.mode);
  // Validate before touching the request, so a refused request is left as it was.
  const settings = needsAuth ? readClientAuthSettings((name) => pm.variables.get(name)) : undefined;
  const assertion =
    settings?.method === 'private_key_jwt'
      ? signClientAssertion(lib, cache, settings, random, Date.now())
      : undefined;

  if (!request.headers.has(INTERACTION_ID_HEADER)) {
    request.headers.add({ key: INTERACTION_ID_HEADER, value: uuidV4(random.bytes(16)) });
  }
  if (settings === undefined || body?.urlencoded === undefined) return;

  const form = body.urlencoded;
  const owned: readonly string[] = CLIENT_AUTH_PARAMS;
  form.remove((param) => owned.includes(param.key), undefined);
  for (const param of clientAuthParams(settings, assertion)) form.add(param);
  if (assertion !== undefined) pm.variables.set(VAR.clientAssertion, assertion);
}

try {
  run();
} catch (error) {
  failAndSkip(error);
}
