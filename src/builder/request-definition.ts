/**
 * A catalogue entry as a postman-collection request definition, in the collection of one client
 * authentication method.
 */
import type { RequestDefinition } from 'postman-collection';
import { CLIENT_ASSERTION_TYPE } from '../shared/client-assertion.js';
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { noteText, v, type CatalogueRequest } from './catalogue.js';

/**
 * The client-authentication parameters as the body shows them. The collection-level script replaces
 * every entry with one of these keys when the request is sent (never duplicating one), so the
 * placeholders only document what goes out, for people, code generators and other tools.
 */
function clientAuthBody(auth: AuthMethod): Array<readonly [string, string]> {
  return auth === 'private_key_jwt'
    ? [
        ['client_id', v(VAR.clientId)],
        ['client_assertion_type', CLIENT_ASSERTION_TYPE],
        ['client_assertion', v(VAR.clientAssertion)],
      ]
    : [['client_id', v(VAR.clientId)]];
}

/** The request `entry` describes: a form body ends with client authentication. */
export function requestDefinition(entry: CatalogueRequest, auth: AuthMethod): RequestDefinition {
  const form = entry.form;
  return {
    method: entry.method,
    url: entry.url,
    ...(entry.headers ? { header: entry.headers.map((header) => ({ ...header })) } : {}),
    ...(form
      ? {
          body: {
            mode: 'urlencoded',
            urlencoded: [...form, ...clientAuthBody(auth)].map(([key, value]) => ({ key, value })),
          },
        }
      : {}),
  } as RequestDefinition;
}

/** The request's documentation before its saved example: its description, then its note. */
export function requestDescription(entry: CatalogueRequest, auth: AuthMethod): string {
  return entry.note ? `${entry.description}\n\n${noteText(entry.note, auth)}` : entry.description;
}
