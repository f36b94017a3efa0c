// Safety numbers: both people see the same 60 digits, and any device change alters them.
import { describe, expect, test } from "vitest";
import { generateDeviceKeys, publicBundle } from "./keys";
import { fingerprint, groupDigits, safetyNumber, safetyQrPayload } from "./safety-number";
import { RFC8032_TEST1, RFC8032_TEST2, b64 } from "./test-vectors";

const identityKey = async () => (await publicBundle(await generateDeviceKeys())).identityKey;

describe("safetyNumber", () => {
  test("is the same 60 digits on both sides, whatever the order of people or keys", async () => {
    const [phone, laptop, bob] = await Promise.all([identityKey(), identityKey(), identityKey()]);
    const alice = { userId: "user-a", identityKeys: [phone, laptop] };
    const nadia = { userId: "user-b", identityKeys: [bob] };
    const seenByAlice = await safetyNumber(alice, nadia);
    expect(seenByAlice).toMatch(/^\d{60}$/);
    expect(await safetyNumber(nadia, alice)).toBe(seenByAlice);
    expect(await safetyNumber({ ...alice, identityKeys: [laptop, phone] }, nadia)).toBe(seenByAlice);
    expect(seenByAlice.slice(0, 30)).toBe(await fingerprint("user-a", [phone, laptop]));
  });

  test("changes when a device is added or revoked", async () => {
    const [phone, laptop, bob] = await Promise.all([identityKey(), identityKey(), identityKey()]);
    const nadia = { userId: "user-b", identityKeys: [bob] };
    const before = await safetyNumber({ userId: "user-a", identityKeys: [phone] }, nadia);
    const added = await safetyNumber({ userId: "user-a", identityKeys: [phone, laptop] }, nadia);
    expect(added).not.toBe(before);
    expect(added.slice(30)).toBe(before.slice(30));
    expect(await safetyNumber({ userId: "user-a", identityKeys: [laptop] }, nadia)).not.toBe(before);
  });

  test("a fingerprint is fixed by its user id and keys", async () => {
    const keys = [b64(RFC8032_TEST1.public), b64(RFC8032_TEST2.public)];
    const first = await fingerprint("user-a", keys);
    // Committed once: two browsers running different releases must still agree.
    expect(first).toBe("800099772013545038455902008089");
    expect(await fingerprint("user-a", [...keys].reverse())).toBe(first);
    expect(await fingerprint("user-b", keys)).not.toBe(first);
  });

  test("reads in groups of five and encodes a versioned QR payload", () => {
    const digits = "0123456789".repeat(6);
    expect(groupDigits(digits).split(" ")).toHaveLength(12);
    expect(groupDigits(digits).startsWith("01234 56789 ")).toBe(true);
    expect(safetyQrPayload(digits)).toBe(`relay-safety:v1:${digits}`);
  });
});
