/**
 * The error table of docs/errors.md, written from the family tables (src/shared/errors/): every
 * code with its family, exit status and hint. Only the part between the markers is generated, so
 * the page's prose around it is written by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { ERROR_FAMILIES, EXIT } from '../../src/shared/errors.js';
import { ROOT } from './cruise.js';

/** Where the table is written, from the repository root. */
export const ERRORS_DOC = 'docs/errors.md';
export const TABLE_START = '<!-- error-table:start (npm run docs:generate writes this table) -->';
export const TABLE_END = '<!-- error-table:end -->';

const EXIT_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(EXIT).map(([name, code]) => [code, name.toLowerCase().replace('_', ' ')]),
);

/** The table, one row a code, in the order of the family tables. */
export function renderErrorTable(): string {
  const rows = Object.entries(ERROR_FAMILIES).flatMap(([family, table]) =>
    Object.entries(table).map(
      ([code, { hint, exit }]) =>
        `| \`${code}\` | ${family} | ${exit} (${EXIT_NAMES[exit]}) | ${hint.replaceAll('|', '\\|')} |`,
    ),
  );
  return ['| Code | Family | Exit | Hint |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const NEW_PAGE = [
  '# Errors',
  '',
  'Every refusal is one line, `ERR_OFM_CODE: message (hint: ...)`, and the CLI exits with the',
  "code's status: 1 ran and failed, 2 bad input, 3 could not start, 70 a bug (with its stack).",
  'Each family is a table in `src/shared/errors/`, where a code gets its hint and exit status.',
  '',
  TABLE_START,
  TABLE_END,
  '',
].join('\n');

/** docs/errors.md with its table as the families say it: the page as it is, or a new one. */
export async function errorsDocument(): Promise<string> {
  const filepath = join(ROOT, ERRORS_DOC);
  const page = existsSync(filepath) ? readFileSync(filepath, 'utf8') : NEW_PAGE;
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${ERRORS_DOC} lost its table markers`);
  const text = `${page.slice(0, start + TABLE_START.length)}\n\n${renderErrorTable()}\n\n${page.slice(end)}`;
  return format(text, { ...((await resolveConfig(filepath)) ?? {}), filepath });
}
