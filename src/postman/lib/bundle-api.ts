import { FlowError } from '../../shared/errors/flow-errors.js';
import type { JsrsasignModule } from './jsrsasign.js';
import type { RunCache } from './run-cache.js';
/**
 * What the collection-level bundle offers the small per-folder scripts, so they reuse its signer
 * and random source instead of carrying a second copy of the crypto.
 *
 * Scripts of one request (collection, folder, request level) run in the same sandbox context, and
 * the collection-level bundle runs first, so it registers this object on a shared built-in before
 * any folder script looks for it.
 */

/** The property on `Math` under which the bundle registers itself. */
export const BUNDLE_API_KEY = '__ofm_postman_api__';

/** Bump when the shape below changes, so an old bundle and a new script refuse to pair. */
export const BUNDLE_API_VERSION = 3;

export interface BundleApi {
  readonly apiVersion: number;
  /** Client-authentication form parameters for a token request, read from `get`. */
  clientAuthForm(
    get: (name: string) => string | undefined,
    context: string,
  ): Array<{ key: string; value: string }>;
  /** A fresh UUIDv4 from the bundle's random source. */
  uuid(get: (name: string) => string | undefined, context: string): string;
  /** `byteCount` random bytes, base64url (no padding). */
  randomBase64url(
    get: (name: string) => string | undefined,
    context: string,
    byteCount: number,
  ): string;
  /** BASE64URL(SHA-256(ascii)), as PKCE S256 needs. */
  sha256Base64url(ascii: string): string;
  /** A PS256 JWS of `payload` with the signing key and kid from the variables. */
  signJws(
    get: (name: string) => string | undefined,
    context: string,
    payload: Record<string, unknown>,
  ): string;
  /**
   * The run's jsrsasign toolkit and cache, so response checks (signature verification, JWE key
   * unwrapping) run in the small test scripts without a second copy of the library.
   */
  toolkit(): { lib: JsrsasignModule; cache: RunCache };
}

export function registerBundleApi(api: BundleApi): void {
  Object.defineProperty(Math, BUNDLE_API_KEY, {
    value: api,
    enumerable: false,
    configurable: true,
  });
}

/** The registered API, or undefined when the collection-level script did not run. */
export function findBundleApi(): BundleApi | undefined {
  const api = (Math as unknown as Record<string, unknown>)[BUNDLE_API_KEY] as BundleApi | undefined;
  return api !== undefined && api.apiVersion === BUNDLE_API_VERSION ? api : undefined;
}

/** The registered API, or ERR_OFM_BUNDLE_MISSING. */
export function requireBundleApi(): BundleApi {
  const api = findBundleApi();
  if (api === undefined) {
    throw new FlowError(
      'ERR_OFM_BUNDLE_MISSING',
      'the collection-level ofm-postman script did not run before this one.',
    );
  }
  return api;
}
