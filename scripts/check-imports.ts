/**
 * `npm run lint`'s import check: dependency-cruiser with .dependency-cruiser.cjs over src/, through
 * its library (one process with the same rules that draw docs/architecture.md). Version 17, the
 * newest whose engines still admit Node 20, which this package supports.
 */
import { cruiseRooms } from './lib/cruise.js';

const { violations, cruised } = await cruiseRooms();
for (const v of violations) {
  process.stderr.write(`${v.from} -> ${v.to}: ${v.rule.name} (${v.comment})\n`);
}
if (violations.length > 0) {
  process.stderr.write(`check-imports: ${violations.length} forbidden import(s)\n`);
  process.exit(1);
}
process.stdout.write(`check-imports: ${cruised} modules, no forbidden import\n`);
