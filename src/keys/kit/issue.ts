/**
 * One key of a kit: an RSA key pair from node:crypto, a PKCS#10 CSR (SHA-256) and a self-signed
 * certificate, written by jsrsasign and signed by node:crypto (../x509-sign.ts, as the test PKI),
 * each with the key usages of its role.
 *
 * @see RFC 2986 (PKCS#10), RFC 5280 section 4.2.1.3 (keyUsage) and 4.2.1.12 (extKeyUsage)
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { rsaKeyPairAsync, utcTime } from '../certificates.js';
import { certificatePem, certificationRequestPem } from '../x509-sign.js';
import { ROLE_SPECS, type KitRole } from './roles.js';
import { slashForm, type Rdn } from './subject.js';

/** A key as a kit writes it: the private key stays in memory until written to private/. */
export interface IssuedKey {
  readonly role: KitRole;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly csr: string;
  readonly cert: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface IssueOptions {
  readonly role: KitRole;
  readonly bits: number;
  readonly days: number;
  readonly subject: readonly Rdn[];
  readonly now: Date;
}

function extensions(role: KitRole): unknown[] {
  const spec = ROLE_SPECS[role];
  const ext: unknown[] = [{ extname: 'keyUsage', critical: true, names: [...spec.keyUsage] }];
  if (spec.extKeyUsage.length > 0)
    ext.push({ extname: 'extKeyUsage', array: spec.extKeyUsage.map((name) => ({ name })) });
  return ext;
}

/** Makes the key pair (in the thread pool, so three keys are made side by side), CSR and certificate. */
export async function issueKitKey(options: IssueOptions): Promise<IssuedKey> {
  const { privateKey, publicKey, privatePem, publicPem } = await rsaKeyPairAsync(options.bits);
  const name = { str: slashForm(options.subject) };
  const csr = certificationRequestPem(
    { subject: name, sbjpubkey: publicPem, extreq: extensions(options.role) },
    privatePem,
  );
  // A minute in the past: a verifier whose clock is a little behind still accepts it.
  const notBefore = new Date(options.now.getTime() - 60_000);
  const notAfter = new Date(options.now.getTime() + options.days * 86_400_000);
  const cert = certificatePem(
    {
      version: 3,
      serial: { hex: `01${randomBytes(15).toString('hex')}` },
      issuer: name,
      subject: name,
      notbefore: utcTime(notBefore),
      notafter: utcTime(notAfter),
      sbjpubkey: publicPem,
      ext: [
        { extname: 'basicConstraints', critical: true, cA: false },
        ...extensions(options.role),
        // Key identifiers (RFC 5280 4.2.1.1-2, SHA-1 of the key): a verifier trusting several
        // self-signed certificates of one subject (a rotation) finds the right one by them.
        { extname: 'subjectKeyIdentifier', kid: publicPem },
        { extname: 'authorityKeyIdentifier', kid: publicPem },
      ],
    },
    privatePem,
  );
  return { role: options.role, privateKey, publicKey, csr, cert, notBefore, notAfter };
}

/** The private key as PKCS#8 PEM, encrypted (PBES2, AES-256-CBC: the Postman script reads it) when a passphrase is given. */
export function privateKeyPem(key: KeyObject, passphrase: string): string {
  return key.export(
    passphrase === ''
      ? { type: 'pkcs8', format: 'pem' }
      : { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  ) as string;
}
