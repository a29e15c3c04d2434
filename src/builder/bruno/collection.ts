/**
 * A Bruno collection folder from a built Postman collection (its committed JSON form): the same
 * folders, requests, documentation and scripts, in Bruno's files. Reads only the JSON, so it stays
 * independent of how the catalogue behind the Postman collection is written.
 */
import { jsonToBruV2, jsonToCollectionBru } from '@usebruno/lang';
import { VAR } from '../../shared/variables.js';
import {
  ADAPTER_FILE,
  BRUNO_LIB_DIR,
  BUNDLE_FILE,
  LIGHT_FILE,
  preRequestScript,
  scriptFileName,
  testsScript,
} from './scripts.js';

interface PostmanEvent {
  listen: string;
  script: { exec: string[] };
}
interface PostmanKeyValue {
  key: string;
  value: string;
  disabled?: boolean;
}
interface PostmanItem {
  name: string;
  description?: string;
  event?: PostmanEvent[];
  item?: PostmanItem[];
  request?: {
    method: string;
    url: { raw: string; query?: PostmanKeyValue[] };
    header?: PostmanKeyValue[];
    body?: { mode: string; urlencoded?: PostmanKeyValue[] };
    description?: string;
  };
}
export interface PostmanCollectionJson {
  info: { name: string; description?: string };
  event?: PostmanEvent[];
  variable?: PostmanKeyValue[];
  item: PostmanItem[];
}

/** One file of the Bruno collection: its path inside the collection folder and its text. */
export interface BrunoFile {
  readonly path: string;
  readonly text: string;
}

type Listen = 'prerequest' | 'test';

/** The Postman script of `listen` among `events`, as a list of none or one. */
function eventScripts(events: PostmanEvent[] | undefined, listen: Listen): string[] {
  const event = events?.find((e) => e.listen === listen);
  return event === undefined ? [] : [event.script.exec.join('\n')];
}

/**
 * Whether a request takes client authentication: a form body on a method other than GET or HEAD
 * (src/postman/lib/client-auth.ts takesClientAuth; test/builder/bruno-scripts.test.ts checks both
 * agree on every request of the collections).
 */
export function signsRequest(request: NonNullable<PostmanItem['request']>): boolean {
  return (
    !['GET', 'HEAD'].includes(request.method.toUpperCase()) && request.body?.mode === 'urlencoded'
  );
}

/**
 * A request's Bruno scripts: the folder's and the request's Postman scripts, each loaded from lib/
 * after what it needs (scripts.ts); Postman's 'test' scripts as Bruno tests, which its summary counts.
 */
function scriptsOf(item: PostmanItem, folder: PostmanItem) {
  const pre = [
    ...eventScripts(folder.event, 'prerequest'),
    ...eventScripts(item.event, 'prerequest'),
  ];
  const checks = [...eventScripts(folder.event, 'test'), ...eventScripts(item.event, 'test')];
  const signs = item.request !== undefined && signsRequest(item.request);
  return { script: { req: preRequestScript(signs, pre) }, tests: testsScript(checks) };
}

