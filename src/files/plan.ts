/**
 * A command's write plan: every path it will write, declared and checked before anything is sent
 * or any server contacted, so a run never ends by failing to keep its result.
 */
import { assertWritable, type OwnedFile } from './write.js';

/** One file a command will write, and how. */
export interface PlannedWrite extends OwnedFile {
  readonly path: string;
  /** The bytes, when known beforehand: writing the same bytes again is always allowed. */
  readonly text?: string;
}

/**
 * Checks every planned write in order (folder writable, file absent, ours and unedited, or forced)
 * and throws the first refusal: ERR_OFM_NOT_WRITABLE, ERR_OFM_NOT_A_FILE or ERR_OFM_FILE_EXISTS.
 */
export async function checkWritePlan(plan: readonly PlannedWrite[]): Promise<void> {
  for (const write of plan) await assertWritable(write.path, write, write.text);
}
