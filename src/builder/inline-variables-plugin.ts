/**
 * esbuild plugin for the sandbox bundles: writes each `VAR.name` as the variable's name itself
 * ("client_id"). The names stay defined once, in src/shared/variables.ts, for the sandbox code,
 * the builder and the README alike; but an object of constants cannot be tree-shaken, so without
 * this every script would carry all ~70 names (about 2 KB) to use a handful. The budget of the
 * client-authentication script (100 KB, embedded header included) has no room for that.
 *
 * Only `VAR.<identifier>` with a known identifier is rewritten; an unknown one is a build error,
 * as it would be a type error.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';
import { VAR } from '../shared/variables.js';

const USE = /\bVAR\.([A-Za-z_$][\w$]*)\b/g;

/** `source` with every `VAR.name` replaced by its string literal. */
export function inlineVariableNames(source: string, file: string): string {
  return source.replace(USE, (_match, name: string) => {
    const value = (VAR as Readonly<Record<string, string>>)[name];
    if (value === undefined) throw new Error(`${file}: VAR.${name} is not a variable name`);
    return JSON.stringify(value);
  });
}

export function inlineVariablesPlugin(): Plugin {
  return {
    name: 'ofm-inline-variables',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/](postman|shared)[\\/].*\.ts$/ }, async (args) => {
        if (/[\\/]shared[\\/]variables\.ts$/.test(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: inlineVariableNames(source, args.path), loader: 'ts' };
      });
    },
  };
}