/** A file name Bruno and every file system accept, from a request or folder name. */
export function fileSafe(name: string): string {
  return name.replace(/[<>:"/\\|?*]+/g, '-').trim();
}

/**
 * The local sandbox approves at once: two redirects (to its interaction, back to the authorization
 * endpoint), then the one to the redirect URI with the code. Bruno stops before that one (the
 * Authorize script reads its Location), so the code is not in the response URL Bruno's reports
 * record. Against PayNet a person logs in at the bank, so no code comes back either way.
 */
const AUTHORIZE_SETTINGS = { maxRedirects: 2 };
const AUTHORIZE_URL = `{{${VAR.authorizationEndpoint}}}`;

const pairs = (list: PostmanKeyValue[] | undefined) =>
  (list ?? []).map((p) => ({ name: p.key, value: p.value, enabled: p.disabled !== true }));

function requestBru(item: PostmanItem, seq: number, folder: PostmanItem): string {
  const request = item.request;
  if (request === undefined) throw new Error(`${item.name} is neither a folder nor a request`);
  const form = request.body?.mode === 'urlencoded' ? request.body.urlencoded : undefined;
  return jsonToBruV2({
    meta: { name: item.name, type: 'http', seq },
    http: {
      method: request.method.toLowerCase(),
      url: request.url.raw,
      body: form ? 'formUrlEncoded' : 'none',
      auth: 'none',
    },
    // Bruno's own files carry the query twice: in the URL, which bru run sends, and in a
    // params:query block, which the app's Params tab shows and edits.
    params: pairs(request.url.query).map((p) => ({ ...p, type: 'query' })),
    headers: pairs(request.header),
    ...(form ? { body: { formUrlEncoded: pairs(form) } } : {}),
    ...scriptsOf(item, folder),
    ...(request.url.raw.startsWith(AUTHORIZE_URL) ? { settings: AUTHORIZE_SETTINGS } : {}),
    docs: request.description ?? item.description ?? '',
  });
}

function folderFiles(folder: PostmanItem, seq: number): BrunoFile[] {
  const dir = fileSafe(folder.name);
  const files: BrunoFile[] = [
    {
      path: `${dir}/folder.bru`,
      text: jsonToCollectionBru({
        meta: { name: folder.name, seq },
        docs: folder.description ?? '',
      }),
    },
  ];
  (folder.item ?? []).forEach((item, i) => {
    files.push({
      path: `${dir}/${fileSafe(item.name)}.bru`,
      text: requestBru(item, i + 1, folder),
    });
  });
  return files;
}

/** Where the README's `bru run` writes its reports, inside the collection folder. */
export const BRUNO_REPORTS_DIR = 'reports';

/** bruno.json: sequential scripts; the client certificate entirely from the folder's `.env`. */
function brunoJson(name: string): string {
  const config = {
    version: '1',
    name,
    type: 'collection',
    ignore: ['node_modules', '.git', BRUNO_REPORTS_DIR, BRUNO_LIB_DIR],
    scripts: { flow: 'sequential', moduleWhitelist: [], filesystemAccess: { allow: false } },
    clientCertificates: {
      enabled: true,
      certs: [
        {
          domain: '{{process.env.OFM_MTLS_DOMAIN}}',
          type: 'cert',
          certFilePath: '{{process.env.OFM_CLIENT_CERT}}',
          keyFilePath: '{{process.env.OFM_CLIENT_KEY}}',
          passphrase: '{{process.env.OFM_CLIENT_KEY_PASSPHRASE}}',
        },
      ],
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * lib/: each script the requests load, once: the adapter, the light pre-request script, the
 * client-authentication bundle (the collection's pre-request script) and every folder and request
 * script, named as built.
 */
function libFiles(collection: PostmanCollectionJson, built: BrunoBuiltScripts): BrunoFile[] {
  const byName = new Map<string, string>([
    [ADAPTER_FILE, built.adapter],
    [LIGHT_FILE, built.light],
  ]);
  const add = (text: string) => {
    const name = scriptFileName(text);
    if (byName.has(name) && byName.get(name) !== text) throw new Error(`two scripts named ${name}`);
    byName.set(name, text);
  };
  const walk = (items: readonly PostmanItem[]) =>
    items.forEach((item) => {
      (item.event ?? []).forEach((e) => add(e.script.exec.join('\n')));
      walk(item.item ?? []);
    });
  const bundle = collection.event?.find((e) => e.listen === 'prerequest');
  if (bundle === undefined) throw new Error('the collection has no pre-request script');
  if (scriptFileName(bundle.script.exec.join('\n')) !== BUNDLE_FILE)
    throw new Error(`the collection's pre-request script is not ${BUNDLE_FILE}`);
  (collection.event ?? []).forEach((e) => add(e.script.exec.join('\n')));
  walk(collection.item);
  return [...byName].map(([name, text]) => ({ path: `${BRUNO_LIB_DIR}/${name}`, text }));
}

/** The built scripts a Bruno collection adds to the Postman collection's own. */
export interface BrunoBuiltScripts {
  /** The pm adapter (dist/postman/bruno-adapter.js). */
  readonly adapter: string;
  /** The light pre-request script (dist/postman/bruno-prerequest.js). */
  readonly light: string;
}

/**
 * Every file of the Bruno collection for `collection`. collection.bru and folder.bru carry no
 * script: Bruno would run them for every request, each phase in a context it starts afresh.
 */
export function brunoCollectionFiles(
  collection: PostmanCollectionJson,
  built: BrunoBuiltScripts,
): BrunoFile[] {
  const files: BrunoFile[] = [
    { path: 'bruno.json', text: brunoJson(collection.info.name) },
    // The folder's own secrets (.env), the private record of digests and the run's reports never
    // go into Git.
    { path: '.gitignore', text: `.env\n.ofm-postman.private.sha256\n${BRUNO_REPORTS_DIR}/\n` },
    {
      path: 'collection.bru',
      text: jsonToCollectionBru({
        meta: { name: collection.info.name },
        vars: { req: pairs(collection.variable) },
        docs: collection.info.description ?? '',
      }),
    },
    ...libFiles(collection, built),
  ];
  collection.item.forEach((folder, i) => files.push(...folderFiles(folder, i + 1)));
  return files;
}
