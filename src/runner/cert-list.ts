/**
 * Newman `--ssl-client-cert-list` files: every OFP host of a target mapped to the transport
 * certificate. Certificate-bound tokens need the same certificate on the token call and on every
 * resource call, so every host gets the same identity.
 */
import type { Target } from '../builder/targets.js';
import { ENDPOINT_FIELDS } from '../shared/discovery.js';
import { VAR } from '../shared/variables.js';

/** Variables whose hosts the client reaches over mTLS: back-channel endpoints and the RS. */
const MTLS_VARIABLES: ReadonlySet<string> = new Set([
  ...ENDPOINT_FIELDS.filter((f) => f.mtls).map((f) => f.variable),
  VAR.rsBaseUrl,
]);

export interface CertListEntry {
  name: string;
  matches: string[];
  key: { src: string };
  cert: { src: string };
  passphrase?: string;
}

/**
 * Distinct `https://host[:port]` origins of a target's OFP hosts: the issuer, the back-channel
 * endpoints (mTLS aliases included, as discovery resolved them) and the resource server. The JWKS
 * host (PayNet's is on S3) takes no client certificate.
 */
export function targetOrigins(target: Target): string[] {
  const origins = new Set<string>();
  const urls = Object.entries(target.endpoints)
    .filter(([name]) => MTLS_VARIABLES.has(name))
    .map(([, url]) => url);
  for (const url of [target.issuer, ...urls]) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:') origins.add(parsed.origin);
    } catch {
      // Not a URL (an unset placeholder): nothing to match.
    }
  }
  return [...origins].sort();
}

/** One entry per origin, all with the same certificate and key paths. */
export function buildCertList(
  target: Target,
  files: { cert: string; key: string; passphrase?: string },
): CertListEntry[] {
  return targetOrigins(target).map((origin) => ({
    name: `${target.name} ${new URL(origin).host}`,
    matches: [`${origin}/*`],
    key: { src: files.key },
    cert: { src: files.cert },
    ...(files.passphrase ? { passphrase: files.passphrase } : {}),
  }));
}

/** The Postman app's certificate settings for the same hosts, as steps to print. */
export function postmanCertificateSteps(
  target: Target,
  files: { cert: string; key: string },
): string[] {
  const hosts = targetOrigins(target).map((origin) => new URL(origin));
  return [
    'In the Postman app: Settings › Certificates › Client certificates › Add certificate, once per host:',
    ...hosts.map(
      (url) =>
        `  Host ${url.hostname}  Port ${url.port || '443'}  CRT file ${files.cert}  KEY file ${files.key}`,
    ),
    'Add the passphrase there if the key is encrypted. Certificates are app settings: they never travel in a collection or environment.',
  ];
}
