// Minimal types for the hmac-drbg package, used only as an independent cross-check in tests.
declare module 'hmac-drbg' {
  interface Options {
    hash: unknown;
    entropy: string;
    entropyEnc?: 'hex';
    nonce: string;
    nonceEnc?: 'hex';
    pers?: string;
    persEnc?: 'hex';
  }
  export default class HmacDRBG {
    constructor(options: Options);
    generate(length: number, enc?: 'hex', add?: string, addEnc?: 'hex'): number[] | string;
  }
}
