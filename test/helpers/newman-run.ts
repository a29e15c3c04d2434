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
  /** Every request sent, in order; `fromScript` for pm.sendRequest calls. */
  readonly requests: RequestRecord[];
}

export interface RequestRecord {
  readonly item: string;
  readonly url: string;
  readonly code: number | undefined;
  readonly fromScript: boolean;
}

/** Newman's library API: the project's own, or another install of it (test/runtime-next). */
export type NewmanLibrary = Pick<Awaited<ReturnType<typeof loadNewman>>, 'run'>;

export async function runNewman(
  options: NewmanRunOptions,
  library?: NewmanLibrary,
): Promise<NewmanResult> {
  const newman = library ?? (await loadNewman());
  return new Promise((resolve, reject) => {
    const assertions: AssertionRecord[] = [];
    const consoleLines: string[] = [];
    const requests: RequestRecord[] = [];
    const emitter = newman.run({ reporters: [], ...options }, (error, summary) => {
      if (error) reject(error);
      else resolve({ summary, assertions, consoleLines, requests });
    });
    emitter.on(
      'request',
      (
        _error: unknown,
        args: {
          cursor?: { scriptId?: string };
          item?: { name: string };
          request?: { url?: { toString(): string } };
          response?: { code: number };
        },
      ) => {
        requests.push({
          item: args.item?.name ?? '',
          url: args.request?.url?.toString() ?? '',
          code: args.response?.code,
          fromScript: args.cursor?.scriptId !== undefined,
        });
      },
    );
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
