import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** The bot-side sockets open right now (one per pooled database connection). */
  clientSockets(): net.Socket[];
  /** Like the server going away: open connections are reset and new ones refused. */
  cut(): Promise<void>;
  /** The server is back: new connections are forwarded again (on the same port). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP forwarder to `target` that a test can cut and restore, to stop Postgres without stopping it. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  async function listen(): Promise<void> {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      clients.add(client);
      client.on('close', () => clients.delete(client));
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as net.AddressInfo).port;
  }

  async function cut(): Promise<void> {
    const closed = server ? new Promise<void>((resolve) => server!.close(() => resolve())) : Promise.resolve();
    for (const s of sockets) s.resetAndDestroy();
    server = undefined;
    await closed;
  }

  await listen();
  return {
    get port() {
      return port;
    },
    clientSockets: () => [...clients],
    cut,
    restore: listen,
    close: cut,
  };
}
