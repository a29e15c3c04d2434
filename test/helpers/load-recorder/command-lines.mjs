/**
 * `node --import ./register.mjs command-lines.mjs`: runs several command lines one after another in
 * this one process, through the built dist/cli/command-line.js (runCommandLine: what the binary
 * runs, without exiting), and prints one JSON object: each line's exit code, output and the module
 * URLs resolved while it ran, and `loaded`, the URLs resolved before the first (the command line's
 * static imports, which every command has).
 *
 * The command lines come as JSON (an array of argument arrays) in OFM_COMMAND_LINES. Their
 * working directory is this process's. A module a line loads stays loaded for the lines after it,
 * so a line is credited only with what it loaded first: this suits lines that load nothing of
 * their own (help, version, a refused argument), and the test checks the union as well.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const log = process.env.OFM_LOAD_LOG;
const lines = JSON.parse(process.env.OFM_COMMAND_LINES ?? '[]');
const url = new URL('../../../dist/cli/command-line.js', import.meta.url);
const { runCommandLine } = await import(url.href);
const results = [];
for (const [i, argv] of lines.entries()) {
  // The recorder appends synchronously before an import settles: a marker splits the log.
  appendFileSync(log, `#line ${i}\n`);
  results.push({ argv, ...(await runCommandLine(argv)) });
}
const segments = readFileSync(log, 'utf8').split(/^#line \d+\n/m);
const urls = (text) => text.split('\n').filter(Boolean);
process.stdout.write(
  JSON.stringify({
    loaded: urls(segments[0]),
    lines: results.map((result, i) => ({ ...result, urls: urls(segments[i + 1] ?? '') })),
  }),
);
