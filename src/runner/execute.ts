/**
 * The run itself: Newman driven through its library API, every event recorded by the run
 * recorder, script console lines passed on masked. Throws ERR_OFM_RUN_FAILED only when Newman
 * could not run the collection at all.
 */
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';
import { ServerError } from '../shared/errors.js';
import { loadNewman } from './newman.js';
import type { RunRecorder } from './record.js';

/** What a run leaves behind besides the record: the variable scopes after it. */
export type NewmanOutcome = Pick<NewmanRunSummary, 'environment' | 'globals' | 'run'> & {
  collection?: { variables?: unknown };
};

/** The outcome of a run that had nothing to send (every request was planned as skipped). */
export const NOTHING_SENT: NewmanOutcome = {
  environment: undefined as never,
  globals: undefined as never,
  run: { failures: [] } as never,
};

/** Runs Newman with the options; the recorder sees every event. */
export async function executeNewman(
  options: NewmanRunOptions,
  recorder: RunRecorder,
  onConsole: (level: string, message: string) => void,
): Promise<NewmanOutcome> {
  const newman = await loadNewman();
  try {
    return await new Promise<NewmanRunSummary>((resolvePromise, reject) => {
      const emitter = newman.run(options, (error, result) =>
        error ? reject(error) : resolvePromise(result),
      );
      recorder.attach(emitter);
      emitter.on('console', (_error: unknown, args: { level: string; messages: unknown[] }) =>
        onConsole(args.level, args.messages.map(String).join(' ')),
      );
    });
  } catch (cause) {
    throw new ServerError(
      'ERR_OFM_RUN_FAILED',
      `newman could not run the collection: ${(cause as Error).message}`,
      { cause, hint: 'check the collection, environment and certificate files' },
    );
  }
}
