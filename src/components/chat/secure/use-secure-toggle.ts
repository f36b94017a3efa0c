"use client";
// The composer's lock for one direct chat: off or on as the chat's "Always secure" says until
// the person flips it; disabled with the reason where this browser cannot encrypt. While it is
// on, this browser's device is set up (a first use), and the lock says when it is ready.
import { useEffect, useState } from "react";
import type { ChatInfo } from "@/lib/api-types";
import { useTRPCClient } from "@/trpc/react";
import type { SecureToggle } from "@/components/chat/composer/lock-button";
import { useMe } from "@/components/chat/me-context";
import { setUpDevice } from "./lazy";
import { secureUnavailableReason } from "./support";

const CHECKING = "Checking whether this browser can encrypt…";
type Setup = { userId: string; state: "ready" } | { userId: string; state: "failed"; reason: string };

export function useSecureToggle(info: ChatInfo | undefined): SecureToggle | null {
  const client = useTRPCClient();
  const me = useMe();
  const [unavailable, setUnavailable] = useState<string | null>(CHECKING);
  const [choice, setChoice] = useState<boolean | null>(null);
  const [setup, setSetup] = useState<Setup | null>(null);
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
  const on = info?.type === "direct" && unavailable === null && (choice ?? secureDefault);
  const settingUp = on && setup?.userId !== me.id;
  useEffect(() => {
    if (!settingUp) return;
    let stale = false;
    setUpDevice(client, me.id).then(
      () => !stale && setSetup({ userId: me.id, state: "ready" }),
      (error: unknown) => !stale && setSetup({ userId: me.id, state: "failed", reason: error instanceof Error ? error.message : "Something went wrong" }),
    );
    return () => {
      stale = true;
    };
  }, [settingUp, client, me.id]);
  if (info?.type !== "direct") return null;
  const note =
    unavailable ??
    (!on
      ? "End-to-end encryption is off"
      : settingUp || !setup
        ? "Setting up encryption on this device…"
        : setup.state === "failed"
          ? `Could not set up encryption: ${setup.reason}`
          : "End-to-end encryption is on");
  return { on, unavailable, note, onChange: setChoice };
}
