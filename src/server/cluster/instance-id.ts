// Which instance this process is, in every record the instances share (presence's rows in the
// database, the cluster link's messages): one id per process, the same for every caller.
import { randomBytes } from "node:crypto";
import { redisClient } from "@/server/redis";
import { clusterLink } from "./link";

const key = Symbol.for("relay.instanceId");
type Holder = { [key]?: string };

/** The cluster link's id when Relay shares a Redis (REDIS_URL), else a random one of this process's own. */
export function instanceId(): string {
  const holder = globalThis as Holder;
  return (holder[key] ??= clusterLink(redisClient())?.instanceId ?? randomInstanceId());
}

/** A fresh id: for each server a test starts in one process (each one is an instance of its own). */
export function randomInstanceId(): string {
  return randomBytes(8).toString("hex");
}
