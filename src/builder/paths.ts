/** Locations inside the installed package, found from this file rather than the working directory. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 10; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ofm-postman') return dir;
    } catch {
      // No package.json here: keep walking up.
    }
    dir = dirname(dir);
  }
  throw new Error('ofm-postman package root not found');
}

/** The package root (the folder with ofm-postman's package.json). */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The package version from package.json. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** Where `npm run build` writes the bundled Postman scripts, and the installed package reads them. */
export const PREBUILT_SCRIPTS_DIR = join(PACKAGE_ROOT, 'dist', 'postman');

/** The Postman script entries: present in a checkout, not in the installed package. */
export const SCRIPT_SOURCE_DIR = join(PACKAGE_ROOT, 'src', 'postman', 'entries');
