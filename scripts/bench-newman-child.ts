/**
 * One measured Newman run, in its own process so its peak memory is its own. Called by bench.ts:
 *
 *   tsx scripts/bench-newman-child.ts <spec.json>
 *
 * Prints one JSON line: per-request milliseconds, assertion failures, peak RSS.
 */
import { readFileSync } from 'node:fs';
import newman, { type NewmanRunSummary } from 'newman';

interface Spec {
  collection: object;
  environment: object;
  certList: object[];
  ca: string;
  iterations: number;
  globals?: Array<{ key: string; value: string }>;
}

const spec = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as Spec;
const consoleLines: string[] = [];
const summary = await new Promise<NewmanRunSummary>((resolve, reject) => {
  const emitter = newman.run(
    {
      collection: spec.collection as never,
      environment: spec.environment as never,
      iterationCount: spec.iterations,
      sslClientCertList: spec.certList as never,
      sslExtraCaCerts: spec.ca,
      globals: { values: spec.globals ?? [] } as never,
      reporters: [],
    } as never,
    (error, result) => (error ? reject(error) : resolve(result)),
  );
  emitter.on('console', (_e: unknown, args: { messages: unknown[] }) =>
    consoleLines.push(args.messages.map(String).join(' ')),
  );
});
const timings = summary.run.timings as { started: number; completed: number };
const requests = summary.run.stats.requests.total ?? 0;
process.stdout.write(
  `${JSON.stringify({
    requests,
    failed: (summary.run.stats.assertions.failed ?? 0) + summary.run.failures.length,
    perRequestMs: (timings.completed - timings.started) / Math.max(requests, 1),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    console: consoleLines,
  })}\n`,
);
