/** What each request of the generated collections needs, and the skip reason. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import {
  FLOW_STEPS,
  prerequisitesOf,
  stepOf,
  unmetPrerequisite,
} from '../../src/shared/flow-status.js';
import { REPO_ROOT } from '../helpers/paths.js';

type Item = { name: string; item?: Item[]; request?: unknown };

function requests(): Map<string, string> {
  const collection = JSON.parse(
    readFileSync(
      join(REPO_ROOT, 'collections', 'paynet-ofp.private_key_jwt.postman_collection.json'),
      'utf8',
    ),
  ) as { item: Item[] };
  const out = new Map<string, string>();
  const walk = (items: Item[]) => {
    for (const item of items) {
      if (item.item) walk(item.item);
      else out.set(item.name, JSON.stringify(item.request));
    }
  };
  walk(collection.item);
  return out;
}

it('every step is a request of the collection', () => {
  const names = requests();
  for (const name of Object.values(FLOW_STEPS)) assert.ok(names.has(name), name);
  assert.equal(stepOf('Token exchange'), 'token');
  assert.equal(stepOf('Balances'), undefined);
});

it('each request needs what it uses: Discovery always, then the steps whose values it carries', () => {
  const needs = Object.fromEntries(
    [...requests()].map(([name, text]) => [name, prerequisitesOf(name, text).join(' ')]),
  );
  assert.deepEqual(needs, {
    'Discovery document': '',
    'OFP JWKS': 'discovery',
    'Client credentials token': 'discovery',
    'List providers': 'discovery credentials',
    PAR: 'discovery',
    Authorize: 'discovery par',
    'Token exchange': 'discovery authorize',
    Refresh: 'discovery token',
    Balances: 'discovery token',
    Transactions: 'discovery token',
    'Revoke consent': 'discovery credentials token',
    'Data after revocation': 'discovery token',
    'Introspect the client-credentials token': 'discovery credentials',
    'Revoke the client-credentials token': 'discovery credentials',
  });
});

it('names the first prerequisite that failed or was skipped; unset or ok blocks nothing', () => {
  const text = JSON.stringify({ url: '{{rs_base_url}}/consents/{{consent_id}}/revoke' });
  const status = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(unmetPrerequisite('Revoke consent', text, status({})), undefined);
  assert.equal(
    unmetPrerequisite(
      'Revoke consent',
      text,
      status({ ofm_flow_discovery: 'ok', ofm_flow_token: 'failed' }),
    ),
    'needs Token exchange, which failed',
  );
  assert.equal(
    unmetPrerequisite(
      'Revoke consent',
      text,
      status({ ofm_flow_discovery: 'failed', ofm_flow_token: 'skipped' }),
    ),
    'needs Discovery document, which failed',
  );
});
