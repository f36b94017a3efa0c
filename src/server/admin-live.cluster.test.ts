// The admin dashboard with two instances (one database, one Redis): the live connections and
// the online state count the sockets of both, whichever instance the admin asks.
import { createTRPCClient, httpLink } from "@trpc/client";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { AppRouter } from "@/server/api/root";
import { users } from "@/server/db/schema";
import { type Instances, listen, signUp, startInstances } from "@/server/testing/two-instances";
import type { SpawnedServer } from "@/server/testing/spawned-server";

let instances: Instances;
beforeAll(async () => {
  instances = await startInstances(2);
});
afterAll(() => instances.stop());

const clientOf = (on: SpawnedServer, token?: string) =>
  createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${on.base}/api/trpc`, transformer: superjson, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });

test("an admin streaming on A and someone on B: two live connections, both online, on either instance", { timeout: 60_000 }, async () => {
  const [a, b] = instances.servers as [SpawnedServer, SpawnedServer];
  const boss = await signUp(a, "boss");
  const bo = await signUp(b, "bo");
  const handle = instances.database.open();
  try {
    await handle.db.update(users).set({ role: "admin" }).where(eq(users.id, boss.user.id));
  } finally {
    await handle.close();
  }
  // Signed in again as the admin they now are.
  const { token } = await clientOf(a).auth.login.mutate({ username: boss.user.username, password: "secret-password" });
  const admin = { ...boss, token };

  const dashboard = async (on: SpawnedServer) => {
    const api = clientOf(on, token);
    const stats = await api.admin.stats.query();
    const listed = await api.admin.users.query({ limit: 100 });
    const online = (id: string) => listed.items.find((u) => u.id === id)?.online;
    return { live: stats.liveConnections, admin: online(boss.user.id), bo: online(bo.user.id) };
  };

  const adminOnA = await listen(admin, a);
  const boOnB = await listen(bo, b);
  for (const on of [a, b]) expect(await dashboard(on)).toEqual({ live: 2, admin: true, bo: true });

  boOnB.close();
  const deadline = Date.now() + 10_000;
  while ((await dashboard(a)).live !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await dashboard(a)).toEqual({ live: 1, admin: true, bo: false });
  adminOnA.close();
});
