/** A JSON response: its status and parsed body. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Sends `method url` with an optional JSON body and parses the JSON answer. */
export async function requestJson(method: 'GET' | 'POST', url: string, body?: unknown): Promise<JsonResponse> {
  const init: RequestInit = body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(url, init);
  const parsed: unknown = await response.json();
  return { status: response.status, body: parsed };
}
