/** Runs the generated collections against an in-process local sandbox, for e2e tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectionFileName } from '../../src/builder/collection.js';
import { buildEnvironment } from '../../src/builder/environment.js';
import { localTarget } from '../../src/builder/targets.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { buildCertList } from '../../src/runner/cert-list.js';
import { runCollection, type RunOptions, type RunResult } from '../../src/runner/run.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';

/** What these helpers need of a sandbox: in this process or its own (`spawnSandbox`). */
type Sandbox = Pick<RunningSandbox, 'issuer'>;
import type { AuthMethod } from '../../src/shared/variables.js';
import { REPO_ROOT } from './paths.js';

export interface LocalRunOptions extends Partial<RunOptions> {
  readonly values?: Record<string, string>;
  /** Transport identity to present (default: the auth method's own). */
  readonly identity?: AuthMethod;
}

export function localEnvironment(
  sandbox: Sandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  values: Record<string, string> = {},
) {
  return buildEnvironment(localTarget(sandbox.issuer), auth, {
    signing_kid: pki.manifest.signingKid,
    signing_private_key: readFileSync(pki.paths.signingKey, 'utf8'),
    encryption_private_key: readFileSync(pki.paths.encryptionKey, 'utf8'),
    ...values,
  });
}

export function localCertList(sandbox: Sandbox, pki: EnsureKeysResult, identity: AuthMethod) {
  return buildCertList(localTarget(sandbox.issuer), pki.paths.transport[identity]);
}

export function runLocal(
  sandbox: Sandbox,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  options: LocalRunOptions = {},
): Promise<RunResult> {
  const { values, identity, ...rest } = options;
  return runCollection({
    collection: join(REPO_ROOT, 'collections', collectionFileName(auth)),
    environment: localEnvironment(sandbox, pki, auth, values),
    certList: localCertList(sandbox, pki, identity ?? auth),
    ca: pki.paths.caCert,
    reporters: [],
    ...rest,
  });
}
