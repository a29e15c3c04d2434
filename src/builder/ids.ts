/** Deterministic ids, so regenerating a collection gives the same bytes. */
import { createHash } from 'node:crypto';

/** A UUID-shaped id derived from `name` (version 5 layout over SHA-256; stable, not random). */
export function stableId(name: string): string {
  const h = createHash('sha256').update(`ofm-postman:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
