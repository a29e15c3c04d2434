/**
 * `npm run lint`'s import check: dependency-cruiser with .dependency-cruiser.cjs over src/. It calls
 * the library, not the `depcruise` binary, because the binary refuses Node 20 (its engines say
 * ^22), which this package supports; the library runs on it unchanged.
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
