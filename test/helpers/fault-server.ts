import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Route = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

export interface FaultServer {
  baseUrl: string;
  /** Requests seen since the last `reset`, as "METHOD /path". */
  readonly seen: string[];
  /** What the next requests get; `attempt` counts from 1 since the last `reset`, which also ends hanging responses. */
  reset(route: Route): void;
  openConnections(): number;
  /** Ends hanging responses, then resolves once every connection has closed. */
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1:0 whose behaviour each test sets, for faults no mock server produces. */
export async function startFaultServer(): Promise<FaultServer> {
  let route: Route = (_, response) => response.writeHead(500).end();
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const pending = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    pending.add(response);
    response.once("close", () => pending.delete(response));
    request.resume();
    request.once("end", () => route(request, response, seen.length));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    seen,
    reset(next) {
      // A response a test left hanging is the server's to end; fetch may keep an aborted socket around for a while.
      for (const response of pending) response.destroy();
      route = next;
      seen.length = 0;
    },
    openConnections: () => [...sockets].filter((socket) => !socket.destroyed).length,
    close: () => {
      for (const response of pending) response.destroy();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers }).end(text);
}
