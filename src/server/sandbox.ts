/**
 * The local FAPI 2.0 sandbox: one HTTPS listener on a loopback address that asks for a client
 * certificate (listener.ts), serving the authorization server (oidc-provider, provider.ts), the
 * PayNet-shaped resource server, the interaction step (auto-approving, or the login page with
 * `login: 'manual'`) and a redirect-URI callback that shows the code (router.ts).
 */
import type { JSONWebKeySet } from 'jose';
import { ServerError } from '../shared/errors.js';
import type { AuthMethod } from '../shared/variables.js';
import type { PkiManifest, PkiPaths } from '../keys/pki-files.js';
import { LOCAL_CLIENT_IDS, LOCAL_DC_ID } from '../shared/local-sandbox.js';
import { registeredRedirectUris } from './clients.js';
import { resolveSandboxConfig, type SandboxConfig } from './config.js';
import { ConsentStore } from './consents.js';
import { TEST_USER } from './fixtures.js';
import { createListener, issuerFor, listen } from './listener.js';
import { isMisbehaviour, SandboxRecord, type Misbehaviour } from './misbehave.js';
import { createProvider } from './provider.js';
import type { ProviderInputs } from './provider-config.js';
import { withKitClients } from './kit-client.js';
import { createRouter } from './router.js';
import { platformSigningKey, readSandboxPki } from './sandbox-keys.js';
import { MemoryStore } from './store.js';

export interface RunningSandbox {
  readonly issuer: string;
  readonly port: number;
  readonly config: Readonly<SandboxConfig>;
  readonly keys: PkiPaths;
  readonly manifest: PkiManifest;
  readonly clientIds: Readonly<Record<AuthMethod, string>>;
  readonly dcId: string;
  /** Redirect URIs every client has registered: the sandbox's `/callback`, then the loopback one. */
  readonly redirectUris: readonly string[];
  /** The fixed test user of the login page (`login: 'manual'`). */
  readonly testUser: { readonly username: string; readonly password: string };
  /** The platform's public signing key set (also served at /jwks). */
  readonly platformJwks: JSONWebKeySet;
  readonly store: MemoryStore;
  readonly consents: ConsentStore;
  /** What clients presented (codes, tokens) and were issued: tests show a refused token unused. */
  readonly record: SandboxRecord;
  /** The conformance-suite module now played. */
  readonly misbehaviour: Misbehaviour;
  /** Plays another module from the next request on (no restart). */
  setMisbehaviour(module: Misbehaviour): void;
  close(): Promise<void>;
}

/** Starts the sandbox. Refuses to start on bad configuration or missing keys. */
export async function startSandbox(
  input: Readonly<Record<string, unknown>> = {},
): Promise<RunningSandbox> {
  const config = resolveSandboxConfig(input);
  const testPki = await readSandboxPki(config.keysDir);
  const pki = config.kitDir === undefined ? testPki : await withKitClients(testPki, config.kitDir);
  const platform = await platformSigningKey();
  const store = new MemoryStore();
  const listener = createListener(pki, config.log);
  let port: number;
  try {
    port = await listen(listener.server, config.host, config.port);
  } catch (error) {
    store.close();
    throw error;
  }
  const issuer = issuerFor(config.host, port);
  const inputs: ProviderInputs = {
    issuer,
    config,
    clientJwks: pki.clientJwks,
    tlsClientSubjectDn: pki.manifest.transportSubjects.tls_client_auth,
    platformKey: { jwk: platform.jwk, key: platform.key },
    store,
    consents: new ConsentStore(),
    misbehaviour: { module: config.misbehave },
    record: new SandboxRecord(),
  };
  listener.route(createRouter(createProvider(inputs), inputs));
  const redirectUris = registeredRedirectUris(issuer, config);
  const testUser = { username: TEST_USER.username, password: TEST_USER.password };
  config.log({
    event: 'ready',
    issuer,
    port,
    pid: process.pid,
    login: config.login,
    redirect_uris: redirectUris,
    ...(config.login === 'manual' ? { test_user: testUser } : {}),
  });
  return {
    issuer,
    port,
    config,
    keys: pki.keys,
    manifest: pki.manifest,
    clientIds: LOCAL_CLIENT_IDS,
    dcId: LOCAL_DC_ID,
    redirectUris,
    testUser,
    platformJwks: { keys: [platform.publicJwk] } as JSONWebKeySet,
    store,
    consents: inputs.consents,
    record: inputs.record,
    get misbehaviour() {
      return inputs.misbehaviour.module;
    },
    setMisbehaviour(module: Misbehaviour) {
      if (!isMisbehaviour(module))
        throw new ServerError(
          'ERR_OFM_SANDBOX_CONFIG',
          `misbehave: ${String(module)} is not a module name.`,
        );
      inputs.misbehaviour.module = module;
      config.log({ event: 'misbehave', module });
    },
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        listener.server.closeAllConnections();
        listener.server.close(() => resolve());
      }),
  };
}
