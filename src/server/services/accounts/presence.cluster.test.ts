// Presence across two instances (one database, one Redis): someone connected to A is online
// for a contact on B, and goes offline for them within the silence limit once A is killed
// with SIGKILL (nobody took them offline: B found A silent).
import { afterAll, beforeAll, expect, test } from "vitest";
import { waitFor } from "@/server/testing/harness";
import { type Instances, listen, signUp, startInstances } from "@/server/testing/two-instances";

const SILENT_SECONDS = 3;
let instances: Instances;
beforeAll(async () => {
  instances = await startInstances(2, { INSTANCE_SILENT_SECONDS: String(SILENT_SECONDS) });
});
afterAll(() => instances.stop());

test("online while connected to A, offline for B's people once A is killed", { timeout: 60_000 }, async () => {
  const [a, b] = instances.servers as [Instances["servers"][number], Instances["servers"][number]];
  const ada = await signUp(a, "ada");
  const bo = await signUp(b, "bo");
  await ada.api(a).chats.openDirect.mutate({ userId: bo.user.id });
  const boOnB = await listen(bo, b);
  const presenceOfAda = () =>
    boOnB.received.flatMap(({ event }) => (event.type === "presence" && event.data.userId === ada.user.id ? [event.data.online] : []));

  const adaOnA = await listen(ada, a);
  await waitFor(() => presenceOfAda().includes(true), "Ada online, told to Bo on B");
  const seen = await bo.api(b).users.byId.query({ userId: ada.user.id });
  expect(seen.online).toBe(true);

  // Her socket stays open until the process dies: no close, no sync. B must notice.
  const killedAt = Date.now();
  a.child.kill("SIGKILL");
  await waitFor(() => presenceOfAda().at(-1) === false, "Ada offline, told to Bo on B", undefined, 30_000);
  expect(Date.now() - killedAt).toBeLessThan((SILENT_SECONDS * 2 + 2) * 1000);
  expect((await bo.api(b).users.byId.query({ userId: ada.user.id })).online).toBe(false);
  adaOnA.close();
  boOnB.close();
});
