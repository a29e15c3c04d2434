/** Test script of Balances: the decrypted shape, then the next consented account. */
import { VAR } from '../../shared/variables.js';
import { expectStatus, expectTrue } from '../lib/expect.js';
import { check, store } from '../pm/checks.js';

const MONEY = /^-?[0-9]+(\.[0-9]+)?$/;

function decrypted(): Record<string, unknown> {
  const text = pm.variables.get('decrypted_data');
  if (!text) throw new Error('no decrypted data (see the Data: tests above)');
  return JSON.parse(text) as Record<string, unknown>;
}

check('Balances: HTTP 200', () => expectStatus(pm.response.code, 200));

check('Balances: the account, amounts as strings in MYR, credit or debit', () => {
  const data = (decrypted()['data'] ?? {}) as Record<
    string,
    Record<string, Record<string, unknown>>
  >;
  expectTrue(
    (data['account_id'] as unknown) === pm.variables.get(VAR.dataAccountId),
    'account_id is not the requested account',
  );
  for (const name of ['current_balance', 'statement_balance']) {
    const balance = data[name];
    expectTrue(balance !== undefined, `${name} is missing`);
    const amount = (balance?.['amount'] ?? {}) as Record<string, unknown>;
    expectTrue(
      typeof amount['amount'] === 'string' && MONEY.test(amount['amount']),
      `${name}.amount.amount is not a decimal string`,
    );
    expectTrue(amount['currency'] === 'MYR', `${name}.amount.currency is not MYR`);
    expectTrue(
      ['credit', 'debit'].includes(String(balance?.['credit_debit_indicator'])),
      `${name}.credit_debit_indicator is not credit or debit`,
    );
  }
});

const ids = JSON.parse(pm.variables.get(VAR.accountIds) || '[]') as string[];
const index = Number(pm.variables.get(VAR.dataAccountIndex) || '0');
if (index + 1 < ids.length) {
  store(VAR.dataAccountIndex, String(index + 1));
  pm.execution.setNextRequest(pm.info.requestName ?? null);
} else {
  store(VAR.dataAccountIndex, '0');
}
