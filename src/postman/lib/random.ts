/**
 * The script's one random source: `jti`s, interaction ids, PKCE verifiers and PSS salts all come
 * from here.
 *
 * 1. `csprng`: the runtime's `crypto.getRandomValues` (the Postman app's newer sandbox).
 * 2. `seeded`: Newman 6's sandbox has no CSPRNG (postman-platform reference, section 1), so the
 *    project's runner injects a fresh secret `ofm_random_seed` per run. It instantiates an
 *    HMAC_DRBG that lives in the run cache; every request mixes in the clock, `Math.random` and the
 *    request id as additional input. Outputs are unpredictable without the seed, unique within a
 *    run because the DRBG state only moves forward, and unique across runs because each run has its
 *    own seed.
 * 3. `weak`: neither is available. The same DRBG is seeded from the clock and `Math.random`, and
 *    the caller must warn (WARN_OFM_WEAK_RANDOM): values stay unique in practice but are guessable.
 */
import { InputError } from '../../shared/errors/input-errors.js';
import { fromHex, toHex, utf8Bytes } from '../../shared/encoding.js';
import { VAR } from '../../shared/variables.js';
import { HmacDrbg, type HmacHex } from './hmac-drbg.js';
import type { RunCache } from './run-cache.js';

export type RandomKind = 'csprng' | 'seeded' | 'weak';

export interface RandomSource {
  readonly kind: RandomKind;
  /** `count` random bytes. */
  bytes(count: number): number[];
}

interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** What the runtime offers; the entry passes the sandbox's globals, tests pass their own. */
export interface RandomEnvironment {
  readonly crypto: WebCrypto | undefined;
  readonly seedHex: string | undefined;
  /** Per-request input that is mixed in: request id, iteration, time. */
  readonly requestContext: string;
  readonly hmac: HmacHex;
  readonly sha256: (hex: string) => string;
  readonly now: () => number;
  readonly mathRandom: () => number;
}

const PERSONALIZATION = toHex(utf8Bytes('ofm-postman random v1'));
const MIN_SEED_HEX = 64;

/** The runtime's Web Crypto object, or undefined (Newman 6: `crypto` is not even declared). */
export function detectWebCrypto(): WebCrypto | undefined {
  // `typeof` is the only safe probe for an undeclared global in the sandbox.
  const candidate: unknown = typeof crypto === 'undefined' ? undefined : crypto;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof (candidate as { getRandomValues?: unknown }).getRandomValues === 'function'
  ) {
    return candidate as WebCrypto;
  }
  return undefined;
}

function mathRandomHex(env: RandomEnvironment, words: number): string {
  let hex = '';
  for (let i = 0; i < words; i++) {
    hex += Math.floor(env.mathRandom() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  }
  return hex;
}

function freshInput(env: RandomEnvironment): string {
  return toHex(utf8Bytes(`${env.now()}|${env.requestContext}|`)) + mathRandomHex(env, 4);
}

/**
 * Picks the best random source and keeps DRBG state in the run cache. Throws ERR_OFM_SEED_INVALID
 * for a seed that is set but is not at least 64 hex characters.
 */
export function selectRandomSource(cache: RunCache, env: RandomEnvironment): RandomSource {
  const webCrypto = env.crypto;
  if (webCrypto !== undefined) {
    return {
      kind: 'csprng',
      bytes(count) {
        return Array.from(webCrypto.getRandomValues(new Uint8Array(count)));
      },
    };
  }

  const seed = (env.seedHex ?? '').trim();
  let kind: RandomKind;
  let stateKey: string;
  if (seed !== '') {
    if (seed.length < MIN_SEED_HEX || !/^[0-9a-fA-F]+$/.test(seed) || seed.length % 2 !== 0) {
      throw new InputError(
        'ERR_OFM_SEED_INVALID',
        `${VAR.randomSeed} is set but is not an even number of hex characters, at least ${MIN_SEED_HEX}.`,
      );
    }
    kind = 'seeded';
    // The state is found by a digest of the seed, never by the seed itself.
    stateKey = `drbg:${env.sha256(seed.toLowerCase()).slice(0, 32)}`;
  } else {
    kind = 'weak';
    stateKey = 'drbg:weak';
  }

  let drbg = cache[stateKey] as HmacDrbg | undefined;
  if (drbg === undefined) {
    const entropy = kind === 'seeded' ? seed.toLowerCase() : mathRandomHex(env, 16);
    drbg = new HmacDrbg(env.hmac, entropy, freshInput(env), PERSONALIZATION);
    cache[stateKey] = drbg;
  } else {
    drbg.reseed(freshInput(env));
  }
  const generator = drbg;
  return {
    kind,
    bytes(count) {
      return fromHex(generator.generateHex(count));
    },
  };
}
