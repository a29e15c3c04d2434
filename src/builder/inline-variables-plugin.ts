/**
 * esbuild plugin for the sandbox bundles: writes each `VAR.name` as the variable's name itself
 * ("client_id"), and each `REQUEST.name` as the request's name ("Discovery document"). The names
 * stay defined once, in src/shared/variables.ts and src/shared/request-names.ts, for the sandbox code,
 * the builder and the README alike; but an object of constants cannot be tree-shaken, so without
 * this every script would carry all ~70 names (about 2 KB) to use a handful. The budget of the
 * client-authentication script (100 KB, embedded header included) has no room for that.
 *
 * Only `VAR.<identifier>` and `REQUEST.<identifier>` with a known identifier are rewritten; an
 * unknown one is a build error, as it would be a type error.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { REQUEST } from '../shared/request-names.js';
import { VAR } from '../shared/variables.js';

/** The tables of names written as literals, and what an unknown member would be. */
const TABLES: Readonly<Record<string, { names: Readonly<Record<string, string>>; what: string }>> =
  {
    VAR: { names: VAR, what: 'a variable name' },
    REQUEST: { names: REQUEST, what: 'a request name' },
  };

const USE = /\b(VAR|REQUEST)\.([A-Za-z_$][\w$]*)\b/g;
/**
 * The import of REQUEST, unused once its names are written out. esbuild would leave the module out
 * anyway, but the import's text would still count where the minifier weighs every character of a
 * file to choose short names: dropped, a bundle is byte for byte what it was with the names typed.
 */
const REQUEST_IMPORT = /^import \{ REQUEST \} from '[^']*';\n/m;

/**
 * `source` with every `VAR.name` and `REQUEST.name` replaced by its string literal (and the import
 * of REQUEST removed).
 */
export function inlineVariableNames(source: string, file: string): string {
  return source.replace(REQUEST_IMPORT, '').replace(USE, (_match, table: string, name: string) => {
    const { names, what } = TABLES[table] as (typeof TABLES)[string];
    const value = names[name];
    if (value === undefined) throw new Error(`${file}: ${table}.${name} is not ${what}`);
    return JSON.stringify(value);
  });
}

export function inlineVariablesPlugin(): Plugin {
  return {
    name: 'ofm-inline-variables',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/](postman|shared)[\\/].*\.ts$/ }, async (args) => {
        if (/[\\/]shared[\\/](variables|request-names)\.ts$/.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: inlineVariableNames(source, args.path), loader: 'ts' };
      });
    },
  };
}
