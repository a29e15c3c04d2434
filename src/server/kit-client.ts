/**
 * The sandbox's clients with a credential kit's keys (`sandbox --kit DIR`): the kit's JWKS (every
 * published key, so both keys verify during a rotation), its transport certificates added to the
 * certificates the listener trusts (self-signed, as PayNet's sandbox accepts them), and their
 * subject for tls_client_auth. The journey then runs with the keys that will be sent to PayNet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { JWKS_FILE, keysOf, openKit, PUBLIC_DIR } from '../keys/kit/layout.js';
import type { SandboxPki } from './sandbox-keys.js';

/** The test PKI with the kit's client keys in place of its own. */
export async function withKitClients(pki: SandboxPki, kitDir: string): Promise<SandboxPki> {
  const manifest = await openKit(kitDir);
  const transport = await Promise.all(
    keysOf(manifest, 'transport').map((key) => readFile(join(kitDir, key.cert), 'utf8')),
  );
  const jwks = JSON.parse(
    await readFile(join(kitDir, PUBLIC_DIR, JWKS_FILE), 'utf8'),
  ) as JSONWebKeySet;
  const kid = (role: 'signing' | 'encryption') => keysOf(manifest, role)[0]?.kid ?? '';
  return {
    ...pki,
    caCert: [pki.caCert, ...transport].join('\n'),
    clientJwks: jwks,
    manifest: {
      ...pki.manifest,
      signingKid: kid('signing'),
      encryptionKid: kid('encryption'),
      transportSubjects: { private_key_jwt: manifest.subject, tls_client_auth: manifest.subject },
    },
  };
}
