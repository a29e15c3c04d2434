/** The state file in a command's write plan: how `run` and `consent` declare it. */
import type { PlannedWrite } from '../../files/plan.js';

/**
 * The state file a run or consent will write. A state counts as ours by its format (state-use.ts
 * decides whose it is, and the run carries its values forward), so an edit does not make it the
 * person's; a file that is not a state is never replaced.
 */
export const stateWrite = (path: string): PlannedWrite => ({
  path,
  kind: 'state',
  from: '--state',
  signSuffices: true,
});
