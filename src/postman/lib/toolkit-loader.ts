/** The run's toolkit: evaluated once per run and then reused (see toolkit.ts for why). */
import type { RunCache } from './run-cache.js';

export type Toolkit = typeof import('./toolkit.js');

declare function require(id: './toolkit.js'): Toolkit;

export function loadToolkit(cache: RunCache): Toolkit {
  let toolkit = cache['toolkit'] as Toolkit | undefined;
  if (toolkit === undefined) {
    // Bundled by esbuild: this becomes a call to the module's lazy initialiser.
    toolkit = require('./toolkit.js');
    cache['toolkit'] = toolkit;
  }
  return toolkit;
}
