/**
 * What part of a collection a run covers: `--folder` names matched against the collection's own
 * names (walked with postman-collection's API), and the iteration count.
 */
import { createRequire } from 'node:module';
import type {
  Collection as CollectionClass,
  Item as ItemClass,
  ItemGroup as ItemGroupClass,
} from 'postman-collection';
import { UsageError } from '../../shared/errors.js';

/** postman-collection, loaded on first use: `--help` must not pay for it. */
function sdk(): { Collection: typeof CollectionClass; ItemGroup: typeof ItemGroupClass } {
  return createRequire(import.meta.url)('postman-collection') as {
    Collection: typeof CollectionClass;
    ItemGroup: typeof ItemGroupClass;
  };
}

/**
 * The SDK's reading of a collection the run read from its file, made once: building it copies
 * and parses every item (scripts, URLs, descriptions: ~15 ms for a generated collection), and one
 * run asks for it up to three times and once per planned skip (folders, recorder, unattended
 * plan, methods). Only such JSON is kept ({@link readOnlyCollection}): no one else holds it, so
 * it cannot change under the kept reading. A collection object a caller passed is read anew.
 */
const parsed = new WeakMap<object, CollectionClass | undefined>();

/** Marks collection JSON the run read itself (and no one changes): its reading may be kept. */
export function readOnlyCollection<T extends object>(json: T): T {
  parsed.set(json, undefined);
  return json;
}

function collectionOf(json: object): CollectionClass {
  const kept = parsed.get(json);
  if (kept !== undefined) return kept;
  const collection = new (sdk().Collection)(json as never);
  if (parsed.has(json)) parsed.set(json, collection);
  return collection;
}

/** The names of a collection's folders and requests, in order. */
export function collectionNames(collection: object): { folders: string[]; requests: string[] } {
  const sdk = collectionOf(collection);
  const folders: string[] = [];
  const requests: string[] = [];
  sdk.forEachItemGroup((group) => folders.push(group.name ?? ''));
  sdk.forEachItem((item) => requests.push(item.name ?? ''));
  return { folders, requests };
}

/**
 * Visits every request of a collection in order with the names of the folders it sits in,
 * outermost first (postman-collection's own walk; ids are the SDK's when the JSON has none).
 */
export function forEachRequest(
  collection: object,
  visit: (request: { readonly id: string; readonly name: string }, folders: string[]) => void,
): void {
  const walk = (group: ItemGroupClass<ItemClass>, folders: string[]): void =>
    group.items.each((child: ItemClass | ItemGroupClass<ItemClass>) => {
      if (sdk().ItemGroup.isItemGroup(child))
        walk(child as ItemGroupClass<ItemClass>, [...folders, child.name ?? '']);
      else visit({ id: child.id, name: child.name ?? '' }, folders);
    });
  walk(collectionOf(collection), []);
}

/** The HTTP method of the request called `name` ('' when there is none). */
export function methodOf(collection: object, name: string): string {
  let found = '';
  collectionOf(collection).forEachItem((item) => {
    if (found === '' && item.name === name) found = item.request?.method ?? 'GET';
  });
  return found;
}

const withoutNumber = (name: string) =>
  name
    .replace(/^\d+\.\s*/, '')
    .trim()
    .toLowerCase();

/**
 * The collection's own names for `--folder` values: exact names pass, and a name without its
 * number prefix (`Discovery` for `1. Discovery`) or in another case finds the one it means. An
 * unknown or ambiguous name is a usage error that lists the names there are.
 */
export function resolveFolders(collection: object, wanted: readonly string[]): string[] {
  const { folders, requests } = collectionNames(collection);
  const all = [...folders, ...requests];
  return wanted.map((name) => {
    if (all.includes(name)) return name;
    const matches = [...new Set(all.filter((n) => withoutNumber(n) === withoutNumber(name)))];
    if (matches.length === 1) return matches[0] as string;
    throw new UsageError(
      'ERR_OFM_USAGE',
      matches.length > 1
        ? `--folder "${name}" matches ${matches.map((m) => `"${m}"`).join(' and ')}.`
        : `--folder "${name}" is not in the collection; folders: ${folders.join(', ')}; requests: ${requests.join(', ')}.`,
      { hint: 'name a folder or request as listed (the number prefix may be left out)' },
    );
  });
}

/** `--iterations`: a whole number of at least 1. */
export function checkIterations(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(
      'ERR_OFM_USAGE',
      `--iterations must be a whole number of 1 or more, not "${String(value)}".`,
      { hint: 'e.g. --iterations 3' },
    );
  return n;
}
