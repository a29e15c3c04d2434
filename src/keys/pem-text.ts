/**
 * Keys as Node reads them, through the one PEM reader the Postman script uses
 * (shared/pem.ts): a key from a file, an `OFM_*` variable or an environment is accepted in the same
 * forms everywhere (literal `\n` escapes, CRLF, line breaks turned into spaces, a BOM). Kept on the
 * Node side so the script bundles do not change with it.
 */
import { readPemBlock, type PemBlock } from '../shared/pem.js';

/** The block as standard PEM text (64-character lines, LF), which `createPrivateKey` reads. */
export function pemText(block: PemBlock): string {
  const headers = block.headers.length > 0 ? `${block.headers.join('\n')}\n\n` : '';
  const lines = block.body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${block.label}-----\n${headers}${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

/** `input` as standard PEM text when it holds a PEM block, else unchanged. */
export function normalizePem(input: string): string {
  const block = readPemBlock(input);
  return block === undefined ? input : pemText(block);
}
