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
  // RFC 1421 headers (legacy encrypted PKCS#1 only): kept so the caller can refuse them by name.
  const headers = inner.match(/^[A-Za-z-]+:[^\n]*$/gm) ?? [];
  const body = inner.replace(/^[A-Za-z-]+:[^\n]*$/gm, '');
  return { label, headers, body: body.replace(/\s+/g, '') };
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
