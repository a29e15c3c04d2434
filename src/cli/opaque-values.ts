/**
 * Options whose value is an opaque string that may begin with `-`: an authorization code and a
 * key id (an RFC 7638 thumbprint: `--kid`, `onboard --retire`) are base64url, whose alphabet
 * includes `-`. yargs reads `--code -h4x…` as `--code` with no value
 * followed by the short flags `-h -4 -x …` (so it printed the help and exited 0 for one code in
 * 64·64 or so, seen in a test run); such a value is joined to its option (`--code=-h4x…`) first.
 */
const OPAQUE_VALUE_OPTIONS: ReadonlySet<string> = new Set(['--code', '--kid', '--retire']);

/** `argv` with each opaque option and a following value that begins with `-` joined by `=`. */
export function joinOpaqueValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') return [...out, ...argv.slice(i)];
    const next = argv[i + 1];
    if (OPAQUE_VALUE_OPTIONS.has(token) && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${token}=${next}`);
      i++;
    } else out.push(token);
  }
  return out;
}
