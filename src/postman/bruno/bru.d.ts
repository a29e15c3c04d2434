/**
 * The part of Bruno's script API (`@usebruno/cli` 4.x, default safe sandbox) that the pm adapter
 * uses. Only adapter.ts touches these.
 */
interface BruHttpResponse {
  status: number;
  headers?: Record<string, unknown>;
  data?: unknown;
}

declare const bru: {
  getVar(name: string): unknown;
  setVar(name: string, value: unknown): void;
  deleteVar(name: string): void;
  getRequestVar(name: string): unknown;
  getFolderVar(name: string): unknown;
  getEnvVar(name: string): unknown;
  getEnvName(): string | undefined;
  getCollectionVar(name: string): unknown;
  getGlobalEnvVar(name: string): unknown;
  interpolate(template: string): string;
  sendRequest(options: {
    method: string;
    url: string;
    headers: Record<string, string>;
    data?: string;
  }): Promise<BruHttpResponse>;
  runner: {
    skipRequest(): void;
    setNextRequest(name: string | null): void;
    iterationIndex?: number;
  };
};

interface BruFormParam {
  name: string;
  value: string;
  enabled?: boolean;
}

declare const req: {
  getUrl(): string;
  setUrl(url: string): void;
  getMethod(): string;
  getName(): string;
  getHeaders(): Record<string, unknown>;
  setHeader(name: string, value: string): void;
  deleteHeader(name: string): void;
  getBody(options?: { raw: boolean }): unknown;
  setBody(data: unknown, options?: { raw: boolean }): void;
};

declare const res: {
  getStatus(): number;
  getHeaders(): Record<string, unknown>;
  getBody(): unknown;
  getResponseTime(): number;
};

declare function test(name: string, fn: () => void): void;
