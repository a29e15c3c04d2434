/**
 * Names the built scripts leave on `Math` (a built-in every script context shares), for the builder
 * to tell which script needs what without importing sandbox code. src/postman/lib/bundle-api.ts
 * keeps its own copy so the Postman bundle's bytes stay as they are; a test checks both agree.
 */

/** The property on `Math` under which the client-authentication bundle registers its API. */
export const BUNDLE_API_KEY = '__ofm_postman_api__';
