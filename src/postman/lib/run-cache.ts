/**
 * Per-run state for the sandbox script.
 *
 * Newman evaluates the script text again for every request but keeps one script context per run,
 * so an object hung on a shared built-in survives between requests of the same run and a new run
 * starts empty (postman-platform reference, section 1). The key carries the bundle id, so two
 * different builds never share state.
 */

/** A plain record that lives as long as the sandbox context. */
export type RunCache = Record<string, unknown>;

/** Returns the cache of this bundle build, creating it on first use. */
export function getRunCache(bundleId: string): RunCache {
  const holder = Math as unknown as Record<string, unknown>;
  const key = `__ofm_postman_${bundleId}`;
  const existing = holder[key];
  if (typeof existing === 'object' && existing !== null) return existing as RunCache;
  const created: RunCache = {};
  // Not enumerable, so it never shows up when a user script walks Math.
  Object.defineProperty(holder, key, { value: created, enumerable: false, configurable: true });
  return created;
}
