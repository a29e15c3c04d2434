/**
 * Postman environments: one per target and auth method. Every variable the collections use is
 * present with a description; secrets are present with an empty value and type `secret`, so a
 * generated environment can be shared with partner teams as it is.
 */
import type { AuthMethod } from '../shared/variables.js';
import { VAR } from '../shared/variables.js';
import { ALL_VARIABLES } from '../shared/variable-specs.js';
import { stableId } from './ids.js';
import type { Target } from './targets.js';

export interface EnvironmentValue {
  key: string;
  value: string;
  type: 'default' | 'secret';
  enabled: true;
  description: string;
}

export interface PostmanEnvironment {
  id: string;
  name: string;
  values: EnvironmentValue[];
  _postman_variable_scope: 'environment';
}

export { environmentFileName } from './file-names.js';

/** The values `target` and `auth` decide (the rest are the variables' defaults, or empty). */
export function targetValues(target: Target, auth: AuthMethod): Record<string, string> {
  return {
    [VAR.authMethod]: auth,
    [VAR.issuer]: target.issuer,
    [VAR.assertionAudience]: target.assertionAudience,
    ...(target.clientIds ? { [VAR.clientId]: target.clientIds[auth] } : {}),
    ...target.endpoints,
    ...target.variables,
  };
}

/**
 * Every variable for `target` and `auth` (Bruno's environments start from it). `overrides` fills
 * secret values and is only for private environments (`ofm-postman env`), never for the committed
 * ones. Postman and Newman get {@link buildPostmanEnvironment}.
 */
export function buildEnvironment(
  target: Target,
  auth: AuthMethod,
  overrides: Readonly<Record<string, string>> = {},
): PostmanEnvironment {
  const known = targetValues(target, auth);
  const values = ALL_VARIABLES.map((spec) => ({
    key: spec.name,
    value:
      overrides[spec.name] ?? (spec.secret ? '' : (known[spec.name] ?? spec.defaultValue ?? '')),
    type: spec.secret ? ('secret' as const) : ('default' as const),
    enabled: true as const,
    description: spec.description,
  }));
  const unknown = Object.keys(overrides).filter(
    (key) => !ALL_VARIABLES.some((s) => s.name === key),
  );
  if (unknown.length > 0) throw new Error(`unknown environment variables: ${unknown.join(', ')}`);
  return {
    id: stableId(`environment:${target.name}:${auth}`),
    name: `${target.title} (${auth})`,
    values,
    _postman_variable_scope: 'environment',
  };
}

/** Names of the variables given per run (see VariableSpec.perRun). */
const PER_RUN: ReadonlySet<string> = new Set(
  ALL_VARIABLES.filter((spec) => spec.perRun).map((spec) => spec.name),
);

/**
 * The environment file for Postman and Newman: {@link buildEnvironment} without the per-run
 * variables left empty (`ofm_random_seed`). Postman resolves a variable from the narrowest scope
 * that defines it, so an empty seed here would hide the one a run gives through `--global-var`
 * or a globals file, and Newman would warn WARN_OFM_WEAK_RANDOM; `--env-var` and
 * `ofm-postman run` add it when it is missing.
 */
export function buildPostmanEnvironment(
  target: Target,
  auth: AuthMethod,
  overrides: Readonly<Record<string, string>> = {},
): PostmanEnvironment {
  const env = buildEnvironment(target, auth, overrides);
  return { ...env, values: env.values.filter((v) => v.value !== '' || !PER_RUN.has(v.key)) };
}
