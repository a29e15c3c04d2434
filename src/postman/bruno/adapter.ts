/**
 * The `pm` the Postman scripts expect, over Bruno's `bru`, `req`, `res` and `test`: the same built
 * scripts run in Bruno unchanged. The generated Bruno collection puts this bundle first in its
 * collection-level scripts; it leaves a factory on `Math` (like the bundle API, it survives the
 * closures Bruno wraps each script in), and every script of the collection starts with
 * `var pm = Math.__ofm_bruno_pm('<phase>');` and ends with `await pm.settle();`, so the requests a
 * script sends with pm.sendRequest finish before Bruno moves on.
 */
import { ACCOUNT_DATA_LOG_PREFIX, PRINT_ACCOUNT_DATA } from '../../shared/log-lines.js';
import { itemsOf, listOver, requestForm, requestHeaders, requestQuery } from './lists.js';
import {
  muteWarningsAfterSkip,
  noteConsoleLine,
  noteFailedTest,
  requestSkipped,
  stopRequest,
} from './refusal.js';

type Phase = 'prerequest' | 'test';
type SendCallback = (error: unknown, response: PmResponse | undefined) => void;

const UNSET_PROCESS_ENV = /^\{\{process\.env\.[\w.-]+\}\}$/;

/** A Bruno value as Postman gives it: strings, undefined when unset (or a missing process.env). */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return UNSET_PROCESS_ENV.test(s) ? undefined : s;
}

/** Postman's lookup order: runtime, request, folder, environment, collection, global. */
function lookup(name: string): string | undefined {
  const scopes = [
    bru.getVar,
    bru.getRequestVar,
    bru.getFolderVar,
    bru.getEnvVar,
    bru.getCollectionVar,
    bru.getGlobalEnvVar,
  ];
  for (const scope of scopes) {
    let value: string | undefined;
    try {
      value = text(scope.call(bru, name));
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
  }
  return undefined;
}

function responseOver(status: number, headers: unknown, body: unknown, ms: number): PmResponse {
  const raw = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return {
    code: status,
    headers: listOver(
      () => itemsOf(headers as Record<string, unknown>),
      () => undefined,
    ),
    text: () => raw,
    json: () => (typeof body === 'string' ? JSON.parse(body) : body),
    responseTime: ms,
  };
}

function formEncode(items: ReadonlyArray<{ key: string; value: string }>): string {
  return items.map((i) => `${encodeURIComponent(i.key)}=${encodeURIComponent(i.value)}`).join('&');
}

function sender(pending: Array<Promise<void>>) {
  return (request: PmSendRequestOptions, callback: SendCallback): void => {
    const headers: Record<string, string> = {};
    for (const h of request.header ?? []) headers[h.key] = h.value;
    const form = request.body?.urlencoded;
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const started = Date.now();
    const over = (r: BruHttpResponse) =>
      responseOver(r.status, r.headers, r.data, Date.now() - started);
    const sent = bru
      .sendRequest({
        method: request.method,
        url: request.url,
        headers,
        ...(form !== undefined ? { data: formEncode(form) } : {}),
      })
      .then(
        (response) => callback(null, over(response)),
        (error: { response?: BruHttpResponse }) =>
          error?.response ? callback(null, over(error.response)) : callback(error, undefined),
      );
    pending.push(sent);
  };
}

function requestOver(headers: PmPropertyList<PmKeyValue>): PmRequest {
  return {
    get method() {
      return req.getMethod();
    },
    url: { toString: () => req.getUrl(), query: requestQuery() },
    headers,
    get body() {
      const urlencoded = requestForm();
      return urlencoded === undefined ? undefined : { mode: 'urlencoded', urlencoded };
    },
    toJSON: () => ({
      method: req.getMethod(),
      url: req.getUrl(),
      header: headers.all(),
      body: { urlencoded: requestForm()?.all() },
    }),
  };
}

type Log = ((...args: unknown[]) => void) & { ofmQuiet?: true };

/**
 * Newman's runner hides decrypted account data unless --verbose; Bruno prints every console line
 * of a script, so here the line is replaced by a notice unless ofm_print_account_data is `true`.
 * Wraps console.log once per script context.
 */
function quietAccountData(): void {
  const log = console.log as Log;
  if (log.ofmQuiet) return;
  const quiet: Log = (...args) => {
    const line = args[0];
    noteConsoleLine(line);
    if (
      typeof line === 'string' &&
      line.startsWith(ACCOUNT_DATA_LOG_PREFIX) &&
      lookup(PRINT_ACCOUNT_DATA) !== 'true'
    )
      log(`${ACCOUNT_DATA_LOG_PREFIX}not printed (--env-var ${PRINT_ACCOUNT_DATA}=true prints it)`);
    else log(...args);
  };
  quiet.ofmQuiet = true;
  console.log = quiet;
}

/**
 * pm.test over Bruno's test(). Before the request, a failing test names the refusal that follows
 * (refusal.ts), and a request already skipped on purpose records nothing more.
 */
function testIn(phase: Phase) {
  return (name: string, fn: () => void): void => {
    if (phase === 'test') return test(name, fn);
    if (requestSkipped()) return;
    test(name, () => {
      try {
        fn();
      } catch (error) {
        noteFailedTest(name);
        throw error;
      }
    });
  };
}

/** The `pm` of one script in `phase`, with `settle()` to await the requests it sent. */
function makePm(phase: Phase) {
  quietAccountData();
  muteWarningsAfterSkip();
  const pending: Array<Promise<void>> = [];
  const headers = requestHeaders();
  // The flow's values (state, nonce, tokens, consent_id ...) are Bruno runtime variables: bru run
  // writes whatever a script puts in the environment back into environments/*.bru, a committed
  // file. Runtime variables come first in Bruno's interpolation, so requests still see them.
  // Clearing removes the runtime value, so what the user types into the environment (the code
  // pasted after logging in at the bank) is seen again, as in Postman where both are one variable.
  const clear = (name: string) => bru.deleteVar(name);
  const environment = {
    get: (name: string) => text(bru.getVar(name)) ?? text(bru.getEnvVar(name)),
    set: (name: string, value: string) => (value === '' ? clear(name) : bru.setVar(name, value)),
    unset: clear,
    get name() {
      return bru.getEnvName();
    },
  };
  const adapter: typeof pm & { settle(): Promise<void> } = {
    variables: {
      get: lookup,
      set: (name, value) => bru.setVar(name, value),
      replaceIn: (template) => bru.interpolate(template),
    },
    environment,
    request: requestOver(headers.list),
    get response() {
      return responseOver(res.getStatus(), res.getHeaders(), res.getBody(), res.getResponseTime());
    },
    info: {
      requestName: req.getName(),
      requestId: req.getName(),
      iteration: bru.runner.iterationIndex ?? 0,
      eventName: phase,
    },
    test: testIn(phase),
    execution: {
      // Only before the request is a stop a skip or a refusal (refusal.ts).
      skipRequest: () =>
        phase === 'test' ? bru.runner.skipRequest() : stopRequest(() => bru.runner.skipRequest()),
      setNextRequest: (name) => bru.runner.setNextRequest(name),
    },
    sendRequest: sender(pending),
    settle: async () => {
      // A callback may send again: wait until nothing is left.
      while (pending.length > 0) await pending.splice(0).reduce((a, b) => a.then(() => b));
      headers.flush();
    },
  };
  return adapter;
}

Object.defineProperty(Math, '__ofm_bruno_pm', {
  value: makePm,
  enumerable: false,
  configurable: true,
});
