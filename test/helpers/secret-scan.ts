/**
 * What a run must keep out of its reports and logs, found by value: every code, request_uri and
 * token the local sandbox saw presented or issued (its in-memory record), any signed JWT (client
 * assertions, request objects, x-signatures, ID tokens, signed account data) and any private key.
 */
import type { SandboxRecord } from '../../src/server/misbehave.js';

/** A compact JWS whose header and payload are JSON objects: what every signed JWT here looks like. */
export const SIGNED_JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}/;

/** Every secret value the sandbox saw presented or issued since its record was cleared, by kind. */
export function secretsSeen(record: SandboxRecord): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  const add = (kind: string, value: string | undefined) => {
    if (value) byKind.set(kind, [...(byKind.get(kind) ?? []), value]);
  };
  for (const p of record.presented) add(p.kind, p.value);
  for (const i of record.issued) {
    add('access_token', i.accessToken);
    add('refresh_token', i.refreshToken);
    add('id_token', i.idToken);
  }
  return byKind;
}

/**
 * The kinds of secret found in `text`: the sandbox's values by kind (minus `except`), `signed JWT`,
 * `private key`. Empty when the text is clean.
 */
export function secretsIn(
  text: string,
  seen: Map<string, string[]>,
  except: readonly string[] = [],
): string[] {
  const found = [...seen]
    .filter(([kind, values]) => !except.includes(kind) && values.some((v) => text.includes(v)))
    .map(([kind]) => kind);
  if (SIGNED_JWT.test(text)) found.push('signed JWT');
  if (text.includes('PRIVATE KEY')) found.push('private key');
  return found;
}
