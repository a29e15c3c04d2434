/**
 * What the Postman script can read, checked on the Node side before a key goes into an
 * environment: Node reads more key formats than the script does (legacy `Proc-Type: 4,ENCRYPTED`
 * PEM, PKCS#5 v1 and PKCS#12 encryption, DES and other ciphers), and a key only Node can read would
 * fail later, at the first request, inside Postman or Newman. Such a key is refused with the
 * script's own code and the complete command that converts it once.
 *
 * @see src/postman/lib/private-key.ts, whose limits (src/shared/private-key-format.ts) this applies:
 * encrypted PKCS#8 with PBES2, PBKDF2 (HMAC-SHA-256 or HMAC-SHA-1, at most
 * {@link MAX_PBKDF2_ITERATIONS} iterations) and AES-CBC.
 */
import jsrsasign from 'jsrsasign';
import { KeyError } from '../shared/errors.js';
import { readPemBlock } from '../shared/pem.js';
import {
  AES_CBC_KEY_BYTES,
  MAX_PBKDF2_ITERATIONS,
  PKCS8_OID,
} from '../shared/private-key-format.js';

function shellWord(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Why the script cannot open this encrypted PKCS#8 key, or undefined when it can. */
function pkcs8EncryptionProblem(derHex: string): string | undefined {
  const { ASN1HEX } = jsrsasign;
  const at = (path: number[], tag: string): string | undefined => {
    try {
      const value = ASN1HEX.getVbyList(derHex, 0, path, tag);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined; // a missing element: the caller names what is absent
    }
  };
  if (at([0, 0], '06') !== PKCS8_OID.pbes2)
    return 'is encrypted with a PKCS#5 v1 or PKCS#12 scheme';
  if (at([0, 1, 0, 0], '06') !== PKCS8_OID.pbkdf2) return 'uses a key derivation other than PBKDF2';
  if (AES_CBC_KEY_BYTES[at([0, 1, 1, 0], '06') ?? ''] === undefined)
    return 'uses a cipher other than AES-CBC';
  const iterations = parseInt(at([0, 1, 0, 1, 1], '02') ?? '0', 16);
  if (!(iterations >= 1 && iterations <= MAX_PBKDF2_ITERATIONS))
    return `asks for ${iterations} PBKDF2 iterations`;
  // PBKDF2-params: salt, iterationCount, keyLength OPTIONAL, prf DEFAULT hmacWithSHA1.
  let prf: string = PKCS8_OID.hmacWithSha1;
  try {
    const params = ASN1HEX.getChildIdx(derHex, ASN1HEX.getIdxbyList(derHex, 0, [0, 1, 0, 1], '30'));
    for (const index of params.slice(2)) {
      if (derHex.slice(index, index + 2) === '30')
        prf = String(ASN1HEX.getVbyList(ASN1HEX.getTLV(derHex, index), 0, [0], '06'));
    }
  } catch {
    return 'has PBKDF2 parameters that cannot be read';
  }
  if (prf !== PKCS8_OID.hmacWithSha256 && prf !== PKCS8_OID.hmacWithSha1)
    return 'uses a PBKDF2 hash other than SHA-256 or SHA-1';
  return undefined;
}

/**
 * Refuses a key file the sandbox script cannot read although Node can, with the script's code and
 * the complete command that converts the file to encrypted PKCS#8 with the same passphrase.
 * openssl takes the passphrase from the process environment variable `passphraseEnv` (filled from
 * `passphraseFile` when one was given), so it never is on a command line.
 */
export function assertScriptCanRead(
  pemText: string,
  path: string,
  passphraseEnv: string,
  passphraseFile?: string,
): void {
  const block = readPemBlock(pemText);
  if (block === undefined) return; // not PEM at all: the Node-side parser reports that
  if (block.label === 'OPENSSH PRIVATE KEY')
    throw new KeyError(
      'ERR_OFM_KEY_UNSUPPORTED',
      `${path} is an OpenSSH key, which neither Node nor the Postman script reads.`,
      {
        hint: `convert a copy once to PKCS#8 (ssh-keygen rewrites the file it is given): cp ${shellWord(path)} ${shellWord(`${path}.pkcs8`)} && ssh-keygen -p -m PKCS8 -f ${shellWord(`${path}.pkcs8`)}`,
      },
    );
  let problem: string | undefined;
  if (block.headers.some((h) => /^Proc-Type:.*ENCRYPTED/i.test(h)))
    problem = 'uses legacy PEM encryption (Proc-Type: 4,ENCRYPTED)';
  else if (block.label === 'ENCRYPTED PRIVATE KEY')
    problem = pkcs8EncryptionProblem(Buffer.from(block.body, 'base64').toString('hex'));
  if (problem === undefined) return;
  const out = `${path.replace(/\.(pem|key)$/i, '')}.pkcs8.key`;
  const fromFile =
    passphraseFile === undefined ? '' : `${passphraseEnv}="$(cat ${shellWord(passphraseFile)})" `;
  throw new KeyError(
    'ERR_OFM_KEY_UNSUPPORTED',
    `${path} ${problem}, which the Postman script cannot read.`,
    {
      hint: `convert it once to encrypted PKCS#8 with the same passphrase and use the new file: ${fromFile}openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in ${shellWord(path)} -out ${shellWord(out)} -passin env:${passphraseEnv} -passout env:${passphraseEnv}`,
    },
  );
}
