/**
 * Newman's options for a run: the one place that knows Newman's option names. Everything comes
 * from inputs already resolved and checked (inputs/resolve.ts), so nothing here reads a file.
 */
import type { NewmanRunOptions } from 'newman';
import { VAR } from '../shared/variables.js';
import type { RunInputs } from './inputs/resolve.js';
import type { StageSettings } from './run-stage.js';

/** What the Newman stage adds to the inputs: the settings it passes on, and its own. */
export type NewmanStage = Required<Pick<StageSettings, 'bail' | 'color'>> &
  Pick<StageSettings, 'folders'> & {
    /** The run's fresh random seed (the scripts' DRBG starts from it). */
    readonly seed: string;
    /** Where Newman writes its raw JSON report (a private folder), when one is wanted. */
    readonly rawJsonPath: string | undefined;
    /** Newman's own reporters to enable (`cli`, `json`). */
    readonly reporters: readonly string[];
  };

/** Newman's run options for resolved inputs. */
export function newmanOptions(
  inputs: RunInputs,
  stage: NewmanStage,
): NewmanRunOptions & Record<string, unknown> {
  const overrides = { ...inputs.envVars, ...inputs.secrets };
  return {
    collection: inputs.collection as never,
    environment: inputs.environment as never,
    // The seed goes in as an environment override: environments define ofm_random_seed (empty),
    // and an environment value would hide a global one.
    envVar: [
      ...Object.entries(overrides).map(([key, value]) => ({ key, value })),
      { key: VAR.randomSeed, value: stage.seed },
    ],
    reporters: [...stage.reporters],
    reporter: { json: { export: stage.rawJsonPath }, cli: { noSummary: false } },
    color: stage.color ? 'on' : 'off',
    timeoutRequest: inputs.timeoutRequest,
    insecureFileRead: true,
    ...(inputs.iterationData ? { iterationData: inputs.iterationData as never } : {}),
    ...(stage.folders ? { folder: [...stage.folders] as never } : {}),
    ...(inputs.iterations ? { iterationCount: inputs.iterations } : {}),
    ...(stage.bail ? { bail: true } : {}),
    // A copy: Newman appends the single certificate to the list it is given.
    ...(inputs.certList ? { sslClientCertList: [...inputs.certList] as never } : {}),
    ...(inputs.cert
      ? {
          sslClientCert: inputs.cert.cert,
          sslClientKey: inputs.cert.key,
          ...(inputs.cert.passphrase ? { sslClientPassphrase: inputs.cert.passphrase } : {}),
        }
      : {}),
    ...(inputs.ca ? { sslExtraCaCerts: inputs.ca } : {}),
  };
}
