// The typed API as a developer's client sees it (Bearer token over HTTP): for journeys that
// need more history than a person could type, made fast.
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../src/server/api/root";
import type { Person } from "./fixtures";

export type Api = TRPCClient<AppRouter>;

/** Signs `person` in through the API and returns a client acting as them. */
export async function apiAs(baseURL: string, person: Person): Promise<Api> {
  const url = `${baseURL}/api/trpc`;
  const anonymous = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url, transformer: superjson })] });
  const { token } = await anonymous.auth.login.mutate({ username: person.username, password: person.password });
  return createTRPCClient<AppRouter>({
    // Calls made together go as one request (within the server's batch limit).
    links: [httpBatchLink({ url, transformer: superjson, headers: { authorization: `Bearer ${token}` }, maxItems: 50 })],
  });
}

/**
 * Sends `texts` to a chat, a batch of 50 at a time: each batch lands after the one before, and
 * within one the server orders them as they come. The sent messages, in the order of `texts`.
 */
export async function sendAll(api: Api, chatId: string, texts: string[]) {
  const sent = [];
  for (let from = 0; from < texts.length; from += 50) {
    sent.push(...(await Promise.all(texts.slice(from, from + 50).map((content) => api.messages.send.mutate({ chatId, content })))));
  }
  return sent;
}
