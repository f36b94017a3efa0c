// Test support: a plain-HTTP client of the REST API (/api/v1), as a developer's script would
// call it, with no tRPC client in between.
export type RestAnswer<T = unknown> = { status: number; body: T; headers: Headers };

export type RestCall = {
  token?: string | null;
  body?: unknown;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
};

export async function rest<T = unknown>(base: string, method: string, path: string, call: RestCall = {}): Promise<RestAnswer<T>> {
  const url = new URL(`/api/v1${path}`, base);
  for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}
