/** Reading PEM text as users paste it: pure, shared by the sandbox script and the CLI. */

export interface PemBlock {
  readonly label: string;
  readonly headers: string[];
  readonly body: string;
}

/**
 * Finds the first PEM block. Tolerates what copying into a Postman variable does to a PEM: literal
 * `\n` sequences, CRLF, and line breaks turned into spaces.
 */
export function readPemBlock(input: string): PemBlock | undefined {
  const text = input.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\r\n?/g, '\n');
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (match === null) return undefined;
  const label = match[1] as string;
  const inner = (match[2] as string).trim();
  const headers: string[] = [];
  let body = inner;
  // RFC 1421 headers (legacy encrypted PKCS#1): "Name: value" lines, then an empty line.
  const headerMatch = /^((?:[A-Za-z-]+:[^\n]*\n)+)\n?([\s\S]*)$/.exec(inner);
  if (headerMatch !== null) {
    headers.push(...(headerMatch[1] as string).trim().split('\n'));
    body = headerMatch[2] as string;
  } else if (/^Proc-Type:/.test(inner)) {
    // Headers flattened onto one line by a copy: split them back apart.
    const flat = /^Proc-Type:\s*(\S+)\s+DEK-Info:\s*(\S+)\s+([\s\S]*)$/.exec(inner);
    if (flat !== null) {
      headers.push(`Proc-Type: ${flat[1] as string}`, `DEK-Info: ${flat[2] as string}`);
      body = flat[3] as string;
    }
  }
  return { label, headers, body: body.replace(/\s+/g, '') };
}

export function pemFromBlock(block: PemBlock): string {
  const lines = block.body.match(/.{1,64}/g) ?? [];
  const head = block.headers.length > 0 ? `${block.headers.join('\n')}\n\n` : '';
  return `-----BEGIN ${block.label}-----\n${head}${lines.join('\n')}\n-----END ${block.label}-----\n`;
}

/** PEM labels that hold no private key, with what they are. */
export const NOT_PRIVATE_LABELS: Readonly<Record<string, string>> = {
  CERTIFICATE: 'a certificate',
  'TRUSTED CERTIFICATE': 'a certificate',
  'X509 CERTIFICATE': 'a certificate',
  'PUBLIC KEY': 'a public key',
  'RSA PUBLIC KEY': 'a public key',
  'CERTIFICATE REQUEST': 'a certificate request',
  'NEW CERTIFICATE REQUEST': 'a certificate request',
};
