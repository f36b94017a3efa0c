// The log's positions: what a reader may trust and when the bus hears of a commit, whatever
// order writers take their ids in and finish.
import { expect, test } from "vitest";
import { type Delivery, MemoryEventBus } from "./bus";
import { type LoggedDelivery, LogPositions } from "./positions";

const delivery = (id: number): LoggedDelivery => ({
  event: { id: String(id), type: "chat:updated", data: { chatId: `c${id}`, action: "renamed" } },
  recipients: ["u"],
});

function tracked() {
  const bus = new MemoryEventBus();
  const heard: string[] = [];
  const publish = bus.publish.bind(bus);
  bus.publish = (deliveries: readonly Delivery[]) => {
    heard.push(...deliveries.map((d) => ("id" in d.event ? d.event.id : "?")));
    publish(deliveries);
  };
  return { positions: new LogPositions(bus), heard };
}

test("a commit with a larger id waits on the bus until the smaller one is settled", () => {
  const { positions, heard } = tracked();
  const early = positions.begin();
  positions.allocated(early, [1]);
  const late = positions.begin();
  positions.allocated(late, [2]);
  positions.settle(late, [delivery(2)]);
  expect(heard).toEqual([]);
  expect(positions.safe()).toBe(0);
  positions.settle(early, [delivery(1)]);
  expect(heard).toEqual(["1", "2"]);
  expect(positions.safe()).toBe(2);
});

test("a writer still waiting for its ids holds the safe position at what was known when it began", () => {
  const { positions, heard } = tracked();
  const first = positions.begin();
  positions.allocated(first, [5]);
  positions.settle(first, [delivery(5)]);
  expect(positions.safe()).toBe(5);
  // "slow" asks before "quick" hears its id: the sequence may give slow the smaller one.
  const slow = positions.begin();
  const quick = positions.begin();
  positions.allocated(quick, [7]);
  positions.settle(quick, [delivery(7)]);
  expect(positions.safe()).toBe(5);
  expect(heard).toEqual(["5"]);
  positions.allocated(slow, [6]);
  expect(positions.safe()).toBe(5);
  positions.settle(slow, [delivery(6)]);
  expect(heard).toEqual(["5", "6", "7"]);
  expect(positions.safe()).toBe(7);
});

test("a rolled-back writer frees the ids after its own", () => {
  const { positions, heard } = tracked();
  const failed = positions.begin();
  positions.allocated(failed, [1, 2]);
  const kept = positions.begin();
  positions.allocated(kept, [3]);
  positions.settle(kept, [delivery(3)]);
  expect(heard).toEqual([]);
  positions.settle(failed, []);
  expect(heard).toEqual(["3"]);
  expect(positions.safe()).toBe(3);
});

test("a commit held back by a writer's floor is published once that writer learns its ids", () => {
  const { positions, heard } = tracked();
  const slow = positions.begin();
  const quick = positions.begin();
  positions.allocated(quick, [1]);
  positions.settle(quick, [delivery(1)]);
  expect(heard).toEqual([]);
  // slow's ids are above 1: 1 is committed and nothing can come before it any more. Whoever
  // reads safe() now (a stream, the other instances) must find it published.
  positions.allocated(slow, [3]);
  expect(positions.safe()).toBe(2);
  expect(heard).toEqual(["1"]);
  positions.settle(slow, [delivery(3)]);
  expect(heard).toEqual(["1", "3"]);
});
