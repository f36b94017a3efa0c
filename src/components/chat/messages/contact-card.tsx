"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Avatar } from "@/components/ui/avatar";
import { toast } from "@/components/ui/toast";
import { fullName } from "@/lib/format";
import type { PublicUser } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { useMe } from "@/components/chat/me-context";

/** A shared profile inside a message, with the way to write to that person. */
export function ContactCard({ contact, mine }: { contact: PublicUser | null; mine: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const me = useMe();
  const open = useMutation(
    trpc.chats.openDirect.mutationOptions({
      onSuccess: (chat) => router.push(`/chats/${chat.id}`),
      onError: (error) => toast(error.message, "error"),
    }),
  );
  if (!contact) {
    return (
      <p data-testid="contact-card" className="italic opacity-80">
        Shared contact (account deleted)
      </p>
    );
  }
  const name = fullName(contact);
  return (
    <div data-testid="contact-card" className="min-w-52">
      <div className="flex items-center gap-3 py-1">
        <Avatar name={name} seed={contact.id} src={contact.avatarUrl} online={contact.online} />
        <div className="min-w-0">
          <p className="truncate font-semibold">{name}</p>
          <p className={`truncate text-sm ${mine ? "text-white/90" : "text-slate-500 dark:text-slate-400"}`}>@{contact.username}</p>
        </div>
      </div>
      {contact.id !== me.id ? (
        <button
          type="button"
          onClick={() => open.mutate({ userId: contact.id })}
          disabled={open.isPending}
          className={`mt-1 w-full rounded-lg py-1.5 text-sm font-semibold transition-colors disabled:opacity-60 ${
            mine ? "bg-white/15 hover:bg-white/25" : "bg-brand-50 text-brand-600 hover:bg-brand-100 dark:bg-brand-500/10 dark:text-brand-100"
          }`}
        >
          Message
        </button>
      ) : null}
    </div>
  );
}
