/** What a command's handler takes: the arguments its builder declares, as yargs infers them. */
import type { Argv } from 'yargs';

/**
 * The arguments a builder makes yargs parse (`.option()` and `.options()` infer them from each
 * declaration), so no interface repeats a command's options.
 */
export type BuilderArgs<B> = B extends (yargs: Argv) => Argv<infer T> ? T : never;
