// Which instance a process is, in every record the instances share (presence's rows in the
// database, the cluster link's messages): the link's id when there is one (instance.ts).
import { randomBytes } from "node:crypto";

/** A fresh id: for a process alone, and for each server a test starts in one process. */
export function randomInstanceId(): string {
  return randomBytes(8).toString("hex");
}
