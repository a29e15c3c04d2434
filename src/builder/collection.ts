/**
 * The OFP collections, assembled from the catalogue (catalogue.ts) with the postman-collection SDK.
 * The big client-authentication bundle sits once, at collection level; folders that need a
 * client-credentials token carry the small ensure-token script; each request carries its test.
 */
import sdk, { type Collection, type Item, type ItemGroup } from 'postman-collection';
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { TOOL_NAME } from '../shared/package-info.js';
import {
  CATALOGUE,
  collectionDescription,
  type CatalogueFolder,
  type CatalogueRequest,
} from './catalogue.js';
import {
  decodedExampleMarkdown,
  exampleResponse,
  readExampleFixture,
  type ExampleFixture,
} from './examples.js';
import { stableId } from './ids.js';
import { requestDefinition, requestDescription } from './request-definition.js';
import { withCollectionHeader } from './collection-script-header.js';
import type { BundledScript, ScriptSet } from './scripts.js';

export type { ScriptSet } from './scripts.js';

export { collectionFileName } from './file-names.js';

function scriptEvent(
  id: string,
  listen: 'prerequest' | 'test',
  script: BundledScript,
): InstanceType<typeof sdk.Event> {
  return new sdk.Event({
    id: stableId(`event:${id}:${listen}`),
    listen,
    script: {
      id: stableId(`script:${id}:${listen}`),
      type: 'text/javascript',
      exec: script.code.split('\n'),
    },
  } as never);
}

function requestItem(
  folder: string,
  entry: CatalogueRequest,
  auth: AuthMethod,
  scripts: ScriptSet,
  examples: ExampleFixture,
): Item {
  const id = `${folder}/${entry.name}`;
  const events = [scriptEvent(id, 'test', scripts[entry.test])];
  if (entry.prerequest) events.unshift(scriptEvent(id, 'prerequest', scripts[entry.prerequest]));
  const example = examples[entry.name];
  if (example === undefined) {
    throw new Error(`no example response for ${entry.name}: run scripts/capture-examples.ts`);
  }
  const request = requestDefinition(entry, auth);
  const description = requestDescription(entry, auth);
  return new sdk.Item({
    id: stableId(`item:${id}`),
    name: entry.name,
    // Postman shows a request's documentation from request.description, not item.description.
    request: {
      ...request,
      description: example.decoded
        ? `${description}\n\n${decodedExampleMarkdown(example.decoded)}`
        : description,
    },
    response: [exampleResponse(stableId(`response:${id}`), request, example)],
    event: events.map((e) => e.toJSON()),
  } as never);
}

function folderGroup(
  folder: CatalogueFolder,
  auth: AuthMethod,
  scripts: ScriptSet,
  examples: ExampleFixture,
): ItemGroup<Item> {
  const id = `folder:${folder.name}`;
  const group = new sdk.ItemGroup<Item>({
    id: stableId(id),
    name: folder.name,
    description: folder.description,
    event: [
      ...(folder.needsToken ? [scriptEvent(id, 'prerequest', scripts['ensure-token.js'])] : []),
      ...(folder.test ? [scriptEvent(id, 'test', scripts[folder.test])] : []),
    ].map((e) => e.toJSON()),
  } as never);
  for (const entry of folder.requests)
    group.items.add(requestItem(folder.name, entry, auth, scripts, examples));
  return group;
}

/** The collection for one client authentication method. */
export function buildCollection(auth: AuthMethod, scripts: ScriptSet, version: string): Collection {
  const prerequest = withCollectionHeader(scripts['prerequest.js']);
  const examples = readExampleFixture(auth);
  const collection = new sdk.Collection({
    info: {
      id: stableId(`collection:${auth}`),
      name: `PayNet OFP (${auth})`,
      description: collectionDescription(auth, `${TOOL_NAME} ${version}`, prerequest),
    },
    variable: [
      {
        id: stableId(`variable:${auth}:auth_method`),
        key: VAR.authMethod,
        value: auth,
        type: 'string',
        description: 'Client authentication of this collection; an environment value overrides it.',
      },
    ],
    event: [scriptEvent(`collection:${auth}`, 'prerequest', prerequest).toJSON()],
  } as never);
  for (const folder of CATALOGUE)
    collection.items.add(folderGroup(folder, auth, scripts, examples));
  return collection;
}
