/**
 * Issue 25's house rule for the CLI: a command's options are declared once, and its handler's
 * argument type is what yargs infers from them (`BuilderArgs<typeof builder>` or
 * `InferredOptionTypes<typeof OPTIONS>`), never an interface that repeats them and can drift from
 * what yargs parses. Read from the sources: no run is needed to see a declaration.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

const COMMANDS = join(REPO_ROOT, 'src', 'cli', 'commands');
const sources = readdirSync(COMMANDS)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, text: readFileSync(join(COMMANDS, name), 'utf8') }));
const INFERRED = /^(BuilderArgs<typeof \w+>|InferredOptionTypes<typeof \w+>)$/;

describe('command arguments are inferred from their yargs declarations', () => {
  it('every command handler takes the type yargs infers from its builder', () => {
    let typed = 0;
    for (const { name, text } of sources)
      for (const [, argsType] of text.matchAll(/CommandModule<object, ([^>]+>?)>/g)) {
        typed++;
        const type = argsType as string;
        const alias = new RegExp(`^type ${type} = ([^;]+);`, 'm').exec(text)?.[1];
        const declared = (alias ?? type).replace(/\s+/g, ' ').trim();
        assert.match(declared, INFERRED, `${name}: ${type} is ${declared}`);
      }
    // Every command with options: build, certs, ..., env and generate.
    assert.ok(typed >= 12, `${typed} typed command modules found`);
    assert.ok(
      ['env.ts', 'generate.ts'].every((n) => sources.some((s) => s.name === n)),
      'env and generate are read',
    );
  });

  it('no interface repeats a command’s options (the target options included)', () => {
    const files = [
      ...sources,
      {
        name: 'options.ts',
        text: readFileSync(join(REPO_ROOT, 'src', 'cli', 'options.ts'), 'utf8'),
      },
    ];
    for (const { name, text } of files)
      assert.doesNotMatch(text, /^(export )?interface \w*Args\b/m, `${name} hand-writes arguments`);
    const options = files.at(-1)?.text ?? '';
    assert.match(
      options,
      /^export type TargetArgs = InferredOptionTypes<typeof TARGET_OPTIONS>;$/m,
    );
  });
});
