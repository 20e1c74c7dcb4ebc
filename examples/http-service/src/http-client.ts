import { Agent, request } from 'node:http';

/** A JSON response: its status and parsed body. */
export interface JsonResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** What {@link JsonClient.send} sends besides the method and path. */
export interface SendOptions {
  /** The body, sent as is with `Content-Type: application/json`; none when absent. */
  readonly body?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Extra request headers (`authorization` for the admin route). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * A small JSON client on `node:http` with keep-alive sockets, at most `maxSockets` at once
 * (the load's concurrency). Used instead of `fetch` because on loopback its per-request cost
 * is several times higher, and this example measures the service, not the client.
 */
export class JsonClient {
  readonly #agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.#agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** Sends the request and parses the JSON answer. */
  send<T>(method: 'GET' | 'POST', path: string, { body, signal, headers: extra = {} }: SendOptions = {}): Promise<JsonResponse<T>> {
    return new Promise((resolve, reject) => {
      const headers = body === undefined ? extra : { ...extra, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
      const req = request(`${this.baseUrl}${path}`, { method, headers, agent: this.#agent, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** `POST` with a JSON-encoded value. */
  post<T>(path: string, value: unknown, signal?: AbortSignal): Promise<JsonResponse<T>> {
    return this.send('POST', path, { body: JSON.stringify(value), signal });
  }

  /** Closes the idle keep-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }
}
