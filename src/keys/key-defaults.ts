/**
 * Defaults of the test PKI that the CLI shows in `--help`. Kept apart from test-pki.ts, which
 * loads jsrsasign and jose, so that describing an option does not load a certificate library.
 */
import { join } from 'node:path';

/** Default key folder: under .ofm/, which ignores itself in Git (files/private-folder.ts). */
export const DEFAULT_KEYS_DIR = join('.ofm', 'keys');
/** Key sizes `ofm-postman keys --bits` accepts. */
export const KEY_SIZES = [2048, 3072, 4096] as const;
