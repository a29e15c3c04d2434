/** Small helpers the journey's scripts share: reading variables and the current request's context. */

export const get = (name: string): string | undefined => pm.variables.get(name);

/** Per-request input for the random source. */
export function requestContext(label: string): string {
  return `${label}|${pm.info.requestId ?? ''}|${pm.info.iteration ?? ''}`;
}

/** Replaces (never duplicates) a urlencoded body parameter. */
export function setFormParam(key: string, value: string): void {
  const form = pm.request.body?.urlencoded;
  if (form === undefined) throw new Error('the request has no urlencoded body');
  form.remove((p) => p.key === key, undefined);
  form.add({ key, value });
}
