/** Every file under a folder, as sorted paths relative to it (dot files included). */
import { readdirSync } from 'node:fs';
import { relative, join } from 'node:path';

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}
