/**
 * A write whose content cannot be made again (a saved flow, fresh tokens): when the disk refuses
 * it after the checks passed, the content goes to an owner-only folder of its own under the
 * system's temporary folder, and the error says where, so nothing is lost.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isOfmError, UsageError } from '../shared/errors.js';
import { writeOwned, type OwnedFile } from './write.js';

/** {@link writeOwned}; on ERR_OFM_WRITE_FAILED, saves `text` elsewhere and says where. */
export async function writeOwnedOrRescue(
  path: string,
  text: string,
  file: OwnedFile,
  use: string,
): Promise<void> {
  try {
    await writeOwned(path, text, file);
  } catch (error) {
    if (!isOfmError(error) || error.code !== 'ERR_OFM_WRITE_FAILED') throw error;
    const folder = await mkdtemp(join(tmpdir(), 'ofm-postman-rescued-')); // 0700
    const rescued = join(folder, basename(path));
    // If even this fails, the original error stands and the rescue's is the cause.
    await writeFile(rescued, text, { mode: 0o600, flag: 'wx' }).catch((cause: unknown) => {
      throw new UsageError('ERR_OFM_WRITE_FAILED', error.message, { cause, hint: error.hint });
    });
    throw new UsageError(
      'ERR_OFM_WRITE_FAILED',
      `${error.message.replace(/; [^;]*\.$/, '')}; it was saved to ${rescued} (owner-only) instead.`,
      { cause: error, hint: `copy it to ${path}, or ${use} ${rescued}` },
    );
  }
}
