/** An HTTP server on 127.0.0.1 (port from the OS) that records every request it receives. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** What the server answers: status, content type and body; default 200 {"ok":true}. */
export type Responder = (
  request: RecordedRequest,
) => Answer | undefined | Promise<Answer | undefined>;

interface Answer {
  status: number;
  type?: string;
  body: string;
  /** Further response headers (a redirect's location). */
  headers?: Record<string, string>;
}

export async function startRecordingServer(responder?: Responder): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = (await responder?.(recorded)) ?? { status: 200, body: '{"ok":true}' };
      res.writeHead(answer.status, {
        'content-type': answer.type ?? 'application/json',
        ...answer.headers,
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
