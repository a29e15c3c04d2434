/**
 * The rooms of src/ keep their import rules (.dependency-cruiser.cjs), and docs/architecture.md is
 * the picture of those rules as they stand.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import {
  architectureDocument,
  ARCHITECTURE_DOC,
  drawnArrows,
  reachable,
} from '../../scripts/lib/architecture.js';
import { cruiseRooms, readRooms } from '../../scripts/lib/cruise.js';
import { REPO_ROOT } from '../helpers/paths.js';

it('has a rule for every folder of src/, and no rule for a folder that is gone', () => {
  const folders = readdirSync(join(REPO_ROOT, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  assert.deepEqual(Object.keys(readRooms()).sort(), folders);
});

it('allows only imports of rooms that exist, and no loop between rooms', () => {
  const rooms = readRooms();
  for (const [room, { imports }] of Object.entries(rooms)) {
    for (const to of imports) assert.ok(rooms[to], `${room} may import ${to}, which is no room`);
  }
  // A loop would make two rooms one, and the layers of the picture meaningless.
  for (const room of Object.keys(rooms))
    assert.ok(!reachable(rooms, room).has(room), `${room} reaches itself`);
  assert.ok(drawnArrows(rooms).length >= Object.keys(rooms).length - 1, 'every room is drawn');
  assert.deepEqual(rooms['shared']?.imports, [], 'shared imports no other room');
});

it('finds no forbidden import in src/ (what npm run lint checks)', async () => {
  const { violations, cruised } = await cruiseRooms();
  assert.ok(cruised > 100, `cruised ${cruised} modules`);
  assert.deepEqual(violations, []);
});

it(`${ARCHITECTURE_DOC} is drawn from the rules (npm run docs:generate)`, async () => {
  const written = readFileSync(join(REPO_ROOT, ARCHITECTURE_DOC), 'utf8');
  assert.equal(written, await architectureDocument(), 'run npm run docs:generate');
});
