/**
 * Reads a discovery document from a URL or a file and turns it into a {@link Target}, so the
 * collections can be pointed at any FAPI 2.0 server, not only PayNet's.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { ENDPOINT_FIELDS, endpointsFromDiscovery } from '../shared/discovery.js';
import { jsonSyntaxProblem } from '../files/json-syntax.js';
import { ServerError, UsageError } from '../shared/errors.js';
import { VAR } from '../shared/variables.js';
import type { Target } from './targets.js';

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1_000_000;

/** Called with the answer's Date header and this machine's time when it arrived. */
export type ServerDateListener = (dateHeader: string | undefined, localMs: number) => void;

function fetchJson(
  url: string,
  ca: string | undefined,
  onServerDate?: ServerDateListener,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeout: TIMEOUT_MS,
        ...(ca ? { ca } : {}),
      },
      (res) => {
        onServerDate?.(res.headers.date, Date.now());
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) req.destroy(new Error('discovery document larger than 1 MB'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(
              new ServerError(
                'ERR_OFM_DISCOVERY_UNREACHABLE',
                `${url} answered HTTP ${res.statusCode ?? '?'}.`,
              ),
            );
          } else resolve(Buffer.concat(chunks).toString('utf8'));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (cause) =>
      reject(
        new ServerError(
          'ERR_OFM_DISCOVERY_UNREACHABLE',
          `${url} cannot be reached: ${cause.message}.`,
          { cause },
        ),
      ),
    );
    req.end();
  });
}

/** The raw discovery document from an https URL or a file path. */
export async function readDiscoveryDocument(
  source: string,
  ca?: string,
  onServerDate?: ServerDateListener,
): Promise<Record<string, unknown>> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    if (!/^https:\/\//i.test(source)) {
      throw new ServerError('ERR_OFM_DISCOVERY_INVALID', `${source} is not https.`, {
        hint: 'FAPI 2.0 servers publish discovery over https',
      });
    }
    text = await fetchJson(source, ca, onServerDate);
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (cause) {
      throw new UsageError('ERR_OFM_FILE_NOT_FOUND', `discovery file ${source} cannot be read.`, {
        cause,
      });
    }
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    const problem = await jsonSyntaxProblem(text);
    if (problem === undefined)
      throw new ServerError('ERR_OFM_DISCOVERY_INVALID', `${source} is not JSON.`, { cause });
    throw new ServerError(
      'ERR_OFM_DISCOVERY_INVALID',
      `${source}:${problem.line}:${problem.column} is not JSON (${problem.what}).`,
      { cause, hint: problem.hint },
    );
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ServerError('ERR_OFM_DISCOVERY_INVALID', `${source} is not a JSON object.`);
  }
  return doc as Record<string, unknown>;
}

/**
 * A target named `name` from a discovery document. `rsBaseUrl` defaults to the issuer (FAPI
 * discovery has no resource-server field); `assertionAudience` to the product default.
 */
export function targetFromDiscovery(
  doc: Record<string, unknown>,
  name: string,
  rsBaseUrl: string | undefined,
  assertionAudience = 'token_endpoint',
): Target {
  const issuer = doc['issuer'];
  if (typeof issuer !== 'string' || !/^https:\/\//.test(issuer)) {
    throw new ServerError('ERR_OFM_DISCOVERY_INVALID', 'the document has no https issuer.');
  }
  const endpoints = endpointsFromDiscovery(doc);
  const missing = ENDPOINT_FIELDS.filter((f) => f.required && endpoints[f.variable] === undefined);
  if (missing.length > 0) {
    throw new ServerError(
      'ERR_OFM_DISCOVERY_INVALID',
      `the document lacks ${missing.map((f) => f.field).join(', ')}.`,
    );
  }
  return {
    name,
    title: name,
    description: `Generated from the discovery document of ${issuer}.`,
    issuer,
    endpoints: { ...endpoints, [VAR.rsBaseUrl]: rsBaseUrl ?? issuer.replace(/\/+$/, '') },
    assertionAudience,
  };
}
