/**
 * src/files/json-syntax.ts and readJsonFile: a JSON file that does not parse is named as
 * `file:line:column` with a hint that fits the mistake, in-process and from the binary (every JSON
 * input of `run`, and `consent --state`), before anything is sent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { jsonSyntaxProblem, lineColumn } from '../../src/files/json-syntax.js';
import { readJsonFile } from '../../src/files/read.js';
import { isOfmError } from '../../src/shared/errors.js';
import { errorCodeOf, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-json-syntax-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An environment as a person edits it, with one mistake put in. */
const MISTAKES = {
  comment: {
    text: '{\n  "name": "mine",\n  // the sandbox one\n  "values": []\n}\n',
    line: 3,
    column: 3,
    what: 'a comment',
    hint: /JSON allows no comments: remove the comment at 3:3/,
  },
  'block comment': {
    text: '{\n  "name": "mine", /* old */\n  "values": []\n}\n',
    line: 2,
    column: 19,
    what: 'a comment',
    hint: /remove the comment at 2:19/,
  },
  'trailing comma in an array': {
    text: '{\n  "name": "mine",\n  "values": [\n    { "key": "a", "value": "b" },\n  ]\n}\n',
    line: 4,
    column: 33,
    what: 'a trailing comma',
    hint: /remove the comma at 4:33/,
  },
  'trailing comma in an object': {
    text: '{\n  "name": "mine",\n  "values": [],\n}\n',
    line: 3,
    column: 15,
    what: 'a trailing comma',
    hint: /remove the comma at 3:15/,
  },
  'cut short': {
    text: '{\n  "name": "mine",\n  "values": [\n    { "key": "a", "val',
    line: 4,
    column: 23,
    what: 'cut short',
    hint: /the file stops at 4:23 before its JSON ends/,
  },
  'a BOM': {
    text: '\ufeff{ "name": "mine", "values": [] }',
    line: 1,
    column: 1,
    what: 'a byte order mark (BOM)',
    hint: /save the file as UTF-8 without BOM/,
  },
  'a missing comma': {
    text: '{\n  "name": "mine"\n  "values": []\n}',
    line: 3,
    column: 3,
    what: 'a missing comma',
    hint: /add a comma before 3:3/,
  },
  'another kind of text': {
    text: '-----BEGIN CERTIFICATE-----\nMIIB\n',
    line: 1,
    column: 1,
    what: 'not JSON at all',
    hint: /does not start as JSON does \(\{ or \[\) at 1:1: check that this is the file you meant/,
  },
} as const;

describe('jsonSyntaxProblem', () => {
  for (const [name, m] of Object.entries(MISTAKES)) {
    it(`${name}: line ${m.line}, column ${m.column}`, async () => {
      const problem = await jsonSyntaxProblem(m.text);
      assert.ok(problem, 'a problem is found');
      assert.deepEqual([problem.line, problem.column, problem.what], [m.line, m.column, m.what]);
      assert.match(problem.hint, m.hint);
    });
  }

  it('finds nothing in good JSON', async () => {
    assert.equal(await jsonSyntaxProblem('{ "values": [1, 2] }\n'), undefined);
  });

  it('counts lines at LF, columns in characters', () => {
    assert.deepEqual(lineColumn('ab\r\ncd\nef', 8), { line: 3, column: 2 });
    assert.deepEqual(lineColumn('x', 0), { line: 1, column: 1 });
  });
});

describe('readJsonFile', () => {
  it('names file:line:column and the mistake; never the old "give the file itself" hint', async () => {
    const path = join(dir, 'comment.json');
    writeFileSync(path, MISTAKES.comment.text);
    await assert.rejects(
      readJsonFile(path, { what: 'environment', from: '--environment' }),
      (error: unknown) => {
        assert.ok(isOfmError(error));
        assert.equal(error.code, 'ERR_OFM_FILE_INVALID');
        assert.ok(error.message.includes(`${path}:3:3 is not JSON (a comment)`), error.message);
        assert.doesNotMatch(error.hint, /file itself/);
        return true;
      },
    );
  });
});

describe('from the binary: every JSON input, one coded line, exit 2, nothing sent', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // 127.0.0.1:9 (discard) answers nothing: a run that got past its inputs would fail differently.
  const target = ['--auth', 'private_key_jwt', '--env-var', 'issuer=https://127.0.0.1:9'];
  const cases: Array<[string, string[], RegExp]> = [
    [
      '--environment with a comment',
      ['--environment', file('env.json', MISTAKES.comment.text)],
      /env\.json:3:3 is not JSON \(a comment\).*hint: JSON allows no comments: remove the comment at 3:3/,
    ],
    [
      '--environment with a trailing comma',
      ['--environment', file('env2.json', MISTAKES['trailing comma in an array'].text)],
      /env2\.json:4:33 is not JSON \(a trailing comma\).*remove the comma at 4:33/,
    ],
    [
      '--collection cut short',
      ['--collection', file('coll.json', MISTAKES['cut short'].text)],
      /coll\.json:4:23 is not JSON \(cut short\)/,
    ],
    [
      '--cert-list with a trailing comma',
      [
        '--cert-list',
        file('certs.json', '[\n  { "matches": ["https://x/*"], "cert": { "src": "a" } },\n]'),
      ],
      /certs\.json:2:57 is not JSON \(a trailing comma\)/,
    ],
    [
      '--iteration-data with a comment',
      ['--iteration-data', file('data.json', '[ # rows\n  {} ]')],
      /data\.json:1:3 is not JSON/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const result = runCli(['run', ...target, ...args], { cwd: dir });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(errorCodeOf(result), 'ERR_OFM_FILE_INVALID');
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /file itself/);
    });
  }

  it('generate --discovery FILE with a trailing comma', () => {
    const doc = file('discovery.json', '{\n  "issuer": "https://as.example",\n}\n');
    const result = runCli(['generate', '--target', 'mine', '--discovery', doc, '--out', dir], {
      cwd: dir,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.equal(errorCodeOf(result), 'ERR_OFM_DISCOVERY_INVALID');
    assert.match(
      result.stderr,
      /discovery\.json:2:33 is not JSON \(a trailing comma\).*remove the comma at 2:33/,
    );
  });

  it('consent --state with a comment: the state file is named with the fix', () => {
    const state = file('state.json', '{\n  "version": 1, // mine\n  "values": {}\n}');
    const result = runCli(
      ['consent', '--auth', 'private_key_jwt', '--target', 'local', '--state', state],
      { cwd: dir },
    );
    assert.equal(result.status, 2, result.stderr);
    assert.equal(errorCodeOf(result), 'ERR_OFM_STATE_INVALID');
    assert.match(result.stderr, /JSON allows no comments: remove the comment at 2:17/);
  });
});
