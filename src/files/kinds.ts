/**
 * What kind of file a parsed JSON value is: the files ofm-postman reads and writes are told apart
 * by their shape, so a collection given as `--environment`, a `package.json` given as anything, or a
 * certificate list given as `--state` is refused before anything is sent, and `--out` never writes
 * over a file of another kind.
 */

/** The kinds of JSON file ofm-postman reads or writes. */
export type FileKind =
  'collection' | 'environment' | 'cert-list' | 'state' | 'iteration-data' | 'other';

/** How each kind is named to a person. */
export const KIND_NAMES: Readonly<Record<FileKind, string>> = {
  collection: 'a Postman collection',
  environment: 'a Postman environment',
  'cert-list': 'a certificate list (ofm-postman certs)',
  state: 'an ofm-postman state file',
  'iteration-data': 'a data file (a JSON array of rows)',
  other: 'not a file ofm-postman reads',
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isCollection(value: Record<string, unknown>): boolean {
  const info = value['info'];
  return (
    isObject(info) &&
    Array.isArray(value['item']) &&
    (typeof info['schema'] === 'string' || typeof info['_postman_id'] === 'string')
  );
}

function isEnvironment(value: Record<string, unknown>): boolean {
  const values = value['values'];
  return (
    Array.isArray(values) &&
    !('item' in value) &&
    !('savedAt' in value) &&
    values.every((v) => isObject(v) && typeof v['key'] === 'string')
  );
}

function isState(value: Record<string, unknown>): boolean {
  return (
    value['version'] === 1 && isObject(value['values']) && typeof value['savedAt'] === 'string'
  );
}

function isCertList(value: unknown[]): boolean {
  return (
    value.length > 0 &&
    value.every(
      (entry) =>
        isObject(entry) &&
        Array.isArray(entry['matches']) &&
        (isObject(entry['cert']) || isObject(entry['key']) || isObject(entry['pfx'])),
    )
  );
}

/** The kind of a parsed JSON document. */
export function kindOf(value: unknown): FileKind {
  if (Array.isArray(value)) {
    if (isCertList(value)) return 'cert-list';
    return value.every(isObject) ? 'iteration-data' : 'other';
  }
  if (!isObject(value)) return 'other';
  if (isCollection(value)) return 'collection';
  if (isState(value)) return 'state';
  if (isEnvironment(value)) return 'environment';
  return 'other';
}
