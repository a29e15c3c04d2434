/**
 * The local FAPI 2.0 sandbox: one HTTPS listener on a loopback address that asks for a client
 * certificate, serving the authorization server (oidc-provider), the PayNet-shaped resource
 * server, the interaction step (auto-approving, or the login page with `login: 'manual'`) and a
 * redirect-URI callback that shows the code.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, type JSONWebKeySet, type JWK } from 'jose';
import { ServerError, UsageError } from '../shared/errors.js';
import type { AuthMethod } from '../shared/variables.js';
import { pkiPaths, readManifest, type PkiManifest, type PkiPaths } from '../keys/test-pki.js';
import { resolveSandboxConfig, type SandboxConfig } from './config.js';
import { ConsentStore } from './consents.js';
import { LOCAL_CLIENT_IDS, LOCAL_DC_ID } from '../shared/local-sandbox.js';
import {
  approveInteraction,
  createProvider,
  registeredRedirectUris,
  type ProviderInputs,
} from './provider.js';
import { createLoginPage } from './login-page.js';
import { TEST_USER } from './fixtures.js';
import { isMisbehaviour, SandboxRecord, type Misbehaviour } from './misbehave.js';
import { handleResourceRequest, isResourcePath, type TokenInfo } from './resource-server.js';
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

async function platformSigningKey(): Promise<{ jwk: JWK; key: KeyObject; publicJwk: JWK }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const { kty, n, e } = jwk;
  const kid = await calculateJwkThumbprint({ kty, n, e } as JWK, 'sha256');
  return {
    jwk: { ...jwk, kid, alg: 'PS256', use: 'sig' },
    key: privateKey,
    publicJwk: { kty, n, e, kid, alg: 'PS256', use: 'sig' },
  };
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new ServerError('ERR_OFM_PORT_IN_USE', `port ${port} on ${host} is already in use.`)
          : new ServerError(
              'ERR_OFM_SANDBOX_CONFIG',
              `cannot listen on ${host}:${port}: ${error.message}.`,
              { cause: error },
            ),
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the sandbox. Refuses to start on bad configuration or missing keys. */
export async function startSandbox(
  input: Readonly<Record<string, unknown>> = {},
): Promise<RunningSandbox> {
  const config = resolveSandboxConfig(input);
  const manifest = await readManifest(config.keysDir);
  if (manifest === undefined) {
    throw new UsageError('ERR_OFM_KEYS_MISSING', `no test keys in ${config.keysDir}.`, {
      hint: 'run ofm-postman keys (or pass --keys DIR)',
    });
  }
  const keys = pkiPaths(config.keysDir);
  const [serverKey, serverCert, ca, jwksText] = await Promise.all([
    readFile(keys.serverKey, 'utf8'),
    readFile(keys.serverCert, 'utf8'),
    readFile(keys.caCert, 'utf8'),
    readFile(keys.jwks, 'utf8'),
  ]);
  createPrivateKey(serverKey); // fail early on a damaged key file
  const clientJwks = JSON.parse(jwksText) as JSONWebKeySet;
  const platform = await platformSigningKey();
  const store = new MemoryStore();
  const consents = new ConsentStore();
  const record = new SandboxRecord();
  const misbehaviour = { module: config.misbehave };

  let handler: (
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = createServer(
    {
      key: serverKey,
      cert: serverCert,
      ca,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (req, res) => handler(req, res),
  );
  let port: number;
  try {
    port = await listen(server, config.host, config.port);
  } catch (error) {
    store.close();
    throw error;
  }
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const issuer = `https://${hostForUrl}:${port}`;
  const inputs: ProviderInputs = {
    issuer,
    config,
    clientJwks,
    tlsClientSubjectDn: manifest.transportSubjects.tls_client_auth,
    platformKey: { jwk: platform.jwk, key: platform.key },
    store,
    consents,
    misbehaviour,
    record,
  };
  const provider = createProvider(inputs);
  const callback = provider.callback();
  const loginPage = config.login === 'manual' ? createLoginPage(provider, inputs) : undefined;
  const redirectUris = registeredRedirectUris(issuer, config);
  const testUser = { username: TEST_USER.username, password: TEST_USER.password };
  const knownClients = new Set(Object.values(LOCAL_CLIENT_IDS));
  const seenSignatureJtis = new Map<string, number>();

  async function introspect(token: string): Promise<TokenInfo | undefined> {
    const found =
      (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
    if (found === undefined || found.isExpired) return undefined;
    const model = found as unknown as {
      clientId: string;
      scope?: string;
      'x5t#S256'?: string;
      rar?: Array<{ consent?: { consent_id?: string } }>;
    };
    return {
      clientId: model.clientId,
      scopes: new Set((model.scope ?? '').split(' ').filter(Boolean)),
      certThumbprint: model['x5t#S256'],
      consentId: model.rar?.find((d) => d.consent?.consent_id)?.consent?.consent_id,
    };
  }

  handler = (req, res) => {
    // The sandbox's own clock (the CLI's --clock-offset shifts it), which clients may learn from.
    res.setHeader('date', new Date(Date.now()).toUTCString());
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (isResourcePath(path)) {
      const bearer = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer !== undefined) record.present({ kind: 'access_token', value: bearer, path });
      void handleResourceRequest(req, res, {
        rsBaseUrl: issuer,
        introspect,
        clientJwks: (clientId) => (knownClients.has(clientId) ? clientJwks : undefined),
        clientDcId: (clientId) => (knownClients.has(clientId) ? LOCAL_DC_ID : undefined),
        consents,
        signingKey: platform.key,
        signingKid: platform.jwk.kid as string,
        jwePayload: config.jwePayload,
        revokeGrant: async (grantId) => {
          store.deleteGrant(grantId);
          await (await provider.Grant.find(grantId))?.destroy();
        },
        seenSignatureJtis,
        log: config.log,
      });
      return;
    }
    if (loginPage !== undefined && path.startsWith('/interaction/')) {
      void loginPage.handle(req, res);
      return;
    }
    if (req.method === 'GET' && path.startsWith('/interaction/')) {
      approveInteraction(provider, inputs, req, res).catch(
        (error: Error & { error?: string; error_description?: string }) => {
          config.log({
            event: 'interaction.error',
            error: error.error ?? error.name,
            detail: error.error_description ?? error.message,
          });
          res.writeHead(400, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              error: error.error ?? 'invalid_request',
              error_description: error.error_description ?? error.message,
            }),
          );
        },
      );
      return;
    }
    if (req.method === 'GET' && path === '/callback') {
      // The registered redirect URI: shows what the authorization response carried.
      const params = Object.fromEntries(new URL(req.url ?? '/', issuer).searchParams);
      res
        .writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
        })
        .end(JSON.stringify(params));
      return;
    }
    callback(req, res);
  };

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
    keys,
    manifest,
    clientIds: LOCAL_CLIENT_IDS,
    dcId: LOCAL_DC_ID,
    redirectUris,
    testUser,
    platformJwks: { keys: [platform.publicJwk] } as JSONWebKeySet,
    store,
    consents,
    record,
    get misbehaviour() {
      return misbehaviour.module;
    },
    setMisbehaviour(module: Misbehaviour) {
      if (!isMisbehaviour(module))
        throw new ServerError(
          'ERR_OFM_SANDBOX_CONFIG',
          `misbehave: ${String(module)} is not a module name.`,
        );
      misbehaviour.module = module;
      config.log({ event: 'misbehave', module });
    },
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
