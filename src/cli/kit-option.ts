/**
 * `--kit DIR` for the commands that take key files: the kit's keys in use fill the options a
 * command already has (before yargs validates, so a required --cert is satisfied). An option
 * given by hand as well is refused: two sources for one key is a mistake, not a preference.
 */
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { readKitSync, type KitPaths } from '../keys/kit/kit-paths.js';
import { UsageError } from '../shared/errors.js';

/** Which option takes which file or kid of the kit. */
export type KitFill = (
  kit: KitPaths,
  argv: Readonly<Record<string, unknown>>,
) => Record<string, string>;

/** Adds --kit to a command; `fill` names the options it stands for. */
export function withKitOption<T>(yargs: Argv<T>, fill: KitFill, stands: string) {
  return yargs
    .option('kit', { type: 'string', describe: `Kit folder from ofm-postman onboard: ${stands}` })
    .middleware((parsed) => {
      const argv = parsed as Record<string, unknown>;
      const dir = argv['kit'];
      if (typeof dir !== 'string') return;
      for (const [option, value] of Object.entries(fill(readKitSync(resolve(dir)), argv))) {
        if (argv[option] !== undefined && argv[option] !== value)
          throw new UsageError('ERR_OFM_USAGE', `--kit and --${option} both name the ${option}.`, {
            hint: `give --kit or --${option}, not both`,
          });
        argv[option] = value;
      }
    }, true);
}
