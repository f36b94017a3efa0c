"use client";
// The composer's lock for one direct chat: off or on as the chat's "Always secure" says until
// the person flips it; disabled with the reason where this browser cannot encrypt.
import { useEffect, useState } from "react";
import type { ChatInfo } from "@/lib/api-types";
import type { SecureToggle } from "@/components/chat/composer/composer";
import { secureUnavailableReason } from "./support";

const CHECKING = "Checking whether this browser can encrypt…";

export function useSecureToggle(info: ChatInfo | undefined): SecureToggle | null {
  const [unavailable, setUnavailable] = useState<string | null>(CHECKING);
  const [choice, setChoice] = useState<boolean | null>(null);
  // A new "Always secure" setting sets the lock again.
  const secureDefault = info?.secureDefault ?? false;
  const [defaultSeen, setDefaultSeen] = useState(secureDefault);
  if (defaultSeen !== secureDefault) {
    setDefaultSeen(secureDefault);
    setChoice(null);
  }
  useEffect(() => {
    let stale = false;
    void secureUnavailableReason().then((reason) => !stale && setUnavailable(reason));
    return () => {
      stale = true;
    };
  }, []);
  if (info?.type !== "direct") return null;
  return { on: unavailable === null && (choice ?? secureDefault), unavailable, onChange: setChoice };
}
