/**
 * Client certificates and the extra CA, checked before anything is sent: each file is a file, the
 * certificate parses, the key opens with its passphrase, and the certificate was issued for that
 * key (`X509Certificate.checkPrivateKey`). Without this a mismatched pair goes out on the wire and
 * comes back as a TLS error that names the server's certificate.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { assertFile, readKind, readText, type PathSource } from '../../files/read.js';
import { assertCertificateCurrent } from '../../shared/certificate-validity.js';
import { OfmError, KeyError, UsageError } from '../../shared/errors.js';
import { io } from '../../files/io.js';

/** Where a warning line goes (stderr by default), and the clock certificates are judged by. */
export interface CertificateCheckOptions {
  readonly warn?: (line: string) => void;
  readonly now?: () => Date;
}

const stderrLine = (line: string) => {
  io.stderr.write(`ofm-postman: ${line}\n`);
};

/**
 * Refuses a certificate outside its validity period (a gateway would reset the handshake, and
 * the error would name neither the certificate nor its dates) and warns when it ends soon.
 */
export function checkCertificateDates(
  certificate: X509Certificate,
  label: string,
  options: CertificateCheckOptions = {},
): void {
  const subject = certificate.subject.split('\n').reverse().join(',');
  const warning = assertCertificateCurrent(
    {
      label: `${label} (${subject})`,
      notBefore: new Date(certificate.validFrom),
      notAfter: new Date(certificate.validTo),
    },
    (options.now ?? (() => new Date()))(),
  );
  if (warning !== undefined) (options.warn ?? stderrLine)(warning);
}

/** One client identity: PEM paths and the key's passphrase. */
export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
}

/** An entry of a newman certificate list (`--ssl-client-cert-list`). */
export interface CertListEntry {
  readonly name?: string;
  readonly matches: string[];
  readonly key?: { readonly src?: string };
  readonly cert?: { readonly src?: string };
  readonly pfx?: { readonly src?: string };
  readonly passphrase?: string;
}

/** Where the pair came from, for messages: flags, or a list entry. */
export interface PairSources {
  readonly cert: PathSource;
  readonly key: PathSource;
  /** What sets the passphrase: `--passphrase-file or OFM_TRANSPORT_KEY_PASSPHRASE`, … */
  readonly passphrase: string;
}

async function readCertificate(path: string, source: PathSource): Promise<X509Certificate> {
  const text = await readText(path, source);
  try {
    return new X509Certificate(text);
  } catch (cause) {
    throw new UsageError(
      'ERR_OFM_FILE_INVALID',
      `${source.what} (${source.from}) ${path} is not a PEM certificate.`,
      { cause, hint: `give ${source.from} the certificate (BEGIN CERTIFICATE), not the key` },
    );
  }
}

async function readClientKey(
  path: string,
  passphrase: string | undefined,
  sources: PairSources,
): Promise<KeyObject> {
  const text = await readText(path, sources.key);
  const encrypted = /BEGIN ENCRYPTED PRIVATE KEY|Proc-Type:\s*4,ENCRYPTED/.test(text);
  const label = `${sources.key.what} (${sources.key.from}) ${path}`;
  if (encrypted && !passphrase)
    throw new KeyError('ERR_OFM_KEY_PASSPHRASE_MISSING', `${label} is encrypted.`, {
      hint: `give its passphrase: ${sources.passphrase}`,
    });
  try {
    return createPrivateKey({ key: text, ...(encrypted ? { passphrase } : {}) });
  } catch (cause) {
    if (encrypted)
      throw new KeyError(
        'ERR_OFM_KEY_PASSPHRASE_WRONG',
        `${label} does not open with the passphrase.`,
        {
          cause,
          hint: `check the passphrase (${sources.passphrase})`,
        },
      );
    throw new KeyError('ERR_OFM_KEY_MALFORMED', `${label} is not a PEM private key.`, {
      cause,
      hint: `give ${sources.key.from} the private key of the client certificate`,
    });
  }
}

/** Checks that a certificate and key belong together. */
export async function checkClientPair(
  pair: ClientCertificate,
  sources: PairSources,
  options: CertificateCheckOptions = {},
): Promise<void> {
  const certificate = await readCertificate(pair.cert, sources.cert);
  const key = await readClientKey(pair.key, pair.passphrase, sources);
  if (!certificate.checkPrivateKey(key))
    throw new UsageError(
      'ERR_OFM_CERT_KEY_MISMATCH',
      `client certificate ${pair.cert} (${sources.cert.from}) was not issued for key ${pair.key} (${sources.key.from}).`,
    );
  checkCertificateDates(
    certificate,
    `${sources.cert.what} ${pair.cert} (${sources.cert.from})`,
    options,
  );
}

/** The `--cert`/`--key` pair. */
export function checkCertFlags(
  pair: ClientCertificate,
  options: CertificateCheckOptions = {},
): Promise<void> {
  return checkClientPair(
    pair,
    {
      cert: { what: 'client certificate', from: '--cert' },
      key: { what: 'client key', from: '--key' },
      passphrase: '--passphrase-file or OFM_TRANSPORT_KEY_PASSPHRASE',
    },
    options,
  );
}

/**
 * Reads a certificate list and checks every pair it names; a certificate about to expire is
 * named once, however many hosts it serves.
 */
export async function readCertList(
  path: string,
  options: CertificateCheckOptions = {},
): Promise<CertListEntry[]> {
  const from = `--cert-list ${path}`;
  const warned = new Set<string>();
  const entries = await readKind<CertListEntry[]>(path, 'cert-list', {
    what: 'certificate list',
    from: '--cert-list',
  });
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1} of ${from}`;
    const hint = 'fix the path in the list, or write it again with ofm-postman certs';
    const cert = entry.cert?.src;
    const warn = (line: string) => {
      if (cert !== undefined && !warned.has(cert)) (options.warn ?? stderrLine)(line);
      if (cert !== undefined) warned.add(cert);
    };
    if (cert !== undefined && entry.key?.src !== undefined)
      await checkClientPair(
        {
          cert,
          key: entry.key.src,
          ...(entry.passphrase ? { passphrase: entry.passphrase } : {}),
        },
        {
          cert: { what: 'client certificate', from: where },
          key: { what: 'client key', from: where },
          passphrase: `the "passphrase" of ${where}`,
        },
        { ...options, warn },
      ).catch((error: unknown) => {
        if (error instanceof OfmError && error.code === 'ERR_OFM_FILE_NOT_FOUND')
          throw new OfmError(error.code, error.message, { cause: error, hint });
        throw error;
      });
    else if (entry.pfx?.src !== undefined)
      await assertFile(entry.pfx.src, { what: 'PKCS#12 file', from: where }, hint);
  }
  return entries;
}

/** A client certificate given without its key checked here: it parses and is current. */
export async function checkCertificateFile(
  path: string,
  source: PathSource,
  options: CertificateCheckOptions = {},
): Promise<void> {
  const certificate = await readCertificate(path, source);
  checkCertificateDates(certificate, `${source.what} ${path} (${source.from})`, options);
}

/** The extra CA (`--ca`): a readable PEM certificate. */
export async function checkCa(path: string): Promise<void> {
  await readCertificate(path, { what: 'CA certificate', from: '--ca' });
}
