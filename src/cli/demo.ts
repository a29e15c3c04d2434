/**
 * The one-command demo: test keys, the local sandbox on a free port, private environments and
 * certificate lists for it, both collections through the runner, a summary, and a clean stop.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { collectionFileName } from '../builder/collection.js';
import { PACKAGE_ROOT } from '../builder/paths.js';
import { ensurePrivateFolder } from '../files/private-folder.js';
import { writePrivateEnvironment, writePrivateFile } from '../builder/private-environment.js';
import { serialize } from '../builder/generate.js';
import { localTarget } from '../builder/targets.js';
import { DEFAULT_KEYS_DIR, ensureTestKeys } from '../keys/test-pki.js';
import { AUTH_METHODS } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { buildCertList } from '../runner/cert-list.js';
import type { Execution } from '../runner/record.js';
import { runCollection, type RunResult } from '../runner/run.js';

export interface DemoOptions {
  /** Folder that receives .ofm/ (keys, demo files, reports). */
  readonly baseDir: string;
  /** Called when a request has finished; `mask` hides the run's secrets. */
  readonly onExecution?: (
    label: string,
    execution: Execution,
    mask: (text: string) => string,
  ) => void;
  /** Colour Newman's cli reporter (not used by default). */
  readonly color?: boolean;
  readonly onStatus?: (line: string) => void;
}

export interface DemoResult {
  readonly issuer: string;
  readonly runs: Array<{ label: string; result: RunResult }>;
  readonly reportDir: string;
  readonly sandboxLog: string;
  readonly ok: boolean;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const base = resolve(options.baseDir);
  const status = options.onStatus ?? (() => undefined);
  const demoDir = join(base, '.ofm', 'demo');
  const reportDir = join(base, '.ofm', 'reports');
  await ensurePrivateFolder(demoDir);
  const sandboxLog = join(demoDir, 'sandbox.log');

  const keys = await ensureTestKeys({ dir: join(base, DEFAULT_KEYS_DIR) });
  status(`${keys.created ? 'created' : 'reusing'} test keys in ${keys.paths.dir}`);
  // Loaded here: it pulls in oidc-provider.
  const { startSandbox } = await import('../server/sandbox.js');
  const sandbox = await startSandbox({
    port: 0,
    keysDir: keys.paths.dir,
    log: (event: Record<string, unknown>) =>
      appendFileSync(
        sandboxLog,
        `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`,
      ),
  });
  status(`local FAPI 2.0 sandbox at ${sandbox.issuer} (log: ${sandboxLog})`);
  const runs: Array<{ label: string; result: RunResult }> = [];
  try {
    const target = localTarget(sandbox.issuer);
    const signingKeyPem = await readFile(keys.paths.signingKey, 'utf8');
    for (const auth of AUTH_METHODS) {
      const envPath = join(demoDir, `local.${auth}.private.postman_environment.json`);
      const environment = await writePrivateEnvironment(
        envPath,
        target,
        auth,
        {
          [VAR.signingKid]: keys.manifest.signingKid,
          [VAR.signingPrivateKey]: signingKeyPem,
          [VAR.encryptionPrivateKey]: await readFile(keys.paths.encryptionKey, 'utf8'),
        },
        { from: 'the demo folder' },
      );
      const certListPath = join(demoDir, `local.${auth}.cert-list.json`);
      await writePrivateFile(
        certListPath,
        serialize(buildCertList(target, keys.paths.transport[auth])),
        { kind: 'cert-list', from: 'the demo folder' },
      );
      status(`running ${collectionFileName(auth)} (environment ${envPath})`);
      const result = await runCollection({
        collection: join(PACKAGE_ROOT, 'collections', collectionFileName(auth)),
        environment,
        certList: certListPath,
        ca: keys.paths.caCert,
        reporters: ['junit', 'json', 'html'],
        reportDir,
        label: auth,
        onExecution: (execution, mask) => options.onExecution?.(auth, execution, mask),
      });
      runs.push({ label: auth, result });
    }
  } finally {
    await sandbox.close();
  }
  return {
    issuer: sandbox.issuer,
    runs,
    reportDir,
    sandboxLog,
    ok: runs.every((r) => r.result.ok),
  };
}
