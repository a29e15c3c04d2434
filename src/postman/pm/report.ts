/** How a sandbox script reports a refusal: a failing test named by the code, then no request. */
import { formatError, INTERNAL_ERRORS, isOfmError } from '../../shared/errors/ofm-error.js';

/** The one-line report of any error; a non-OfmError is a bug and says so. */
export function errorLine(error: unknown): string {
  if (isOfmError(error)) return formatError(error);
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return formatError({
    code: 'ERR_OFM_INTERNAL',
    message: `unexpected error in the ofm-postman script: ${detail}`,
    hint: INTERNAL_ERRORS.ERR_OFM_INTERNAL.hint,
  });
}

/** Records a failing test named by the error line, logs it, and stops the request. */
export function failAndSkip(error: unknown): void {
  const line = errorLine(error);
  pm.test(line, () => {
    throw new Error(line);
  });
  console.warn(line);
  pm.execution.skipRequest();
}
