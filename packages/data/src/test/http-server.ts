import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers for one request path. */
export type Reply =
  | { status: number; body?: Uint8Array | string; contentType?: string; headers?: Record<string, string> }
  /** Sends the headers promising the whole body, half of it, then closes the connection. */
  | { cutAfterHalf: Uint8Array };

/** A local HTTP server on 127.0.0.1 for download tests; `requests` counts requests per path. */
export interface TestServer {
  readonly baseUrl: string;
  readonly requests: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a server on a free loopback port that answers each request with `reply(path)`. */
export async function startTestServer(reply: (path: string) => Reply): Promise<TestServer> {
  const requests = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const answer = reply(path);
    if ('cutAfterHalf' in answer) {
      response.writeHead(200, { 'content-length': answer.cutAfterHalf.length });
      response.write(answer.cutAfterHalf.subarray(0, answer.cutAfterHalf.length >> 1), () =>
        response.destroy(),
      );
      return;
    }
    response.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'application/octet-stream',
      ...answer.headers,
    });
    response.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
