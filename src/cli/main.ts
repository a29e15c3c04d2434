/**
 * The ofm-postman binary (bin/ofm-postman.js loads it): runs the command line on the process's own
 * streams, then exits.
 */
import { hideBin } from 'yargs/helpers';
import { main } from './command-line.js';

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

await exitWhenFlushed(await main(hideBin(process.argv)));
