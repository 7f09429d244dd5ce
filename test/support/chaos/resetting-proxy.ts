import { Server, Socket, connect, createServer } from 'node:net';

export interface ResettingProxy {
  /** The proxy's address, with the target's scheme: what the bus is given in place of the partner's URL. */
  url: string;
  /** The share of the partner's answers cut in the middle by a reset (0 passes everything through). */
  setResetRate(rate: number): void;
  /** Resets the next `count` answers whatever the rate, then goes back to the rate: a fault a test can count on. */
  resetNext(count: number): void;
  /**
   * Holds back the partner's answers (the partner has applied the calls; the caller waits) until released with
   * false, when what was held is dropped with its connections: the caller never learns the outcome.
   */
  holdAnswers(hold: boolean): void;
  /** Answers held back now. */
  held(): number;
  /**
   * Passes each request on `ms` late (0: at once), even when its caller has given up meanwhile: a request that
   * reaches the partner after its sender stopped waiting, as one left in a buffer by a worker that was killed.
   */
  delayRequests(ms: number): void;
  /** Connections reset so far. */
  resets(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a partner that resets connections in the middle of the partner's answer: the partner
 * received and handled the request, the caller gets part of the answer, then ECONNRESET. It works below TLS and
 * HTTP, so it cuts whatever the bus and the partner exchange.
 */
export async function startResettingProxy(
  target: string,
  random: () => number = Math.random,
): Promise<ResettingProxy> {
  const { protocol, hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let rate = 0;
  let resets = 0;
  let forced = 0;
  let holding = false;
  let requestDelayMs = 0;
  const heldBack = new Set<Socket>();
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };
  const server: Server = createServer((caller) => {
    track(caller);
    const partner = track(connect(Number(port), hostname));
    let delayed = 0;
    let callerGone = false;
    caller.on('data', (chunk: Buffer) => {
      if (requestDelayMs === 0) {
        partner.write(chunk);
        return;
      }
      delayed += 1;
      setTimeout(() => {
        delayed -= 1;
        partner.write(chunk);
        // The caller left while this was held: the partner still gets the whole request, then the end of it.
        if (callerGone && delayed === 0) partner.end();
      }, requestDelayMs);
    });
    partner.on('data', (chunk: Buffer) => {
      if (holding) {
        heldBack.add(caller);
        return;
      }
      if (forced > 0) forced -= 1;
      else if (random() >= rate) {
        caller.write(chunk);
        return;
      }
      resets += 1;
      // Part of the answer first, so the caller has started reading when the connection goes.
      caller.write(chunk.subarray(0, Math.ceil(chunk.length / 2)), () => caller.resetAndDestroy());
      partner.destroy();
    });
    partner.on('end', () => caller.end());
    partner.on('close', () => caller.destroy());
    caller.on('end', () => {
      callerGone = true;
      if (delayed === 0) partner.end();
    });
    caller.on('close', () => {
      callerGone = true;
      if (delayed === 0) partner.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `${protocol}//127.0.0.1:${address.port}`,
    setResetRate: (next) => {
      rate = next;
    },
    holdAnswers: (hold) => {
      holding = hold;
      if (hold) return;
      for (const caller of heldBack) caller.destroy();
      heldBack.clear();
    },
    held: () => heldBack.size,
    delayRequests: (ms) => {
      requestDelayMs = ms;
    },
    resetNext: (count) => {
      forced = count;
    },
    resets: () => resets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
