/**
 * Recovers the salt of an RSASSA-PSS signature (RFC 8017 section 9.1.2 steps, read backwards), so
 * tests can check that salts never repeat. Test-only: the product never parses PSS itself.
 */
import { constants, createHash, publicDecrypt, type KeyObject } from 'node:crypto';

function mgf1Sha256(seed: Buffer, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0; blocks.length * 32 < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    blocks.push(createHash('sha256').update(seed).update(c).digest());
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** The PSS salt inside `signature`, made with SHA-256 and MGF1-SHA-256 by `publicKey`'s owner. */
export function pssSalt(signature: Buffer, publicKey: KeyObject): Buffer {
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength;
  if (modulusBits === undefined) throw new Error('not an RSA key');
  const emBits = modulusBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const raw = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  const em = raw.subarray(raw.length - emLen);
  if (em[emLen - 1] !== 0xbc) throw new Error('PSS trailer byte missing');
  const hLen = 32;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = mgf1Sha256(h, maskedDb.length);
  const db = Buffer.from(maskedDb.map((byte, i) => byte ^ (mask[i] as number)));
  db[0] = (db[0] as number) & (0xff >> (8 * emLen - emBits));
  const separator = db.indexOf(0x01);
  if (separator < 0 || db.subarray(0, separator).some((b) => b !== 0)) {
    throw new Error('PSS padding malformed');
  }
  return db.subarray(separator + 1);
}
