/** Runs a collection with Newman as a library, collecting assertions and console output. */
import type { NewmanRunOptions, NewmanRunSummary } from 'newman';
// Loaded as the CLI loads it, so Node 24's DEP0176 from newman does not clutter test output.
import { loadNewman } from '../../src/runner/newman.js';

export interface AssertionRecord {
  readonly name: string;
  readonly passed: boolean;
  readonly error: string | undefined;
  readonly item: string;
  readonly iteration: number;
}

export interface NewmanResult {
  readonly summary: NewmanRunSummary;
  readonly assertions: AssertionRecord[];
  readonly consoleLines: string[];
}

export async function runNewman(options: NewmanRunOptions): Promise<NewmanResult> {
  const newman = await loadNewman();
  return new Promise((resolve, reject) => {
    const assertions: AssertionRecord[] = [];
    const consoleLines: string[] = [];
    const emitter = newman.run({ reporters: [], ...options }, (error, summary) => {
      if (error) reject(error);
      else resolve({ summary, assertions, consoleLines });
    });
    emitter.on(
      'assertion',
      (
        error: Error | null,
        args: { assertion: string; item: { name: string }; cursor: { iteration: number } },
      ) => {
        assertions.push({
          name: args.assertion,
          passed: !error,
          error: error?.message,
          item: args.item.name,
          iteration: args.cursor.iteration,
        });
      },
    );
    emitter.on('console', (_error: unknown, args: { level: string; messages: unknown[] }) => {
      consoleLines.push(`${args.level}: ${args.messages.map(String).join(' ')}`);
    });
  });
}
