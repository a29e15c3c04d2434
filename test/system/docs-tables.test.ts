/**
 * The docs stay readable: no Markdown table cell in README.md or docs/*.md is over 200 characters
 * (a longer fact belongs in a paragraph or a list), and the README stays a newcomer's page.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

const MAX_CELL = 200;
const MAX_README_LINES = 300;

function markdownFiles(): string[] {
  const docs = join(REPO_ROOT, 'docs');
  return [
    join(REPO_ROOT, 'README.md'),
    ...readdirSync(docs)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => join(docs, name)),
  ];
}

/** Table lines outside fenced code blocks, with their line numbers. */
export function tableLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && line.trimStart().startsWith('|')) out.push({ line: index + 1, text: line });
  });
  return out;
}

function cells(line: string): string[] {
  return line
    .trim()
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

it('no table cell in README.md or docs/*.md is over 200 characters', () => {
  const files = markdownFiles();
  assert.ok(files.length >= 10, `README and the docs: ${files.length} files`);
  const tooLong: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const { line, text } of tableLines(readFileSync(file, 'utf8'))) {
      for (const cell of cells(text)) {
        checked++;
        if (cell.length > MAX_CELL)
          tooLong.push(`${file.slice(REPO_ROOT.length + 1)}:${line}: ${cell.length} characters`);
      }
    }
  }
  assert.ok(checked > 100, `cells checked: ${checked}`);
  assert.deepEqual(tooLong, [], 'cells over 200 characters');
});

it('the README is at most 300 lines', () => {
  const lines = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
  assert.ok(lines <= MAX_README_LINES, `README.md has ${lines} lines`);
});

it('tableLines skips fenced code and finds every table row', () => {
  const sample = ['| a | b |', '```', '| not | a table |', '```', 'text', '| c | d |'].join('\n');
  assert.deepEqual(
    tableLines(sample).map((row) => row.line),
    [1, 6],
  );
});
