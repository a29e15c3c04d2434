/**
 * `node --import ./register.mjs`: records the URL of every module the process resolves, one per
 * line, in the file named by OFM_LOAD_LOG. Tests use it to prove a command leaves a package unloaded.
 */
import { register } from 'node:module';
import process from 'node:process';

const file = process.env.OFM_LOAD_LOG;
if (!file) throw new Error('set OFM_LOAD_LOG to the file that receives the module URLs');
register('./hooks.mjs', import.meta.url, { data: { file } });
