/** Pre-request script of the Providers request: asks for the next page when one is pending. */
import { VAR } from '../../shared/variables.js';

const cursor = pm.variables.get(VAR.providersNextPage);
const pagesSoFar = Number(pm.variables.get(VAR.providersPageCount) || '0');
pm.request.url.query.remove((p) => p.key === 'next_page_params', undefined);
// A cursor left over from an interrupted run is ignored: a new walk starts at page one.
if (cursor && pagesSoFar > 0) pm.request.url.query.add({ key: 'next_page_params', value: cursor });
