/**
 * The synthetic data of the local sandbox, shaped like PayNet's captured sandbox exchanges:
 * providers, the fixed test user's accounts, balances and transactions.
 */

export interface Provider {
  readonly dp_id: string;
  readonly name: string;
  readonly resource_server_url: string;
  readonly use_cases: readonly string[];
}

export interface Account {
  readonly account_id: string;
  readonly account_number: string;
  readonly account_name: string;
}

/**
 * The one test user: `--login auto` approves for it at once; `--login manual` asks for its
 * username and password on the login page. Fixed and documented, not a secret.
 */
export const TEST_USER = {
  accountId: 'test-user',
  name: 'Siti Test',
  email: 'siti@example.test',
  username: 'siti',
  password: 'sandbox-pass',
} as const;

export const PROVIDER_NAMES = [
  'Greenbank',
  'Bank Harimau',
  'Kijang Finance',
  'Pelangi Islamic Bank',
  'Rafflesia Credit',
] as const;

/** Providers on the platform; dp_id is DP + 10 digits. */
export function providers(rsBaseUrl: string): Provider[] {
  return PROVIDER_NAMES.map((name, i) => ({
    dp_id: `DP${String(9876543210 + i).padStart(10, '0')}`,
    name,
    resource_server_url: rsBaseUrl,
    use_cases: ['pfm', 'credit_underwriting'],
  }));
}

/** The test user's accounts, the same at every provider. */
export const ACCOUNTS: readonly Account[] = [
  {
    account_id: '100004000000000000000004',
    account_number: '10000004',
    account_name: 'Greenbank Current Account',
  },
  {
    account_id: '100004000000000000000007',
    account_number: '10000007',
    account_name: 'Greenbank Savings Account-i',
  },
];

interface Money {
  readonly amount: string;
  readonly currency: 'MYR';
}

export function balanceOf(accountId: string): Record<string, unknown> {
  const seed = Number(accountId.slice(-2));
  const current: Money = { amount: (25000.75 + seed * 101.13).toFixed(2), currency: 'MYR' };
  const statement: Money = { amount: (24010.1 + seed * 99.5).toFixed(2), currency: 'MYR' };
  return {
    account_id: accountId,
    current_balance: { amount: current, credit_debit_indicator: 'credit' },
    statement_balance: { amount: statement, credit_debit_indicator: 'credit' },
    statement_date: '2026-10-31',
    credit_lines_included: false,
  };
}

/** 12 transactions per account, newest first. */
export function transactionsOf(accountId: string): Array<Record<string, unknown>> {
  return Array.from({ length: 12 }, (_, i) => {
    const day = String(28 - i * 2).padStart(2, '0');
    const credit = i % 3 === 0;
    return {
      account_id: accountId,
      transaction_id: `550e8400-e29b-41d4-a716-${accountId.slice(-4)}${String(i).padStart(8, '0')}`,
      transaction_date: `2026-10-${day}T08:00:00+08:00`,
      credit_debit_indicator: credit ? 'credit' : 'debit',
      amount: { amount: (credit ? 3500 + i : 12.5 * (i + 1)).toFixed(2), currency: 'MYR' },
      description: credit ? 'Salary' : `Purchase ${i}`,
      is_settled: i > 0,
      ...(credit ? { transfer_method: 'funds_transfer', transfer_submethod: 'ibg' } : {}),
    };
  });
}
