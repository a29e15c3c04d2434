/**
 * Postman's property lists (headers, query, urlencoded form) over Bruno's plain values: each list
 * reads its items afresh and writes every change back, so the request Bruno sends is the one the
 * scripts edited.
 */

type Item = PmKeyValue;

/** A PmPropertyList over `read`, with `write` given the whole new list after each change. */
export function listOver(read: () => Item[], write: (items: Item[]) => void): PmPropertyList<Item> {
  const find = (key: string) => read().find((i) => i.key.toLowerCase() === key.toLowerCase());
  return {
    has: (key) => find(key) !== undefined,
    get: (key) => find(key)?.value,
    add: (item) => write([...read(), { key: item.key, value: item.value }]),
    remove: (predicate) => write(read().filter((i) => !predicate(i))),
    each: (fn) => read().forEach(fn),
    all: () => read(),
  };
}

/** Header objects (name → value) as items; a value that is not a string is written as JSON. */
export function itemsOf(record: Record<string, unknown> | undefined): Item[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({
    key,
    value: typeof value === 'string' ? value : String(value),
  }));
}

/**
 * The request's headers. Changes go one header at a time (req.setHeaders would drop the rest), and
 * removals wait for `flush()`: Bruno drops a deleted header from the request it sends even when a
 * script sets it again, and Postman scripts replace a header by removing it, then adding it.
 */
export function requestHeaders(): { list: PmPropertyList<Item>; flush(): void } {
  const removed = new Set<string>();
  const read = () => itemsOf(req.getHeaders()).filter((i) => !removed.has(i.key.toLowerCase()));
  const list = listOver(read, (items) => {
    for (const old of read())
      if (!items.some((i) => i.key.toLowerCase() === old.key.toLowerCase()))
        removed.add(old.key.toLowerCase());
    for (const item of items) {
      removed.delete(item.key.toLowerCase());
      req.setHeader(item.key, item.value);
    }
  });
  const flush = () => {
    for (const item of itemsOf(req.getHeaders()))
      if (removed.has(item.key.toLowerCase())) req.deleteHeader(item.key);
    removed.clear();
  };
  return { list, flush };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The query of the request URL, kept as written apart from the items scripts add. */
export function requestQuery(): PmPropertyList<Item> {
  const split = () => {
    const url = req.getUrl();
    const at = url.indexOf('?');
    return at < 0 ? { base: url, query: '' } : { base: url.slice(0, at), query: url.slice(at + 1) };
  };
  const read = () =>
    split()
      .query.split('&')
      .filter((part) => part !== '')
      .map((part) => {
        const eq = part.indexOf('=');
        return eq < 0
          ? { key: decode(part), value: '' }
          : { key: decode(part.slice(0, eq)), value: decode(part.slice(eq + 1)) };
      });
  const enc = (text: string) => (text.includes('{{') ? text : encodeURIComponent(text));
  return listOver(read, (items) => {
    const query = items.map((i) => `${enc(i.key)}=${enc(i.value)}`).join('&');
    req.setUrl(query === '' ? split().base : `${split().base}?${query}`);
  });
}

/** The urlencoded form body, or undefined when the request has none. */
export function requestForm(): PmPropertyList<Item> | undefined {
  const body = req.getBody({ raw: true });
  if (!Array.isArray(body)) return undefined;
  const read = () =>
    (req.getBody({ raw: true }) as BruFormParam[])
      .filter((p) => p.enabled !== false)
      .map((p) => ({ key: p.name, value: p.value }));
  return listOver(read, (items) =>
    req.setBody(
      items.map((i) => ({ name: i.key, value: i.value, enabled: true })),
      { raw: true },
    ),
  );
}
