/**
 * A TCP listener on 127.0.0.1 that answers nothing and counts connections: what "nothing was
 * sent" is measured against when a command is pointed at it and must refuse before connecting.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpTrap {
  /** `https://127.0.0.1:<port>`, to use as an issuer or server URL. */
  readonly url: string;
  readonly port: number;
  /** Connections made so far. */
  connections(): number;
  close(): void;
}

export async function startTcpTrap(): Promise<TcpTrap> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
