/** Builds minimal v2.1.0 collections around a built sandbox script, for tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DIST_PREREQUEST = join(
  import.meta.dirname,
  '..',
  '..',
  'dist',
  'postman',
  'prerequest.js',
);

/** The built pre-request script; `npm test` builds it first. */
export function readPrerequestScript(): string {
  return readFileSync(DIST_PREREQUEST, 'utf8');
}

export interface TestItem {
  name: string;
  method: string;
  url: string;
  urlencoded?: Array<{ key: string; value: string; disabled?: boolean }>;
  headers?: Array<{ key: string; value: string }>;
  tests?: string[];
}

/** A collection with `script` at collection level and the given requests. */
export function collectionWith(script: string, items: TestItem[]): object {
  return {
    info: {
      name: 'ofm-postman test',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    event: [
      { listen: 'prerequest', script: { type: 'text/javascript', exec: script.split('\n') } },
    ],
    item: items.map((item) => ({
      name: item.name,
      event: item.tests
        ? [{ listen: 'test', script: { type: 'text/javascript', exec: item.tests } }]
        : [],
      request: {
        method: item.method,
        url: item.url,
        header: item.headers ?? [],
        ...(item.urlencoded ? { body: { mode: 'urlencoded', urlencoded: item.urlencoded } } : {}),
      },
    })),
  };
}

/** Postman variable list from a plain record. */
export function variables(values: Record<string, string>): {
  values: Array<{ key: string; value: string }>;
} {
  return { values: Object.entries(values).map(([key, value]) => ({ key, value })) };
}
