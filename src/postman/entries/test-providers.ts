/**
 * Test script of the Providers request: checks the page and follows `next_page_params` by running
 * the same request again, at most MAX_PAGES times per run.
 */
import { VAR } from '../../shared/variables.js';
import { expectNonEmptyString, expectStatus, expectTrue } from '../lib/expect.js';
import { check, responseObject, store } from '../pm/checks.js';

const MAX_PAGES = 20;

function providersOf(body: Record<string, unknown>): Array<Record<string, unknown>> {
  const list = body['data'] ?? body['providers'];
  if (!Array.isArray(list)) throw new Error('no providers array (data) in the response');
  return list as Array<Record<string, unknown>>;
}

function nextCursor(body: Record<string, unknown>): string {
  const meta = (body['meta'] ?? {}) as Record<string, unknown>;
  const next = body['next_page_params'] ?? meta['next_page_params'];
  return typeof next === 'string' ? next : '';
}

const page = Number(pm.variables.get(VAR.providersPageCount) || '0') + 1;

check(`Providers page ${page}: HTTP 200 with a providers list`, () => {
  expectStatus(pm.response.code, 200);
  providersOf(responseObject());
});

check(`Providers page ${page}: every provider has a dp_id`, () => {
  const providers = providersOf(responseObject());
  providers.forEach((p, i) => expectNonEmptyString(p['dp_id'], `provider ${i} dp_id`));
  if (page === 1) {
    expectTrue(providers.length > 0, 'the first page lists no provider');
    store(VAR.dpId, String(providers[0]?.['dp_id']));
  }
});

let next = '';
try {
  next = nextCursor(responseObject());
} catch {
  // Reported by the checks above.
}
if (next !== '' && page < MAX_PAGES) {
  store(VAR.providersNextPage, next);
  store(VAR.providersPageCount, String(page));
  pm.execution.setNextRequest(pm.info.requestName ?? null);
} else {
  check(`Providers: the walk ends within ${MAX_PAGES} pages`, () => {
    expectTrue(next === '', `still a next page after ${MAX_PAGES} pages`);
  });
  store(VAR.providersNextPage, '');
  store(VAR.providersPageCount, '');
}
