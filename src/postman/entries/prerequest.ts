/**
 * The collection-level pre-request script: adds an `x-fapi-interaction-id` to every request and
 * client authentication to every token or PAR request, and registers the bundle API that the
 * folder scripts use. The only module of this bundle that touches `pm`.
 *
 * Bad input never lets a request out: the script records a failing test whose name starts with the
 * error code and carries the hint, then skips the request.
 */
import { clockOffsetMs } from '../../shared/clock.js';
import { WARNING_CODES } from '../../shared/errors/ofm-error.js';
import { stepOf, stepVariable, unmetPrerequisite } from '../../shared/flow-status.js';
import { skipLine } from '../../shared/skip.js';
import { VAR } from '../../shared/variables.js';
import { registerBundleApi } from '../lib/bundle-api.js';
import type { RandomSource } from '../lib/random.js';
import { getRunCache, type RunCache } from '../lib/run-cache.js';
import { loadToolkit, type Toolkit } from '../lib/toolkit-loader.js';
import { failAndSkip } from '../pm/report.js';

declare const OFM_BUNDLE_ID: string;

const INTERACTION_ID_HEADER = 'x-fapi-interaction-id';

type Getter = (name: string) => string | undefined;

function randomFor(tk: Toolkit, cache: RunCache, get: Getter, context: string): RandomSource {
  const lib = tk.loadJsrsasign(cache);
  const random = tk.selectRandomSource(cache, {
    crypto: tk.detectWebCrypto(),
    seedHex: get(VAR.randomSeed),
    requestContext: context,
    hmac: (k, d) => tk.hmacSha256Hex(lib, k, d),
    sha256: (hex) => tk.sha256Hex(lib, hex),
    now: () => Date.now(),
    mathRandom: () => Math.random(),
  });
  if (random.kind === 'weak' && cache['warnedWeakRandom'] !== true) {
    cache['warnedWeakRandom'] = true;
    console.warn(`WARN_OFM_WEAK_RANDOM: ${WARNING_CODES.WARN_OFM_WEAK_RANDOM}`);
  }
  return random;
}

/** Validates the inputs and signs: throws an OfmError before anything is changed. */
function clientAuthForm(tk: Toolkit, cache: RunCache, get: Getter, random: RandomSource) {
  const settings = tk.readClientAuthSettings(get);
  const assertion =
    settings.method === 'private_key_jwt'
      ? tk.signClientAssertion(
          tk.loadJsrsasign(cache),
          cache,
          settings,
          random,
          Date.now() + clockOffsetMs(get),
        )
      : undefined;
  return { params: tk.clientAuthParams(settings, assertion), assertion };
}

function run(): void {
  const cache = getRunCache(OFM_BUNDLE_ID);
  const tk = loadToolkit(cache);
  registerBundleApi({
    apiVersion: 3,
    clientAuthForm: (get, context) =>
      clientAuthForm(tk, cache, get, randomFor(tk, cache, get, context)).params,
    uuid: (get, context) => tk.uuidV4(randomFor(tk, cache, get, context).bytes(16)),
    randomBase64url: (get, context, count) =>
      tk.base64url(randomFor(tk, cache, get, context).bytes(count)),
    sha256Base64url: (ascii) =>
      tk.base64url(
        tk.fromHex(tk.sha256Hex(tk.loadJsrsasign(cache), tk.toHex(tk.utf8Bytes(ascii)))),
      ),
    signJws: (get, context, payload) => {
      const lib = tk.loadJsrsasign(cache);
      const settings = tk.readSigningKeySettings(get, 'to sign this request');
      const key = tk.cachedSigningKey(lib, cache, settings.privateKeyPem, settings.passphrase);
      return tk.signCompactPs256(
        lib,
        key,
        { alg: 'PS256', kid: settings.kid },
        payload,
        randomFor(tk, cache, get, context),
      );
    },
    toolkit: () => ({ lib: tk.loadJsrsasign(cache), cache }),
  });
  // Bruno runs the post-response scripts in a fresh context, so its collection runs this bundle
  // there too, only to register the API above. Postman and Newman never get here in 'test'.
  if (pm.info.eventName === 'test') return;

  const get: Getter = (name) => pm.variables.get(name);
  // A request whose prerequisite failed is not sent; a step about to run counts as failed until
  // its test script says otherwise.
  const name = pm.info.requestName ?? '';
  const unmet = unmetPrerequisite(name, JSON.stringify(pm.request.toJSON()), get);
  const step = stepOf(name);
  if (step) pm.environment.set(stepVariable(step), unmet ? 'skipped' : 'failed');
  if (unmet) {
    console.log(skipLine('prerequisite', unmet));
    pm.execution.skipRequest();
    return;
  }
  const random = randomFor(
    tk,
    cache,
    get,
    `${pm.info.requestId ?? ''}|${pm.info.iteration ?? ''}|${name}`,
  );
  // pm.request itself, never an alias: Bruno's Postman importer resolves an alias of pm.request by
  // name across the whole minified bundle and then takes ~40 s and ~3 GB per collection.
  const body = pm.request.body;
  // Validate and sign before touching the request, so a refused request is left as it was.
  const auth = tk.takesClientAuth(pm.request.method, body?.mode)
    ? clientAuthForm(tk, cache, get, random)
    : undefined;

  if (!pm.request.headers.has(INTERACTION_ID_HEADER)) {
    pm.request.headers.add({ key: INTERACTION_ID_HEADER, value: tk.uuidV4(random.bytes(16)) });
  }
  if (auth === undefined || body?.urlencoded === undefined) return;

  const form = body.urlencoded;
  const owned: readonly string[] = tk.CLIENT_AUTH_PARAMS;
  form.remove((param) => owned.includes(param.key), undefined);
  for (const param of auth.params) form.add(param);
  if (auth.assertion !== undefined) pm.variables.set(VAR.clientAssertion, auth.assertion);
}

try {
  run();
} catch (error) {
  failAndSkip(error);
}
