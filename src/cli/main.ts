/**
 * The ofm-postman binary (bin/ofm-postman.js loads it): runs the command line on the process's own
 * streams, then exits. The command line (yargs and every command's module) is imported only when
 * it is needed: `--version` alone, which CI jobs log, prints the package version without it.
 */

/**
 * Exits as soon as the command is done: a handle a dependency left open (a keep-alive socket, a
 * timer) must not keep a CI job waiting after the result was printed. Output is flushed first, so
 * nothing written to a pipe is lost.
 */
async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map(
      (stream) => new Promise<void>((done) => stream.write('', () => done())),
    ),
  );
  process.exit(code);
}

// A reader that stops early (`ofm-postman run | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    throw error;
  });

/**
 * `ofm-postman --version` (or `-v`) and nothing else: what yargs would print, the package version
 * and a newline, for half the CPU (no yargs, no command modules). Any other command line, `-v`
 * among other arguments included, goes to yargs.
 */
async function printVersionAlone(given: readonly string[]): Promise<boolean> {
  if (given.length !== 1 || (given[0] !== '--version' && given[0] !== '-v')) return false;
  const { PACKAGE_VERSION } = await import('../builder/paths.js');
  process.stdout.write(`${PACKAGE_VERSION}\n`);
  return true;
}

if (await printVersionAlone(process.argv.slice(2))) await exitWhenFlushed(0);
const [{ hideBin }, { main }] = await Promise.all([
  import('yargs/helpers'),
  import('./command-line.js'),
]);
await exitWhenFlushed(await main(hideBin(process.argv)));
