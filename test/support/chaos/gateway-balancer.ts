import { Server, Socket, connect, createServer } from 'node:net';

export interface GatewayBalancer {
  /** One stable address in front of every gateway replica, as a province's load balancer gives its clients. */
  url: string;
  /** The replicas' ports now: a killed replica leaves, a restarted one (on a new port) joins. */
  setTargets(ports: number[]): void;
  close(): Promise<void>;
}

/**
 * A TCP load balancer in front of the gateway replicas: each connection goes to the next replica that accepts it,
 * so a replica that is down costs a caller nothing but the connections it held when it died (those fail, as they
 * would behind a real balancer). Callers and the payment gateways' callbacks keep one address across restarts.
 */
export async function startGatewayBalancer(): Promise<GatewayBalancer> {
  let targets: number[] = [];
  let next = 0;
  const sockets = new Set<Socket>();
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const forward = (caller: Socket, tried: number): void => {
    if (targets.length === 0 || tried >= targets.length) {
      caller.destroy();
      return;
    }
    const port = targets[next++ % targets.length];
    const gateway = track(connect(port, '127.0.0.1'));
    let connected = false;
    gateway.once('connect', () => {
      connected = true;
      caller.pipe(gateway);
      gateway.pipe(caller);
      caller.resume();
    });
    gateway.on('error', () => {
      // Refused before anything was exchanged: the caller has sent nothing yet, so another replica may take it.
      if (!connected) forward(caller, tried + 1);
      else caller.destroy();
    });
    gateway.on('close', () => {
      if (connected) caller.destroy();
    });
    caller.on('close', () => gateway.destroy());
  };
  const server: Server = createServer({ pauseOnConnect: true }, (caller) => {
    track(caller);
    caller.on('error', () => caller.destroy());
    forward(caller, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets(ports) {
      targets = [...ports];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
