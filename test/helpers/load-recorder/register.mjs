/**
 * `node --import ./register.mjs`: records the URL of every module the process resolves, one per
 * line, in the file named by OFM_LOAD_LOG. Tests use it to prove a command leaves a package unloaded.
 *
 * Where Node has synchronous in-thread hooks (module.registerHooks, Node 22.15 and later) they
 * record: they cost next to nothing, where the off-thread hooks of module.register (Node 20) start
 * a second thread and double a `--help`'s CPU. The in-thread hooks also see require() calls, so
 * they record a CommonJS package's own dependencies too: a superset of what Node 20 records.
 */
import { appendFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import process from 'node:process';

const file = process.env.OFM_LOAD_LOG;
if (!file) throw new Error('set OFM_LOAD_LOG to the file that receives the module URLs');
if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      appendFileSync(file, `${result.url}\n`);
      return result;
    },
  });
} else {
  nodeModule.register('./hooks.mjs', import.meta.url, { data: { file } });
}
