/**
 * Saved example responses. scripts/capture-examples.ts runs the journey against the local sandbox
 * and commits one scrubbed response per request in src/builder/examples/<auth_method>.json; the
 * builder reads those fixtures, so generation stays offline and deterministic. Postman's
 * documentation view and mock servers show these examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthMethod } from '../shared/variables.js';
import { PACKAGE_ROOT } from './paths.js';

/** What a signed (and encrypted) data response holds, decoded, for the request's documentation. */
export interface DecodedDataResponse {
  readonly jwsHeader: object;
  readonly jwsClaims: object;
  readonly jweHeader: object;
  readonly data: unknown;
}

/** One captured response, scrubbed. */
export interface CapturedResponse {
  readonly code: number;
  readonly status: string;
  readonly header: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  readonly decoded?: DecodedDataResponse;
}

/** Request name → its example. */
export type ExampleFixture = Readonly<Record<string, CapturedResponse>>;

export function exampleFixturePath(auth: AuthMethod): string {
  return join(PACKAGE_ROOT, 'src', 'builder', 'examples', `${auth}.json`);
}

export function readExampleFixture(auth: AuthMethod): ExampleFixture {
  return JSON.parse(readFileSync(exampleFixturePath(auth), 'utf8')) as ExampleFixture;
}

function previewLanguage(response: CapturedResponse): string {
  const type = response.header.find(([key]) => key.toLowerCase() === 'content-type')?.[1] ?? '';
  return /json/.test(type) ? 'json' : 'text';
}

/** A Postman response definition (v2.1.0) for `request`, with `example` as what came back. */
export function exampleResponse(id: string, request: object, example: CapturedResponse): object {
  return {
    id,
    name: `${example.code} ${example.status} (local sandbox)`,
    originalRequest: request,
    status: example.status,
    code: example.code,
    _postman_previewlanguage: previewLanguage(example),
    header: example.header.map(([key, value]) => ({ key, value })),
    cookie: [],
    body: example.body,
  };
}

const jsonBlock = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'];

/** Markdown that shows what the example's JWS carries and what its JWE decrypts to. */
export function decodedExampleMarkdown(decoded: DecodedDataResponse): string {
  return [
    '**Example response, decoded** (captured from the local sandbox, values scrubbed). The body is a compact JWS (`application/jose`) with this protected header:',
    '',
    ...jsonBlock(decoded.jwsHeader),
    '',
    'Its payload; `data` is a compact JWE encrypted to your encryption key:',
    '',
    ...jsonBlock(decoded.jwsClaims),
    '',
    'The JWE protected header:',
    '',
    ...jsonBlock(decoded.jweHeader),
    '',
    'What the folder script hands to the tests after verifying the JWS and decrypting the JWE:',
    '',
    ...jsonBlock(decoded.data),
  ].join('\n');
}
