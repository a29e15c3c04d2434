/**
 * What happened in a run, request by request: the one model every output (console, JUnit, HTML,
 * state) is rendered from. Newman's own reporters each rebuild a partial view of the run from its
 * events, and that is how a refused request vanished from JUnit; here the events are recorded once,
 * raw, and each output masks what it prints.
 */
import type { EventEmitter } from 'node:events';
import { forEachRequest } from './inputs/folders.js';
import { SKIP_PREFIX, type SkipKind, parseSkipLine } from '../shared/skip.js';

/** One header as sent or received. */
export interface Header {
  readonly key: string;
  readonly value: string;
}

/** One HTTP exchange: the item's own request, or one a script sent with pm.sendRequest. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: readonly Header[];
  readonly requestBody: string | undefined;
  readonly status: number | undefined;
  readonly statusText: string | undefined;
  readonly responseHeaders: readonly Header[];
  readonly responseBody: string | undefined;
  readonly timeMs: number | undefined;
  /** The transport error (no response at all): refused connection, untrusted certificate, time-out. */
  readonly error: string | undefined;
  /** Sent by a script (pm.sendRequest: a token or key-set fetch), not the item's own request. */
  readonly byScript: boolean;
}

export interface AssertionResult {
  readonly name: string;
  readonly passed: boolean;
  /** The failure message, when failed. */
  readonly message: string | undefined;
}

export interface ConsoleLine {
  readonly level: string;
  readonly message: string;
}

/** Why a request was not sent, when a script stopped it without recording a failure. */
export interface SkipNote {
  readonly kind: SkipKind;
  readonly message: string;
}

/** One execution of one request (an item runs several times when a script pages through a list). */
export interface Execution {
  readonly iteration: number;
  readonly itemId: string;
  readonly name: string;
  /** The item's HTTP method, as the collection defines it (also for a request never sent). */
  readonly method: string;
  /** Folder names from the collection root down to the request, without the request itself. */
  readonly path: readonly string[];
  readonly exchanges: Exchange[];
  readonly assertions: AssertionResult[];
  readonly console: ConsoleLine[];
  /** Set when a script skipped the request on purpose and said why (not a failure by itself). */
  skip: SkipNote | undefined;
}

/** The item's own request, if it was sent. */
export function mainExchange(execution: Execution): Exchange | undefined {
  return execution.exchanges.find((e) => !e.byScript);
}

/** True when every assertion passed, the request went out (or was skipped on purpose) and did not error. */
export function executionPassed(execution: Execution): boolean {
  const main = mainExchange(execution);
  if (execution.assertions.some((a) => !a.passed)) return false;
  if (main === undefined) return execution.skip !== undefined;
  return main.error === undefined;
}

/** A request the script stopped without saying why with a skip line: a refusal, so a failure. */
export function wasRefused(execution: Execution): boolean {
  return mainExchange(execution) === undefined && execution.skip === undefined;
}

/** Folder path of every item in a collection, by id and by name (collections without ids). */
export function folderPaths(collection: object): Map<string, string[]> {
  const out = new Map<string, string[]>();
  forEachRequest(collection, ({ id, name }, folders) => {
    out.set(`id:${id}`, folders);
    if (!out.has(`name:${name}`)) out.set(`name:${name}`, folders);
  });
  return out;
}

interface NewmanHeaderList {
  all?(): Array<{ key: string; value: string }>;
}
interface NewmanItem {
  id?: string;
  name?: string;
  request?: { method?: string };
}
interface NewmanCursor {
  iteration?: number;
  ref?: string;
  scriptId?: string;
  httpRequestId?: string;
}
interface NewmanRequestArgs {
  cursor?: NewmanCursor;
  item?: NewmanItem;
  request?: {
    method?: string;
    url?: { toString(): string };
    headers?: NewmanHeaderList;
    body?: { toString(): string; mode?: string };
  };
  response?: {
    code?: number;
    status?: string;
    responseTime?: number;
    headers?: NewmanHeaderList;
    text?(): string;
  };
}

function headers(list: NewmanHeaderList | undefined): Header[] {
  try {
    return (list?.all?.() ?? [])
      .filter((h) => h.key.toLowerCase() !== 'postman-token')
      .map((h) => ({ key: String(h.key), value: String(h.value) }));
  } catch {
    return []; // A header list Newman could not render: the exchange is still recorded.
  }
}

function bodyText(body: { toString(): string; mode?: string } | undefined): string | undefined {
  if (body === undefined || body.mode === undefined) return undefined;
  const text = body.toString();
  return text === '' || text === '[object Object]' ? undefined : text;
}

