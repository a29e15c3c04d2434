/**
 * The JWKS published at the client's jwks_uri, fetched (over a given CA) and compared with the
 * set's: every signing and encryption key must be there unchanged; a key the set does not have is
 * reported (another client's key, or one retired here but still published).
 */
import { request } from 'node:https';
import type { JWK } from 'jose';
import { ServerError, UsageError } from '../../shared/errors.js';
import type { CredentialSet } from './credential-set.js';
import { finding, type Finding } from './findings.js';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1_000_000;

function unreachable(url: string, why: string, cause?: unknown): ServerError {
  return new ServerError(
    'ERR_OFM_JWKS_UNREACHABLE',
    `--jwks-uri ${url} ${why}; nothing was compared.`,
    { cause },
  );
}

/** GETs the JWKS at an https URL; any failure is ERR_OFM_JWKS_UNREACHABLE (exit 3). */
export function fetchJwks(url: string, ca: string | undefined): Promise<{ keys: JWK[] }> {
  if (!/^https:\/\//i.test(url))
    return Promise.reject(
      new UsageError(
        'ERR_OFM_USAGE',
        `--jwks-uri ${url.slice(0, 100)} is not an https URL; nothing was sent.`,
        {
          hint: 'a jwks_uri is served over https: give its https URL',
        },
      ),
    );
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { accept: 'application/json' }, timeout: TIMEOUT_MS, ...(ca ? { ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) req.destroy(new Error('answer larger than 1 MB'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(unreachable(url, `answered HTTP ${res.statusCode ?? '?'}`));
          try {
            const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { keys?: unknown };
            if (!Array.isArray(value.keys)) throw new Error('no keys array');
            resolve(value as { keys: JWK[] });
          } catch (cause) {
            reject(unreachable(url, 'did not answer a JWKS', cause));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (cause) =>
      reject(unreachable(url, `cannot be reached (${cause.message})`, cause)),
    );
    req.end();
  });
}

/** Compares the published JWKS with the set's own. */
export function comparePublished(
  set: CredentialSet,
  url: string,
  published: readonly JWK[],
): Finding[] {
  const own = set.jwks?.keys ?? [];
  const found = own.map((jwk) => {
    const there = published.find((k) => k.kid === jwk.kid);
    const who = `kid ${jwk.kid ?? '-'}`;
    if (there === undefined)
      return finding('fail', 'PUBLISHED_MISSING_KEY', who, `${url} does not publish it`);
    if (there.n !== jwk.n || there.e !== jwk.e || there.use !== jwk.use)
      return finding(
        'fail',
        'PUBLISHED_KEY_DIFFERS',
        who,
        `${url} publishes another key (or use) under this kid`,
      );
    return finding('ok', 'PUBLISHED_MATCHES', who, `published at ${url}`);
  });
  for (const extra of published.filter((k) => !own.some((o) => o.kid === k.kid)))
    found.push(
      finding(
        'warn',
        'PUBLISHED_EXTRA_KEY',
        `kid ${extra.kid ?? '-'}`,
        `${url} publishes a key the set does not have`,
      ),
    );
  if (published.some((k) => ['d', 'p', 'q'].some((m) => m in k)))
    found.push(
      finding(
        'fail',
        'JWKS_PRIVATE_MEMBER',
        url,
        'the published JWKS carries private key members: replace those keys now',
      ),
    );
  return found;
}
