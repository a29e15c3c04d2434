/**
 * A Bruno collection folder from a built Postman collection (its committed JSON form): the same
 * folders, requests, documentation and scripts, in Bruno's files. Reads only the JSON, so it stays
 * independent of how the catalogue behind the Postman collection is written.
 */
import { jsonToBruV2, jsonToCollectionBru } from '@usebruno/lang';
import { VAR } from '../../shared/variables.js';
import { brunoScript, collectionScript, REPORT_URL_MASK, type Phase } from './scripts.js';

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

function eventScript(events: PostmanEvent[] | undefined, listen: Phase): string | undefined {
  const event = events?.find((e) => e.listen === listen);
  return event === undefined ? undefined : brunoScript(listen, event.script.exec.join('\n'));
}

/** Pre-request and post-response scripts ('test' events become post-response scripts). */
function scriptsOf(events: PostmanEvent[] | undefined) {
  const req = eventScript(events, 'prerequest');
  const res = eventScript(events, 'test');
  return { ...(req ? { req } : {}), ...(res ? { res } : {}) };
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

function requestBru(item: PostmanItem, seq: number): string {
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
    script: scriptsOf(item.event),
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
        script: scriptsOf(folder.event),
        docs: folder.description ?? '',
      }),
    },
  ];
  (folder.item ?? []).forEach((item, i) => {
    files.push({ path: `${dir}/${fileSafe(item.name)}.bru`, text: requestBru(item, i + 1) });
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
    ignore: ['node_modules', '.git', BRUNO_REPORTS_DIR],
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

/** Every file of the Bruno collection for `collection`, with `adapter` the built pm adapter. */
export function brunoCollectionFiles(
  collection: PostmanCollectionJson,
  adapter: string,
): BrunoFile[] {
  const prerequest = collection.event?.find((e) => e.listen === 'prerequest');
  if (prerequest === undefined) throw new Error('the collection has no pre-request script');
  const bundle = prerequest.script.exec.join('\n');
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
        script: {
          req: collectionScript('prerequest', adapter, bundle),
          res: collectionScript('test', adapter, bundle),
        },
        tests: REPORT_URL_MASK,
        docs: collection.info.description ?? '',
      }),
    },
  ];
  collection.item.forEach((folder, i) => files.push(...folderFiles(folder, i + 1)));
  return files;
}
