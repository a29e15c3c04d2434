/**
 * The sandbox's replay records under load, for `npm run bench`: an in-process sandbox answers a
 * private_key_jwt token request, then 1,100 client-credentials requests over mTLS (past the
 * ~1,000 entries of oidc-provider's own LRU adapter, which would drop the first request's replay
 * record), then the first request again, which must still be refused as a replay. The tests check
 * the same with the store itself (test/server/store.test.ts) and a few real requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestKeys } from '../src/keys/test-pki.js';
import { readPrivateKey } from '../src/keys/test-pki.js';
import { startSandbox } from '../src/server/sandbox.js';
import { ASSERTION_TYPE, clientAssertion, FapiClient } from '../test/helpers/fapi-client.js';
import { identityFrom } from '../test/helpers/http-client.js';

export const LOAD_REQUESTS = 1100;

export interface StoreLoadFigures {
  readonly requests: number;
  readonly msPerRequest: number;
  readonly storeSize: number;
  /** The early assertion's second use was refused (401): the replay record survived. */
  readonly replayRefused: boolean;
}

/** Runs the load against a sandbox on the keys in `work/keys-load`; throws if any request fails. */
export async function storeLoadFigures(work: string): Promise<StoreLoadFigures> {
  const pki = await ensureTestKeys({ dir: join(work, 'keys-load') });
  const sandbox = await startSandbox({ port: 0, keysDir: pki.paths.dir, log: () => undefined });
  try {
    const client = new FapiClient(sandbox.issuer, readFileSync(pki.paths.caCert, 'utf8'));
    const id = (auth: 'private_key_jwt' | 'tls_client_auth') =>
      identityFrom(pki.paths.transport[auth].cert, pki.paths.transport[auth].key);
    const clientId = sandbox.clientIds.private_key_jwt;
    const early = {
      grant_type: 'client_credentials',
      scope: 'accounts',
      client_id: clientId,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await clientAssertion(
        clientId,
        await readPrivateKey(pki.paths.signingKey),
        {
          aud: sandbox.issuer,
          kid: pki.manifest.signingKid,
        },
      ),
    };
    const first = await client.request('/token', { identity: id('private_key_jwt'), form: early });
    if (first.status !== 200) throw new Error(`the first token request failed: ${first.text}`);
    const started = process.hrtime.bigint();
    for (let i = 0; i < LOAD_REQUESTS; i++) {
      const res = await client.request('/token', {
        identity: id('tls_client_auth'),
        form: {
          grant_type: 'client_credentials',
          scope: 'accounts',
          client_id: sandbox.clientIds.tls_client_auth,
        },
      });
      if (res.status !== 200) throw new Error(`request ${i} failed: ${res.status} ${res.text}`);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const replay = await client.request('/token', { identity: id('private_key_jwt'), form: early });
    return {
      requests: LOAD_REQUESTS,
      msPerRequest: Math.round((ms / LOAD_REQUESTS) * 100) / 100,
      storeSize: sandbox.store.size,
      replayRefused: replay.status === 401,
    };
  } finally {
    await sandbox.close();
  }
}
