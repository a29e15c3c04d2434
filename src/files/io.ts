/**
 * Where the command line writes, reads and leaves its exit code: the process's own streams, or
 * the streams of one in-process call (runCommandLine in cli/command-line.ts). Commands write
 * through {@link io} rather than `process.stdout`, so an in-process call captures exactly what the
 * binary would print; AsyncLocalStorage scopes each call, so concurrent calls never mix output.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A stream the CLI writes text to. */
export interface OutStream {
  write(text: string): void;
  /** A terminal (colours, wrapping) rather than a pipe or a capture. */
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

/** One call's streams and exit code (set by a handler that finished but did not succeed). */
export interface CallStreams {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  exitCode: number | undefined;
}

const scope = new AsyncLocalStorage<CallStreams>();

function processStream(stream: NodeJS.WriteStream): OutStream {
  return {
    write: (text) => void stream.write(text),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  };
}

const PROCESS_STREAMS: CallStreams = {
  stdout: processStream(process.stdout),
  stderr: processStream(process.stderr),
  get stdin() {
    return process.stdin;
  },
  get exitCode() {
    return process.exitCode === undefined ? undefined : Number(process.exitCode);
  },
  set exitCode(code) {
    process.exitCode = code;
  },
};

/** The streams of the current call: an in-process call's own, else the process's. */
export const io: CallStreams = {
  get stdout() {
    return (scope.getStore() ?? PROCESS_STREAMS).stdout;
  },
  get stderr() {
    return (scope.getStore() ?? PROCESS_STREAMS).stderr;
  },
  get stdin() {
    return (scope.getStore() ?? PROCESS_STREAMS).stdin;
  },
  get exitCode() {
    return (scope.getStore() ?? PROCESS_STREAMS).exitCode;
  },
  set exitCode(code) {
    (scope.getStore() ?? PROCESS_STREAMS).exitCode = code;
  },
};

/** Runs `fn` with `streams` as {@link io} for everything it does, awaited work included. */
export function withStreams<T>(streams: CallStreams, fn: () => Promise<T>): Promise<T> {
  return scope.run(streams, fn);
}
