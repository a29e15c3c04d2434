/**
 * The part of the Postman sandbox API that the entries use. Only entries touch `pm`; everything
 * under lib/ is pure and takes what it needs as arguments.
 */
interface PmPropertyList<T> {
  has(key: string): boolean;
  get(key: string): string | undefined;
  add(item: T): void;
  remove(predicate: (item: T) => boolean, context?: unknown): void;
  each(fn: (item: T) => void): void;
  all(): T[];
}

interface PmKeyValue {
  key: string;
  value: string;
  disabled?: boolean;
}

interface PmRequest {
  method: string;
  url: { toString(): string };
  headers: PmPropertyList<PmKeyValue>;
  body?: {
    mode?: string;
    urlencoded?: PmPropertyList<PmKeyValue>;
  };
}

interface PmScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

declare const pm: {
  variables: PmScope;
  request: PmRequest;
  info: { requestName?: string; requestId?: string; iteration?: number; eventName?: string };
  test(name: string, fn: () => void): void;
  execution: { skipRequest(): void };
};

declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
};
