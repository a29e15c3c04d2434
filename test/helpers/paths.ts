/** Repository paths for tests. */
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** ../shared beside the checkout: for tests and CI only, never read by the product. */
export const SHARED_DIR = join(REPO_ROOT, '..', 'shared');
export const COLLECTION_SCHEMA = join(
  SHARED_DIR,
  'schemas',
  'postman-collection-v2.1.0.schema.json',
);
