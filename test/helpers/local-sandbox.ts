/** One local sandbox for a test file: test keys in a temp folder, the sandbox on port 0, its log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ensureTestKeys, type EnsureKeysResult } from '../../src/keys/test-pki.js';
import { startSandbox, type RunningSandbox } from '../../src/server/sandbox.js';

export interface LocalSandbox {
  readonly dir: string;
  pki: EnsureKeysResult;
  sandbox: RunningSandbox;
  /** Every event the sandbox logged, in order. */
  readonly logs: Array<Record<string, unknown>>;
}

/** Registers before/after hooks that start and stop a sandbox; the fields fill in `before`. */
export function useLocalSandbox(prefix: string): LocalSandbox {
  const context = {
    dir: mkdtempSync(join(tmpdir(), prefix)),
    logs: [] as Array<Record<string, unknown>>,
  } as LocalSandbox;
  before(async () => {
    context.pki = await ensureTestKeys({ dir: join(context.dir, 'keys') });
    context.sandbox = await startSandbox({
      port: 0,
      keysDir: context.pki.paths.dir,
      log: (e: Record<string, unknown>) => context.logs.push(e),
    });
  });
  after(async () => {
    await context.sandbox?.close();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}
