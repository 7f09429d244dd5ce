import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCallback {
  method: string;
  path: string;
  /** The raw query string, exactly as it arrived. */
  rawQuery: string;
  body: unknown;
}

/** Stands in for the bus: records each callback and answers with what the test asks for. */
export class CallbackReceiver {
  readonly received: ReceivedCallback[] = [];
  answer: unknown = { error_code: 'SUCCESSFUL', error_message: 'ok' };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<CallbackReceiver> {
    const holder: { receiver?: CallbackReceiver } = {};
    const server = createServer((request, response) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => {
        const [path, rawQuery = ''] = (request.url ?? '').split('?');
        holder.receiver?.received.push({
          method: request.method ?? '',
          path,
          rawQuery,
          body: text ? (JSON.parse(text) as unknown) : undefined,
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(holder.receiver?.answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new CallbackReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    );
    return holder.receiver;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
