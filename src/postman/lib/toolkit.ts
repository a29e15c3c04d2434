/**
 * Everything the entries compute, in one module that the run cache keeps (see toolkit-loader.ts):
 * Newman evaluates the bundle again for every request, and functions created by a new evaluation
 * start cold, so hot code such as the BigInt exponentiation would run unoptimised on every request.
 * Kept from the first evaluation, it stays optimised for the whole run. Nothing here touches `pm`.
 */
export { readClientAuthSettings, readSigningKeySettings } from '../../shared/client-assertion.js';
export { base64url, fromHex, toHex, utf8Bytes, uuidV4 } from '../../shared/encoding.js';
export { cachedSigningKey, signClientAssertion } from './client-assertion.js';
export { signCompactPs256 } from './jws.js';
export { CLIENT_AUTH_PARAMS, clientAuthParams, takesClientAuth } from './client-auth.js';
export { hmacSha256Hex, loadJsrsasign, sha256Hex } from './jsrsasign.js';
export { detectWebCrypto, selectRandomSource } from './random.js';
