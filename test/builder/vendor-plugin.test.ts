import assert from 'node:assert/strict';
import { it } from 'node:test';
import { withoutEmbeddedFile } from '../../src/builder/vendor-plugin.js';

it('cuts an embedded file from its marker to the next licence header', () => {
  const source = 'a();/*\nX one*/one();/*\nX two*/two();';
  assert.equal(withoutEmbeddedFile(source, '/*\nX one'), 'a();/*\nX two*/two();');
});

it('fails loudly when a marker is missing or ambiguous', () => {
  assert.throws(() => withoutEmbeddedFile('nothing here', '/*\nX one'), /not found exactly once/);
  assert.throws(
    () => withoutEmbeddedFile('/*\nX one*/ /*\nX one*/', '/*\nX one'),
    /not found exactly once/,
  );
  assert.throws(() => withoutEmbeddedFile('a /*\nX last*/ end', '/*\nX last'), /no file after/);
});
