/**
 * X.509 certificates and PKCS#10 certificate requests: jsrsasign writes the ASN.1, node:crypto
 * signs it (SHA256withRSA, RSASSA-PKCS1-v1_5). jsrsasign can sign too, in pure JavaScript: that
 * took 0.1-0.2 s a signature with a 2048-bit key and seconds with a 4096-bit one, for every
 * certificate of the test PKI and of an onboarding kit; OpenSSL takes about a millisecond.
 */
import { sign } from 'node:crypto';
import jsrsasign from 'jsrsasign';

/** jsrsasign's parameters of a certificate or a request (subject, key, extensions …). */
export type X509Params = Readonly<Record<string, unknown>>;

const SIGALG = 'SHA256withRSA';

function signatureHex(derHex: string, privateKeyPem: string): string {
  return sign('sha256', Buffer.from(derHex, 'hex'), privateKeyPem).toString('hex');
}

/** A certificate with `params` (without `cakey`), signed with the issuer's private key. */
export function certificatePem(params: X509Params, issuerKeyPem: string): string {
  const { x509 } = jsrsasign.KJUR.asn1;
  const full = { ...params, sigalg: SIGALG };
  const tbsobj = new x509.TBSCertificate(full as never);
  const sighex = signatureHex(tbsobj.getEncodedHex(), issuerKeyPem);
  return new x509.Certificate({ ...full, tbsobj, sighex } as never).getPEM();
}

/** A certificate request with `params` (without `sbjprvkey`), signed with the subject's key. */
export function certificationRequestPem(params: X509Params, subjectKeyPem: string): string {
  const { csr } = jsrsasign.KJUR.asn1;
  const full = { ...params, sigalg: SIGALG };
  const sighex = signatureHex(
    new csr.CertificationRequestInfo(full as never).getEncodedHex(),
    subjectKeyPem,
  );
  return new csr.CertificationRequest({ ...full, sighex } as never).getPEM();
}
