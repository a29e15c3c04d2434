/** `exportEnvironment`: the environment after a run, written as newman --export-environment does. */
import { PACKAGE_VERSION } from '../builder/paths.js';
import { exportedUsing } from '../files/ours.js';
import type { PlannedWrite } from '../files/plan.js';
import { writeOwned, type OwnedFile } from '../files/write.js';
import type { VariableValue } from './secrets.js';

/** Where the environment is exported: an environment of ours, or a new file (or `force`). */
const exportFile = (force: boolean): OwnedFile => ({
  kind: 'environment',
  from: '--export-environment',
  force,
});

/** The exported environment in a run's write plan, checked before anything is sent. */
export const environmentExport = (path: string, force: boolean): PlannedWrite => ({
  path,
  ...exportFile(force),
});

/** Writes the environment after the run, owner-only, leaving out the variables in `leaveOut`. */
export async function writeExportedEnvironment(
  path: string,
  name: string,
  variables: readonly VariableValue[],
  leaveOut: ReadonlySet<string>,
  force: boolean,
): Promise<void> {
  const values = variables
    .filter((v) => !leaveOut.has(v.key))
    .map((v) => ({ key: v.key, value: v.value ?? '', type: v.type ?? 'default', enabled: true }));
  const environment = {
    name,
    values,
    _postman_variable_scope: 'environment',
    _postman_exported_using: exportedUsing(PACKAGE_VERSION),
  };
  await writeOwned(path, `${JSON.stringify(environment, null, 2)}\n`, exportFile(force));
}
