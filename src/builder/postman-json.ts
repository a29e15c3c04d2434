/**
 * The committed form of a collection: the SDK's `toJSON()` plus what Postman's own exports carry
 * and the SDK leaves out. `Url.toJSON()` drops `raw`, yet importers (Bruno, Insomnia, OpenAPI
 * converters) read only `raw`; without it they rebuild the URL from its parts, badly. And the SDK
 * writes every description as `{content, type}`, where Postman's exports write a Markdown string:
 * Insomnia's importer then shows "[object Object]" and Postman-to-OpenAPI converters crash. Loading
 * this output into the SDK and serialising it again gives the same bytes (tested).
 */
import sdk, { type Collection } from 'postman-collection';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `url` with `raw` first, as Postman writes it; `raw` is the SDK's own rendering of the parts. */
function withRaw(url: unknown): unknown {
  if (!isObject(url)) return url;
  const parts = { ...url };
  delete parts['raw'];
  return { raw: new sdk.Url(parts as never).toString(), ...parts };
}

/** A description as Postman exports it: the Markdown text itself. */
function descriptionText(description: unknown): unknown {
  return isObject(description) && typeof description['content'] === 'string'
    ? description['content']
    : description;
}

/** `value` with its `description` (if any) as Postman writes it. */
function withDescription(value: Json): Json {
  return 'description' in value
    ? { ...value, description: descriptionText(value['description']) }
    : value;
}

function requestAsPostman(request: unknown): unknown {
  return isObject(request)
    ? withDescription({ ...request, url: withRaw(request['url']) })
    : request;
}

/**
 * A saved example as Postman exports it: `originalRequest.url.raw`, and the preview language in
 * `_postman_previewlanguage` (the SDK keeps it in its meta bag `_`).
 */
function responseAsPostman(response: Json): Json {
  const { _: meta, ...rest } = response;
  const language = isObject(meta) ? meta['postman_previewlanguage'] : undefined;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = key === 'originalRequest' ? requestAsPostman(value) : value;
    if (key === 'code' && language !== undefined) out['_postman_previewlanguage'] = language;
  }
  return out;
}

function itemAsPostman(item: Json): Json {
  const out: Json = withDescription(item);
  if (isObject(item['info'])) out['info'] = withDescription(item['info']);
  if (Array.isArray(item['variable']))
    out['variable'] = (item['variable'] as Json[]).map(withDescription);
  if (Array.isArray(item['item'])) out['item'] = (item['item'] as Json[]).map(itemAsPostman);
  if ('request' in item) out['request'] = requestAsPostman(item['request']);
  if (Array.isArray(item['response'])) {
    out['response'] = (item['response'] as Json[]).map(responseAsPostman);
  }
  return out;
}

/**
 * The collection as Postman exports it: v2.1.0 JSON with `url.raw` on every request and
 * descriptions as Markdown strings.
 */
export function collectionJson(collection: Collection): Json {
  return itemAsPostman(JSON.parse(JSON.stringify(collection.toJSON())) as Json);
}
