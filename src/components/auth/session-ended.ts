// When the server closes the live socket because this browser's session is over (signed out
// here or from another device, or a token it no longer accepts), reconnecting would only be
// refused again: the page goes to /login instead and says why there (signed-out-notice.tsx).
import { CloseCode } from "@/lib/close-codes";

/** Where the sentence waits for the sign-in page (sessionStorage, this tab only). */
export const SIGNED_OUT_NOTICE_KEY = "relay.signed-out-notice";

/** Where the ban notice waits for the signed-out page (sessionStorage, this tab only). */
export const BAN_NOTICE_KEY = "relay.ban-notice";

function noticeFor(code: number, reason: string): string | null {
  if (code === CloseCode.sessionRevoked) {
    return reason === "Signed out from another device"
      ? "This device was signed out from another one. Sign in again to continue."
      : "You have been signed out.";
  }
  if (code === CloseCode.invalidToken) return "Your session has ended. Sign in again to continue.";
  return null;
}

/** Leaves for the sign-in page if the close says the session is over; true when it did. */
export function leaveIfSessionEnded(cause: { code?: number; reason?: string } | undefined): boolean {
  const notice = cause?.code === undefined ? null : noticeFor(cause.code, cause.reason ?? "");
  if (!notice) return false;
  if (window.location.pathname !== "/login") {
    sessionStorage.setItem(SIGNED_OUT_NOTICE_KEY, notice);
    window.location.replace("/login");
  }
  return true;
}
