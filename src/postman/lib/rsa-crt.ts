/**
 * The RSA private-key operation with native BigInt and the Chinese Remainder Theorem.
 *
 * jsrsasign's jsbn big integers make PS256 cost 100-150 ms per RSA-2048 signature once Newman has
 * re-evaluated the script a few times (postman-platform reference, section 2); native BigInt with
 * CRT does the same operation in a few milliseconds. Only this step is replaced: parsing and PSS
 * encoding stay jsrsasign's, and every result is checked by the public operation (s^e mod n = m)
 * before it is used, so a wrong result can never leave as a signature.
 *
 * Not constant-time, like jsrsasign's own implementation: the sandbox gives an attacker no timing
 * oracle worth the complexity of blinding here.
 */

// Written as calls, not literals: Bruno tokenises scripts with esprima 4, which rejects BigInt
// literals (`0n`) and refuses the whole script (test/system/bundle.test.ts checks the bundles).
const ZERO = BigInt(0);
const ONE = BigInt(1);

/** CRT parameters of an RSA private key (RFC 8017 section 3.2, second representation). */
export interface CrtKey {
  readonly n: bigint;
  readonly e: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qInv: bigint;
}

/** base^exponent mod modulus, left-to-right with a 5-bit sliding window. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === ONE) return ZERO;
  const b = base % modulus;
  // Odd powers b^1, b^3, ..., b^31.
  const b2 = (b * b) % modulus;
  const odd: bigint[] = [b];
  for (let i = 1; i < 16; i++) odd.push(((odd[i - 1] as bigint) * b2) % modulus);
  const bits = exponent.toString(2);
  let result = ONE;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % modulus;
      i++;
      continue;
    }
    // The longest window of at most 5 bits that starts here and ends in a 1.
    let end = Math.min(i + 5, bits.length);
    while (bits[end - 1] === '0') end--;
    const window = parseInt(bits.slice(i, end), 2);
    for (let k = i; k < end; k++) result = (result * result) % modulus;
    result = (result * (odd[(window - 1) >> 1] as bigint)) % modulus;
    i = end;
  }
  return result;
}

/** m^d mod n via CRT, checked with the public exponent. Throws if the check fails. */
export function rsaPrivate(key: CrtKey, m: bigint): bigint {
  const m1 = modPow(m % key.p, key.dp, key.p);
  const m2 = modPow(m % key.q, key.dq, key.q);
  let h = ((m1 - m2) * key.qInv) % key.p;
  if (h < ZERO) h += key.p;
  const s = m2 + h * key.q;
  if (modPow(s, key.e, key.n) !== m % key.n) throw new Error('RSA-CRT self-check failed');
  return s;
}

/** BigInt from a hex string (empty means zero). */
export function bigFromHex(hex: string): bigint {
  return hex === '' ? ZERO : BigInt(`0x${hex}`);
}
