/** Pre-request script of the token exchange: without an authorization code, say what to do. */
import { FlowError } from '../../shared/errors/flow-errors.js';
import { VAR } from '../../shared/variables.js';
import { failAndSkip } from '../pm/report.js';

const code = pm.variables.get(VAR.authorizationCode);
if (!code || code.includes('{{')) {
  const url = pm.variables.get(VAR.authorizationUrl);
  failAndSkip(
    new FlowError(
      'ERR_OFM_CODE_MISSING',
      `${VAR.authorizationCode} is empty${url ? `; open ${url}` : ''}.`,
    ),
  );
}
