/**
 * The readable comment block the collection-level script carries between its trace line and the
 * minified code, so a person who opens the collection sees what the script does.
 */
import { TOOL_NAME } from '../shared/package-info.js';
import { CLIENT_AUTH_VARIABLES } from '../shared/variable-specs.js';
import type { BundledScript } from './scripts.js';

/** Wraps `words` into comment lines of at most `width` characters: `lead`, then indented lines. */
function commentLines(lead: string, words: readonly string[], width = 100): string[] {
  const lines: string[] = [];
  let line = lead;
  for (const word of words) {
    if (line.length + 1 + word.length > width && line !== lead) {
      lines.push(line);
      line = '//  ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/**
 * The readable header the collection-level script opens with, between its trace line (tool,
 * version, sha256) and the minified code: what the script changes on which requests, the variables
 * it reads and where its source lives. Plain comment lines, so the code below them is exactly the
 * built dist/postman/prerequest.js after its first line, and the sha256 on line 1 is still its digest.
 * Size budget: the whole embedded script, header included, stays within the bundle budget
 * (test/system/bundle.test.ts).
 */
export function collectionScriptHeader(): string[] {
  return [
    '// Collection-level pre-request script (PayNet OFP). Before every request it:',
    '// - adds an x-fapi-interaction-id header (a UUIDv4) unless the request has one;',
    '// - on a POST with a form body (token, PAR, introspection, revocation) replaces client_id,',
    '//   client_assertion_type, client_assertion: a fresh PS256 assertion (private_key_jwt) or',
    '//   client_id alone (tls_client_auth); bad input skips the request with an ERR_OFM_* test;',
    "// - offers signing helpers to this collection's other scripts.",
    ...commentLines(
      '// Reads:',
      CLIENT_AUTH_VARIABLES.map((spec, i, all) => `${spec.name}${i < all.length - 1 ? ',' : '.'}`),
    ),
    `// Source: src/postman/entries/prerequest.ts (${TOOL_NAME} on npm), minified below with`,
    '// esbuild, jsrsasign, crypto-js; no eval, no download. sha256 above: the code below this.',
  ];
}

/** `script` with {@link collectionScriptHeader} after its trace line. */
export function withCollectionHeader(script: BundledScript): BundledScript {
  const newline = script.code.indexOf('\n');
  const trace = script.code.slice(0, newline);
  const body = script.code.slice(newline + 1);
  return { ...script, code: [trace, ...collectionScriptHeader(), body].join('\n') };
}
