"use client";
// The secure parts of the chat, each its own chunk: the crypto, the key store and the QR code
// load only when a secure message, the verification screen or the key notice is shown.
import dynamic from "next/dynamic";

export const SecureBody = dynamic(() => import("./secure-body").then((m) => m.SecureBody), {
  ssr: false,
  loading: () => <p className="text-[15px] italic opacity-80">Decrypting…</p>,
});

export const SafetyNumberDialog = dynamic(() => import("./safety-number-dialog").then((m) => m.SafetyNumberDialog), { ssr: false });

export const KeyChangeNotice = dynamic(() => import("./key-change-notice").then((m) => m.KeyChangeNotice), { ssr: false });

export const SecureDevices = dynamic(() => import("./secure-devices").then((m) => m.SecureDevices), { ssr: false });

/** Sets up this browser's device if it has none; loads the key code on first use. */
export async function setUpDevice(...args: Parameters<typeof import("./device").ensureDevice>) {
  const { ensureDevice } = await import("./device");
  return ensureDevice(...args);
}

/** My devices changed: this browser's device is checked against the server on its next use. */
export async function recheckDevice(userId: string) {
  (await import("./device")).recheckDevice(userId);
}

/** Sends one secure text; loads the sealing code on first use. */
export async function sendSecure(...args: Parameters<typeof import("./send-secure").sendSecureText>) {
  const { sendSecureText } = await import("./send-secure");
  return sendSecureText(...args);
}