/** Records Newman's events into executions. Attach it before the run starts. */
export class RunRecorder {
  readonly executions: Execution[] = [];
  private readonly open = new Map<string, Execution>();
  private readonly paths: Map<string, string[]>;

  /** `onFinished` is called when a request, its scripts and its tests have all run. */
  constructor(
    collection: object,
    private readonly onFinished?: (execution: Execution) => void,
  ) {
    this.paths = folderPaths(collection);
  }

  attach(emitter: EventEmitter): void {
    emitter.on('beforeItem', (_e: unknown, args: { cursor: NewmanCursor; item: NewmanItem }) =>
      this.begin(args.cursor, args.item),
    );
    emitter.on('request', (error: Error | null, args: NewmanRequestArgs) =>
      this.request(error, args),
    );
    emitter.on(
      'assertion',
      (
        error: Error | null,
        args: { cursor: NewmanCursor; item: NewmanItem; assertion: string; skipped?: boolean },
      ) => this.assertion(error, args),
    );
    emitter.on(
      'console',
      (_e: unknown, args: { cursor: NewmanCursor; level: string; messages: unknown[] }) =>
        this.console(args),
    );
    emitter.on('item', (_e: unknown, args: { cursor: NewmanCursor }) => this.finish(args.cursor));
  }

  private begin(cursor: NewmanCursor, item: NewmanItem): void {
    const path =
      (item.id !== undefined ? this.paths.get(`id:${item.id}`) : undefined) ??
      this.paths.get(`name:${item.name ?? ''}`) ??
      [];
    const execution: Execution = {
      iteration: cursor.iteration ?? 0,
      itemId: item.id ?? item.name ?? '',
      name: item.name ?? '',
      method: item.request?.method ?? '',
      path,
      exchanges: [],
      assertions: [],
      console: [],
      skip: undefined,
    };
    this.executions.push(execution);
    this.open.set(cursor.ref ?? '', execution);
  }

  /**
   * Records a request the runner decided not to run (an unattended run's skips), so it shows in
   * the console, JUnit and HTML like a request a script skipped.
   */
  addPlannedSkip(name: string, method: string, message: string): Execution {
    const execution: Execution = {
      iteration: 0,
      itemId: name,
      name,
      method,
      path: this.paths.get(`name:${name}`) ?? [],
      exchanges: [],
      assertions: [],
      console: [],
      skip: { kind: 'not-applicable', message },
    };
    this.executions.push(execution);
    return execution;
  }

  private finish(cursor: NewmanCursor): void {
    const execution = this.open.get(cursor.ref ?? '');
    this.open.delete(cursor.ref ?? '');
    if (execution !== undefined) this.onFinished?.(execution);
  }

  /** The execution an event belongs to; events outside an item (none today) get their own. */
  private current(cursor: NewmanCursor | undefined, item: NewmanItem | undefined): Execution {
    const found = this.open.get(cursor?.ref ?? '');
    if (found !== undefined) return found;
    this.begin(cursor ?? {}, item ?? {});
    return this.executions[this.executions.length - 1] as Execution;
  }

  private request(error: Error | null, args: NewmanRequestArgs): void {
    const execution = this.current(args.cursor, args.item);
    const response = args.response;
    execution.exchanges.push({
      method: args.request?.method ?? '',
      url: args.request?.url?.toString() ?? '',
      requestHeaders: headers(args.request?.headers),
      requestBody: bodyText(args.request?.body),
      status: response?.code,
      statusText: response?.status,
      responseHeaders: headers(response?.headers),
      responseBody: response?.text?.(),
      timeMs: response?.responseTime,
      error: error ? error.message : undefined,
      // pm.sendRequest traffic carries the id of the script that sent it.
      byScript: args.cursor?.scriptId !== undefined,
    });
  }

  private assertion(
    error: Error | null,
    args: { cursor: NewmanCursor; item: NewmanItem; assertion: string; skipped?: boolean },
  ): void {
    if (args.skipped) return; // pm.test.skip: not run, so neither passed nor failed
    this.current(args.cursor, args.item).assertions.push({
      name: args.assertion,
      passed: !error,
      message: error ? error.message : undefined,
    });
  }

  private console(args: { cursor: NewmanCursor; level: string; messages: unknown[] }): void {
    const execution = this.current(args.cursor, undefined);
    const message = args.messages.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
    execution.console.push({ level: args.level, message });
    if (message.startsWith(SKIP_PREFIX)) execution.skip = parseSkipLine(message);
  }
}
