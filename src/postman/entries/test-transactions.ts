/**
 * Test script of Transactions: the decrypted shape, then the next page (next_page_params, at most
 * 20 pages per account) and then the next consented account.
 */
import { VAR } from '../../shared/variables.js';
import { expectStatus, expectTrue } from '../lib/expect.js';
import { check, store } from '../pm/checks.js';

const MONEY = /^-?[0-9]+(\.[0-9]+)?$/;
const MAX_PAGES = 20;

function decrypted(): Record<string, unknown> {
  const text = pm.variables.get('decrypted_data');
  if (!text) throw new Error('no decrypted data (see the Data: tests above)');
  return JSON.parse(text) as Record<string, unknown>;
}

let body: Record<string, unknown> = {};
try {
  body = decrypted();
} catch {
  // reported by the checks below
}

check('Transactions: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Transactions: each has an id, a date, amounts as strings in MYR, credit or debit', () => {
  const list = body['data'];
  expectTrue(Array.isArray(list), 'data is not a list of transactions');
  for (const [i, t] of (list as Array<Record<string, unknown>>).entries()) {
    const amount = (t['amount'] ?? {}) as Record<string, unknown>;
    expectTrue(
      t['account_id'] === pm.variables.get(VAR.dataAccountId),
      `transaction ${i} is for another account`,
    );
    expectTrue(
      typeof t['transaction_id'] === 'string' && t['transaction_id'] !== '',
      `transaction ${i} has no transaction_id`,
    );
    expectTrue(
      typeof t['transaction_date'] === 'string' && !Number.isNaN(Date.parse(t['transaction_date'])),
      `transaction ${i} has no ISO-8601 date`,
    );
    expectTrue(
      typeof amount['amount'] === 'string' && MONEY.test(amount['amount']),
      `transaction ${i} amount is not a decimal string`,
    );
    expectTrue(amount['currency'] === 'MYR', `transaction ${i} currency is not MYR`);
    expectTrue(
      ['credit', 'debit'].includes(String(t['credit_debit_indicator'])),
      `transaction ${i} is neither credit nor debit`,
    );
    expectTrue(
      typeof t['is_settled'] === 'boolean',
      `transaction ${i} is_settled is not a boolean`,
    );
  }
});

const meta = (body['meta'] ?? {}) as Record<string, unknown>;
const next = typeof meta['next_page_params'] === 'string' ? meta['next_page_params'] : '';
const page = Number(pm.variables.get(VAR.transactionsPageCount) || '0') + 1;
const ids = JSON.parse(pm.variables.get(VAR.accountIds) || '[]') as string[];
const index = Number(pm.variables.get(VAR.dataAccountIndex) || '0');
if (next !== '' && page < MAX_PAGES && pm.response.code === 200) {
  store(VAR.transactionsNextPage, next);
  store(VAR.transactionsPageCount, String(page));
  pm.execution.setNextRequest(pm.info.requestName ?? null);
} else {
  store(VAR.transactionsNextPage, '');
  store(VAR.transactionsPageCount, '');
  if (index + 1 < ids.length) {
    store(VAR.dataAccountIndex, String(index + 1));
    pm.execution.setNextRequest(pm.info.requestName ?? null);
  } else {
    store(VAR.dataAccountIndex, '0');
  }
}
