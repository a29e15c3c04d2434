/** Globals that some Postman sandboxes have and others lack; probe them with `typeof` only. */
declare const crypto: unknown;
