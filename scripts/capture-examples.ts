/**
 * Captures one example response per request of each generated collection from a journey against
 * the local sandbox, scrubs every token, key and code out of it, and writes the committed fixtures
 * src/builder/examples/<auth_method>.json that the builder turns into saved examples. Run it after
 * a change to the sandbox's responses (`npx tsx scripts/capture-examples.ts`), then `npm run
 * generate`; generation itself stays offline and deterministic.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, decodeJwt, decodeProtectedHeader, importPKCS8 } from 'jose';
import newman from 'newman';
import { collectionFileName } from '../src/builder/collection.js';
import { buildEnvironment } from '../src/builder/environment.js';
import {
  exampleFixturePath,
  type CapturedResponse,
  type DecodedDataResponse,
} from '../src/builder/examples.js';
import { serialize } from '../src/builder/generate.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { localTarget } from '../src/builder/targets.js';
import { ensureTestKeys } from '../src/keys/test-pki.js';
import { buildCertList } from '../src/runner/cert-list.js';
import { startSandbox } from '../src/server/sandbox.js';
import { LOCAL_SANDBOX_DEFAULT_PORT } from '../src/shared/local-sandbox.js';
import { AUTH_METHODS, type AuthMethod, VAR } from '../src/shared/variables.js';

interface ResponseArgs {
  cursor?: { scriptId?: string };
  item?: { name: string };
  response?: {
    code: number;
    status: string;
    headers: { all(): Array<{ key: string; value: string }> };
    text(): string;
  };
}

/** The origin every example shows: the local sandbox's default, whatever port this run had. */
const SHOWN_ORIGIN = `https://127.0.0.1:${LOCAL_SANDBOX_DEFAULT_PORT}`;

/** Values that are credentials or one-time codes, by JSON key, and what replaces them. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  access_token: '<access_token>',
  refresh_token: '<refresh_token>',
  id_token: '<id_token: a PS256-signed JWT>',
  code: '<authorization code>',
  client_assertion: '<client_assertion>',
  request: '<request object>',
  n: '<RSA modulus, base64url>',
  d: '<private exponent>',
};
const COMPACT_JOSE = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_.-]*$/;

type DecryptionKey = Awaited<ReturnType<typeof importPKCS8>>;

const work = mkdtempSync(join(tmpdir(), 'ofm-examples-'));
try {
  const pki = await ensureTestKeys({ dir: join(work, 'keys') });
  const sandbox = await startSandbox({ port: 0, keysDir: pki.paths.dir, log: () => undefined });
  try {
    for (const auth of AUTH_METHODS) {
      const captured = await capture(auth, sandbox.issuer, pki);
      writeFileSync(exampleFixturePath(auth), serialize(captured));
      console.log(`${exampleFixturePath(auth)}: ${Object.keys(captured).length} examples`);
    }
  } finally {
    await sandbox.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function capture(
  auth: AuthMethod,
  origin: string,
  pki: Awaited<ReturnType<typeof ensureTestKeys>>,
): Promise<Record<string, CapturedResponse>> {
  const target = localTarget(origin);
  const collection = JSON.parse(
    readFileSync(join(PACKAGE_ROOT, 'collections', collectionFileName(auth)), 'utf8'),
  ) as object;
  const environment = buildEnvironment(target, auth, {
    [VAR.signingKid]: pki.manifest.signingKid,
    [VAR.signingPrivateKey]: readFileSync(pki.paths.signingKey, 'utf8'),
    [VAR.encryptionPrivateKey]: readFileSync(pki.paths.encryptionKey, 'utf8'),
  });
  const raw: Record<string, CapturedResponse> = {};
  const failures: string[] = [];
  await new Promise<void>((resolve, reject) => {
    newman
      .run(
        {
          collection: collection as never,
          environment: environment as never,
          envVar: [{ key: VAR.randomSeed, value: randomBytes(32).toString('hex') }],
          sslClientCertList: buildCertList(target, pki.paths.transport[auth]) as never,
          sslExtraCaCerts: pki.paths.caCert,
          reporters: [],
        } as never,
        (error) => (error ? reject(error) : resolve()),
      )
      .on('request', (error: Error | null, args: ResponseArgs) => {
        if (error || args.cursor?.scriptId !== undefined || !args.item || !args.response) return;
        // The first response of a request that runs more than once (pages, accounts) is its example.
        if (args.item.name in raw) return;
        raw[args.item.name] = {
          code: args.response.code,
          status: args.response.status,
          header: args.response.headers.all().map((h) => [h.key, h.value] as const),
          body: args.response.text(),
        };
      })
      .on('assertion', (error: Error | null, args: { assertion: string }) => {
        if (error) failures.push(`${args.assertion}: ${error.message}`);
      });
  });
  if (failures.length > 0) throw new Error(`the ${auth} journey failed:\n${failures.join('\n')}`);
  const decryptionKey = await importPKCS8(
    readFileSync(pki.paths.encryptionKey, 'utf8'),
    'RSA-OAEP-256',
  );
  const examples: Record<string, CapturedResponse> = {};
  for (const [name, response] of Object.entries(raw)) {
    examples[name] = await scrub(response, origin, decryptionKey);
  }
  return examples;
}

function scrubJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, k)]));
  }
  if (typeof value !== 'string') return value;
  if (key in PLACEHOLDERS) return PLACEHOLDERS[key];
  if (key === 'request_uri') return value.replace(/[^:]+$/, '<reference>');
  if (key === 'x5c') return '<certificate, base64 DER>';
  if (COMPACT_JOSE.test(value)) return '<compact JWS or JWE>';
  return value;
}

async function decodeDataResponse(jws: string, key: DecryptionKey): Promise<DecodedDataResponse> {
  const claims = decodeJwt(jws);
  const jwe = String(claims['data']);
  const { plaintext } = await compactDecrypt(jwe, key);
  const text = new TextDecoder().decode(plaintext);
  const data: unknown = COMPACT_JOSE.test(text) ? decodeJwt(text) : JSON.parse(text);
  return {
    jwsHeader: scrubJson(decodeProtectedHeader(jws)) as object,
    jwsClaims: { ...claims, data: '<compact JWE: the encrypted data>' },
    jweHeader: scrubJson(decodeProtectedHeader(jwe)) as object,
    data: scrubJson(data),
  };
}

async function scrub(
  response: CapturedResponse,
  origin: string,
  decryptionKey: DecryptionKey,
): Promise<CapturedResponse> {
  const text = response.body.split(origin).join(SHOWN_ORIGIN);
  let body = text;
  let decoded: DecodedDataResponse | undefined;
  if (COMPACT_JOSE.test(text.trim())) {
    // A signed data response: keep the envelope's protected header, leave out payload and
    // signature (the description shows the payload decoded).
    decoded = await decodeDataResponse(text.trim(), decryptionKey);
    body = `${text.split('.')[0]}.<payload: see the request's documentation>.<PS256 signature>`;
  } else if (text !== '') {
    try {
      body = JSON.stringify(scrubJson(JSON.parse(text)));
    } catch {
      body = text;
    }
  }
  const header = response.header.map(([key, value]) => {
    if (key.toLowerCase() === 'content-length')
      return [key, String(Buffer.byteLength(body))] as const;
    return [key, value.split(origin).join(SHOWN_ORIGIN)] as const;
  });
  return { ...response, header, body, ...(decoded ? { decoded } : {}) };
}
