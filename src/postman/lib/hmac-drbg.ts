/**
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, section 10.1.2), on hex strings.
 *
 * Written here because the sandbox has no random source to build on and no library in it offers a
 * DRBG; the HMAC itself comes from jsrsasign. test/postman/hmac-drbg.test.ts checks the output
 * against the independent `hmac-drbg` npm implementation.
 */

/** HMAC-SHA-256 over hex key and data, returning hex. */
export type HmacHex = (keyHex: string, dataHex: string) => string;

export class HmacDrbg {
  private k = '00'.repeat(32);
  private v = '01'.repeat(32);
  private readonly hmac: HmacHex;

  /** Instantiates from entropy || nonce || personalisation (all hex). */
  constructor(hmac: HmacHex, entropyHex: string, nonceHex: string, personalizationHex: string) {
    this.hmac = hmac;
    this.update(entropyHex + nonceHex + personalizationHex);
  }

  private update(providedHex: string): void {
    this.k = this.hmac(this.k, this.v + '00' + providedHex);
    this.v = this.hmac(this.k, this.v);
    if (providedHex === '') return;
    this.k = this.hmac(this.k, this.v + '01' + providedHex);
    this.v = this.hmac(this.k, this.v);
  }

  /** Mixes fresh input into the state (SP 800-90A reseed without the counter). */
  reseed(entropyHex: string): void {
    this.update(entropyHex);
  }

  /** `byteCount` pseudo-random bytes as hex; `additionalHex` is mixed in before and after. */
  generateHex(byteCount: number, additionalHex = ''): string {
    if (additionalHex !== '') this.update(additionalHex);
    let out = '';
    while (out.length < byteCount * 2) {
      this.v = this.hmac(this.k, this.v);
      out += this.v;
    }
    this.update(additionalHex);
    return out.slice(0, byteCount * 2);
  }
}
