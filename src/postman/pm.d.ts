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

interface PmUrl {
  toString(): string;
  query: PmPropertyList<PmKeyValue>;
}

interface PmRequest {
  toJSON(): unknown;
  method: string;
  url: PmUrl;
  headers: PmPropertyList<PmKeyValue>;
  body?: {
    mode?: string;
    urlencoded?: PmPropertyList<PmKeyValue>;
  };
}

interface PmResponse {
  code: number;
  headers: PmPropertyList<PmKeyValue>;
  text(): string;
  json(): unknown;
  responseTime: number;
}

interface PmScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  unset?(name: string): void;
}

interface PmSendRequestOptions {
  url: string;
  method: string;
  header?: Array<{ key: string; value: string }>;
  body?: { mode: 'urlencoded'; urlencoded: Array<{ key: string; value: string }> };
}

declare const pm: {
  variables: PmScope & { replaceIn(template: string): string };
  environment: PmScope & { name?: string };
  request: PmRequest;
  response: PmResponse;
  info: { requestName?: string; requestId?: string; iteration?: number; eventName?: string };
  test(name: string, fn: () => void): void;
  execution: { skipRequest(): void; setNextRequest(name: string | null): void };
  sendRequest(
    request: PmSendRequestOptions,
    callback: (error: unknown, response: PmResponse | undefined) => void,
  ): void;
};

declare const console: {
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
};
