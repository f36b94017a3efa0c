// Test support: secure devices as a browser makes them (WebCrypto in Node), registered through
// the API, and messages sealed and opened with the crypto module itself.
import { generateDeviceKeys, openMessage, publicBundle, sealMessage, type DeviceKeys } from "@/lib/secure";
import type { TestUser } from "@/server/testing/harness";
import type { SecureDeviceView } from "@/server/services/keys/devices";

export type TestDevice = { keys: DeviceKeys; device: SecureDeviceView; owner: TestUser };

export async function newDevice(owner: TestUser, name = "Laptop"): Promise<TestDevice> {
  const keys = await generateDeviceKeys();
  const { device } = await owner.api.keys.registerDevice({ name, ...(await publicBundle(keys)) });
  return { keys, device, owner };
}

/** The active devices of both people of the chat, as a sender reads them from keys.bundles. */
export async function activeDevices(sender: TestUser, chatId: string): Promise<SecureDeviceView[]> {
  const { people } = await sender.api.keys.bundles({ chatId });
  return people.flatMap((person) => person.devices.filter((device) => device.revokedAt === null));
}

export async function seal(from: TestDevice, chatId: string, text: string, recipients?: SecureDeviceView[]) {
  return sealMessage({
    chatId,
    text,
    senderDeviceId: from.device.id,
    identity: from.keys.identity,
    recipients: recipients ?? (await activeDevices(from.owner, chatId)),
  });
}

/** The text as `reader` opens it, with the sender's identity key from keys.bundles. */
export async function openAs(reader: TestDevice, message: { chatId: string; secure: Parameters<typeof openMessage>[0]["envelope"] | null }) {
  if (!message.secure) throw new Error("not a secure message");
  const { people } = await reader.owner.api.keys.bundles({ chatId: message.chatId });
  const sender = people.flatMap((p) => p.devices).find((d) => d.id === message.secure!.senderDeviceId);
  return openMessage({
    chatId: message.chatId,
    envelope: message.secure,
    deviceId: reader.device.id,
    prekeys: new Map([[reader.keys.prekey.id, reader.keys.prekey.keyPair.privateKey]]),
    senderIdentityKey: sender?.identityKey ?? null,
  });
}
