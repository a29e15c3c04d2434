/**
 * dependency-cruiser over src/ with the rules of .dependency-cruiser.cjs: the lint check and the
 * architecture picture read the same rules and the same graph.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** The repository root (scripts/lib/..). */
export const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

/** A room of src/: what it does and which rooms it may import. */
export interface Room {
  readonly job: string;
  readonly imports: readonly string[];
}

/** The rooms as .dependency-cruiser.cjs declares them. */
export function readRooms(): Readonly<Record<string, Room>> {
  const config = createRequire(import.meta.url)(CONFIG) as IConfiguration & {
    ROOMS: Record<string, Room>;
  };
  return config.ROOMS;
}

/** One import a rule forbids. */
export interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly comment: string;
}

/** Cruises src/ from the repository root with the configured rules. */
export async function cruiseRooms(): Promise<{
  violations: Violation[];
  cruised: number;
  result: ICruiseResult;
}> {
  const cwd = process.cwd();
  process.chdir(ROOT); // the rules' paths are relative to the root
  try {
    const options = await extractDepcruiseOptions(CONFIG);
    const tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
    const output = await cruise(['src'], { ...options, validate: true }, {}, { tsConfig });
    const result = output.output as ICruiseResult;
    const comments = new Map(
      (options.ruleSet?.forbidden ?? []).map((rule) => [rule.name, rule.comment ?? '']),
    );
    const violations = result.summary.violations.map((v) => ({
      from: v.from,
      to: v.to,
      rule: { name: v.rule.name },
      comment: comments.get(v.rule.name) ?? '',
    }));
    return { violations, cruised: result.summary.totalCruised, result };
  } finally {
    process.chdir(cwd);
  }
}
