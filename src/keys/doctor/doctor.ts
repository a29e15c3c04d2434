/**
 * `ofm-postman doctor`: every check of a credential set, in one list of findings. The published
 * JWKS is fetched first, so an unreachable --jwks-uri stops the command before anything is
 * reported.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR } from '../kit/layout.js';
import { checkJwks } from './check-jwks.js';
import { checkKey, type KeyCheckContext } from './check-key.js';
import type { CredentialKey, CredentialSet } from './credential-set.js';
import { finding, summarise, type Finding } from './findings.js';
import { comparePublished, fetchJwks } from './published.js';

export interface DoctorOptions extends KeyCheckContext {
  readonly jwksUri?: string;
  /** PEM text of the CA that serves --jwks-uri. */
  readonly ca?: string;
}

async function kitFindings(set: CredentialSet): Promise<Finding[]> {
  if (set.kitDir === undefined) return [];
  const ignore = join(set.kitDir, PRIVATE_DIR, '.gitignore');
  return access(ignore).then(
    () => [],
    () => [
      finding(
        'warn',
        'PRIVATE_NOT_IGNORED',
        `${PRIVATE_DIR}/`,
        `${ignore} is missing: Git could add the private keys`,
      ),
    ],
  );
}

/** A rotation under way: a role with more than one key (kit sets only). */
function overlapFindings(set: CredentialSet): Finding[] {
  return (['transport', 'signing', 'encryption'] as const).flatMap((role) => {
    const keys = set.keys.filter((k) => k.role === role);
    if (keys.length < 2) return [];
    const name = (k: CredentialKey) => k.kid ?? k.label.slice(role.length + 1);
    const [current, old] = [keys.filter((k) => !k.retiring), keys.filter((k) => k.retiring)];
    const where = role === 'transport' ? 'both certificates are in the kit' : 'both are published';
    return [
      finding(
        'info',
        'ROTATION_OVERLAP',
        role,
        `${current.map(name).join(', ')} (new) and ${old.map(name).join(', ')} (old): ${where}; retire the old once PayNet has the new`,
      ),
    ];
  });
}

/** Runs every check; the result says whether the set is healthy. */
export async function runDoctor(set: CredentialSet, options: DoctorOptions) {
  const published =
    options.jwksUri === undefined ? undefined : await fetchJwks(options.jwksUri, options.ca);
  const findings: Finding[] = [];
  for (const key of set.keys) findings.push(...(await checkKey(key, options)));
  findings.push(
    ...(await checkJwks(set, options.passphrase)),
    ...overlapFindings(set),
    ...(await kitFindings(set)),
  );
  if (published !== undefined && options.jwksUri !== undefined)
    findings.push(...comparePublished(set, options.jwksUri, published.keys));
  return { findings, summary: summarise(findings) };
}
