// A call between people on two instances (one database, one Redis): it rings on the callee's
// instance, is answered and hung up there, and each party hears each step once; unanswered, it
// rings out once, whichever instance's timer or sweep gets there.
import { afterAll, beforeAll, expect, test } from "vitest";
import { waitFor } from "@/server/testing/harness";
import { type Instances, listen, signUp, startInstances } from "@/server/testing/two-instances";

let instances: Instances;
type Server = Instances["servers"][number];
let a: Server;
let b: Server;
beforeAll(async () => {
  instances = await startInstances(2, { CALL_RING_SECONDS: "1" });
  [a, b] = instances.servers as [Server, Server];
});
afterAll(() => instances.stop());

/** Ada on A and Bo on B in a direct chat, each listening on their own instance. */
async function adaOnAAndBoOnB() {
  const ada = await signUp(a, "ada");
  const bo = await signUp(b, "bo");
  const chat = await ada.api(a).chats.openDirect.mutate({ userId: bo.user.id });
  return { ada, bo, chat, adaOnA: await listen(ada, a), boOnB: await listen(bo, b) };
}

const callEvents = (stream: Awaited<ReturnType<typeof listen>>, callId: string) =>
  stream.received.flatMap(({ event }) => (event.type.startsWith("call:") && "id" in event.data && event.data.id === callId ? [event.type] : []));

test("answered on the other instance and hung up there: each party hears each step once", { timeout: 60_000 }, async () => {
  const { ada, bo, chat, adaOnA, boOnB } = await adaOnAAndBoOnB();

  const call = await ada.api(a).calls.initiate.mutate({ chatId: chat.id, type: "audio" });
  await waitFor(() => callEvents(boOnB, call.id).includes("call:incoming"), "the call ringing on B");
  await bo.api(b).calls.answer.mutate({ callId: call.id });
  await waitFor(() => callEvents(adaOnA, call.id).includes("call:accepted"), "the answer reaching A");
  await bo.api(b).calls.end.mutate({ callId: call.id });
  await waitFor(() => callEvents(adaOnA, call.id).includes("call:ended"), "the hang-up reaching A");
  // Past the ring time: no timer on either instance ends it again.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(callEvents(adaOnA, call.id)).toEqual(["call:accepted", "call:ended"]);
  expect(callEvents(boOnB, call.id)).toEqual(["call:incoming", "call:accepted", "call:ended"]);
  adaOnA.close();
  boOnB.close();
});

test("unanswered across instances: it rings out once", { timeout: 60_000 }, async () => {
  const { ada, chat, adaOnA, boOnB } = await adaOnAAndBoOnB();

  const call = await ada.api(a).calls.initiate.mutate({ chatId: chat.id, type: "video" });
  await waitFor(() => callEvents(boOnB, call.id).includes("call:ended") && callEvents(adaOnA, call.id).includes("call:ended"), "the call to ring out", undefined, 20_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(callEvents(adaOnA, call.id)).toEqual(["call:ended"]);
  expect(callEvents(boOnB, call.id)).toEqual(["call:incoming", "call:ended"]);
  const ended = adaOnA.received.find(({ event }) => event.type === "call:ended")!.event;
  expect(ended.type === "call:ended" && ended.data.status).toBe("missed");
  adaOnA.close();
  boOnB.close();
});
