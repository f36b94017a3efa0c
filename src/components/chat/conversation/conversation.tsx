"use client";
import { useQuery } from "@tanstack/react-query";
import { Copy, Flag, Forward, Info, Pencil, Pin, PinOff, Reply, Trash, Trash2 } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useUploadLimit } from "@/components/media/upload-limit";
import { toast } from "@/components/ui/toast";
import { fullName } from "@/lib/format";
import { MAX_ATTACHMENTS, QUOTE_LENGTH } from "@/lib/limits";
import { readingPositionKey } from "@/lib/reading-position";
import type { MessageView, ReplyPreview } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { Composer, type ComposerMode } from "@/components/chat/composer/composer";
import { ConversationHeader } from "./conversation-header";
import { DropZone } from "./drop-zone";
import { DeleteDialog, ForwardDialog, MessageInfoDialog, ReportDialog } from "@/components/chat/dialogs/lazy";
import { GroupInfoPanel, PeerInfoPanel } from "@/components/chat/info/lazy";
import { useMe } from "@/components/chat/me-context";
import type { DeliveryState, MenuAnchor } from "@/components/chat/messages/message-bubble";
import { MessageList } from "./message-list";
import { allowedActions, MessageMenu, type MenuAction } from "@/components/chat/messages/message-menu";
import { ReactionPicker } from "@/components/chat/messages/reaction-picker";
import { PinnedBanner } from "./pinned-banner";
import { ScheduledBar } from "@/components/chat/scheduled/scheduled-bar";
import { useScheduleSend } from "@/components/chat/scheduled/use-schedule-send";
import { UploadStore, useUploadItems } from "@/components/chat/composer/upload-store";
import { useFileDrop } from "./use-file-drop";
import { useMarkRead } from "./use-mark-read";
import { useMessageActions } from "./use-message-actions";
import { useHistoryWindow } from "./use-history-window";
import { useReloadedPosition } from "./use-reading-position";
import { useMessageReveal } from "./use-message-reveal";
import { useOpenAtMessage } from "./open-at-message";
import { type UnreadAtOpen, useUnreadAtOpen } from "./use-unread-at-open";
import { useReplyDraft } from "./use-reply-draft";
import { useEscapeToList } from "./use-escape-to-list";
import { useSendQueue, type OutgoingMessage } from "@/components/chat/composer/use-send-queue";
import { KeyChangeNotice, SafetyNumberDialog } from "@/components/chat/secure/lazy";
import { useSecureToggle } from "@/components/chat/secure/use-secure-toggle";

/** What the lock refuses: only text is sealed, so nothing else goes out while it is on. */
const TEXT_ONLY = "Only text is encrypted. Turn off the lock to send this.";

/** What the server answers once I am not (or no longer) in a chat. */
const outCodes = ["NOT_FOUND", "FORBIDDEN"];

type OpenMenu = { messageId: string; at: MenuAnchor; row: HTMLElement; openedAt: number };
type OpenDialog = { kind: "forward" | "report" | "delete" | "info"; messageId: string };

/** A chat; `openAt`: opened at that message (`?message=`), however far back. */
export function Conversation({ chatId, openAt }: { chatId: string; openAt: string | null }) {
  const trpc = useTRPC();
  const me = useMe();
  const info = useQuery(
    trpc.chats.info.queryOptions(
      { chatId },
      // Not being in the chat (any more) will not change on a retry: say so at once.
      { retry: (failures, error) => !outCodes.includes(error.data?.code ?? "") && failures < 1 },
    ),
  );
  const available = useQuery(trpc.reactions.available.queryOptions(undefined, { staleTime: Infinity }));
  // After a reload the chat reopens where it was read: in the window around that message.
  const readingKey = readingPositionKey(me.id, chatId);
  const reloaded = useReloadedPosition(readingKey, chatId, openAt);
  const restoreAt = openAt === null ? reloaded.position : null;
  const history = useHistoryWindow(chatId, openAt ?? restoreAt?.messageId ?? null, {
    waiting: openAt === null && !reloaded.ready,
    restored: restoreAt !== null,
    onLeave: reloaded.forget,
  });
  const uploadLimit = useUploadLimit();
  const [uploads] = useState(() => new UploadStore(uploadLimit));
  useEffect(() => () => uploads.clear(), [uploads]);
  const uploadItems = useUploadItems(uploads);
  // The files picked for the next message (upload store keys), shown above the composer.
  const [trayKeys, setTrayKeys] = useState<string[]>([]);
  const tray = trayKeys.flatMap((key) => uploadItems.get(key) ?? []);
  const { pending, send, retry, discard } = useSendQueue(chatId, uploads);
  const scheduleSend = useScheduleSend(chatId, uploads);
  const actions = useMessageActions(chatId);
  const [mode, setMode] = useState<ComposerMode>(null);
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  // "More reactions": the full picker for this message, where its menu was.
  const [reacting, setReacting] = useState<Omit<OpenMenu, "openedAt"> | null>(null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [infoOpen, setInfoOpen] = useState(false);
  const secure = useSecureToggle(info.data);
  const [verifying, setVerifying] = useState(false);
  // Closing the verification screen asks the key notice again (a verification pins the keys).
  const [verifyRound, setVerifyRound] = useState(0);

  useEscapeToList(mode !== null || menu !== null || reacting !== null || dialog !== null || infoOpen || verifying);

  const { messages } = history;
  const { flash, reveal } = useMessageReveal(chatId, openAt, messages);
  const chronological = useMemo(() => messages.slice().reverse(), [messages]);
  const savedClientIds = useMemo(() => new Set(messages.map((m) => m.clientId)), [messages]);
  const unsaved = pending.filter((p) => !savedClientIds.has(p.clientId));
  // Read is what has been on screen; counted from once the chat's unread start is known.
  const unreadAtOpen = useUnreadAtOpen(info.data, me.id);
  const [seen, setSeen] = useState<MessageView | null>(null);
  const onSeen = useCallback((m: MessageView) => setSeen((before) => (before && before.seq >= m.seq ? before : m)), []);
  useMarkRead(chatId, seen);
  const readUpTo = Math.max(seen?.seq ?? 0, unreadAtOpen?.readSeq ?? Infinity);
  const unreadBelow = useMemo(() => messages.filter((m) => m.senderId !== null && m.senderId !== me.id && m.seq > readUpTo).length, [messages, me.id, readUpTo]);
  // A reload's place to read from wins over the first unread, as an address's message does.
  const positioned = useOpenAtFirstUnread(
    chatId,
    openAt ?? restoreAt?.messageId ?? null,
    unreadAtOpen,
    messages,
    history.older.loading || (openAt === null && !reloaded.ready),
  );

  const members = info.data?.members;
  const avatarOf = useCallback(
    (userId: string | null) => members?.find((m) => m.user.id === userId)?.user.avatarUrl ?? null,
    [members],
  );
  const nameOf = useCallback(
    (userId: string | null) => {
      const member = members?.find((m) => m.user.id === userId);
      return member ? fullName(member.user) : "Deleted account";
    },
    [members],
  );
  useReplyDraft({ userId: me.id, chatId, mode, setMode, nameOf, ready: members !== undefined });
  const peerReadSeq = info.data?.peerReadSeq ?? 0;
  const peerDeliveredSeq = info.data?.peerDeliveredSeq ?? 0;
  const stateOf = useCallback(
    (m: MessageView): DeliveryState => (m.seq <= peerReadSeq ? "read" : m.seq <= peerDeliveredSeq ? "delivered" : "sent"),
    [peerReadSeq, peerDeliveredSeq],
  );

  // In a group, "Read by N of M": the others whose read cursor has passed the message.
  const others = useMemo(() => (members ?? []).filter((m) => m.user.id !== me.id), [members, me.id]);
  const readByOf = useCallback(
    (m: MessageView) => `Read by ${others.filter((o) => o.lastReadSeq >= m.seq).length} of ${others.length}`,
    [others],
  );

  const openMenu = useCallback(
    (message: MessageView, at: MenuAnchor, row: HTMLElement) => setMenu({ messageId: message.id, at, row, openedAt: Date.now() }),
    [],
  );
  const closeMenu = useCallback(
    (restoreFocus: boolean) => {
      if (restoreFocus) menu?.row.focus();
      setMenu(null);
    },
    [menu],
  );
  const toggleReaction = useCallback((m: MessageView, emoji: string) => void actions.toggleReaction(m.id, emoji), [actions]);

  function editLast(): boolean {
    const now = Date.now();
    const last = messages.find((m) => m.senderId === me.id && allowedActions(m, me, info.data, now).edit);
    if (last) setMode({ kind: "edit", message: last, senderName: fullName(me) });
    return last !== undefined;
  }

  /** Sends a message of any kind, answering the message being replied to. */
  function sendWithReply(outgoing: OutgoingMessage) {
    if (secure?.on && !outgoing.secure) return void toast(TEXT_ONLY, "error");
    const quoted = mode?.kind === "reply" ? mode.message : null;
    const replyTo: ReplyPreview | null = quoted && {
      id: quoted.id,
      senderId: quoted.senderId,
      senderName: nameOf(quoted.senderId),
      kind: quoted.kind,
      content: quoted.content.slice(0, QUOTE_LENGTH),
      deleted: false,
      expired: false,
    };
    // Sent from a window far back: the chat goes to its newest, where the message appears.
    if (!history.live) history.toLatest();
    send(outgoing, replyTo);
    setMode(null);
  }

  /** Text, or the files in the tray with the text as their caption. */
  function sendComposed(content: string) {
    // Locked: the text goes sealed; files picked before stay in the tray for an unlocked send.
    if (secure?.on) return content.trim() ? sendWithReply({ kind: "text", content, secure: true }) : void toast(TEXT_ONLY, "error");
    if (tray.length === 0) return sendWithReply({ kind: "text", content });
    const sendable = tray.filter((item) => item.status !== "failed").map((item) => item.key);
    uploads.remove(tray.filter((item) => item.status === "failed").map((item) => item.key));
    setTrayKeys([]);
    sendWithReply({ kind: "attachment", content: content.trim() ? content : "", uploads: sendable });
  }

  /** The composed message (text, or the tray's files with a caption) sent at `at` instead. */
  function scheduleComposed(content: string, at: Date): Promise<boolean> {
    const replyToId = mode?.kind === "reply" ? mode.message.id : null;
    setMode(null);
    if (tray.length === 0) return scheduleSend({ kind: "text", content }, replyToId, at);
    const sendable = tray.filter((item) => item.status !== "failed").map((item) => item.key);
    uploads.remove(tray.filter((item) => item.status === "failed").map((item) => item.key));
    setTrayKeys([]);
    return scheduleSend({ kind: "attachment", content: content.trim() ? content : "", uploads: sendable }, replyToId, at);
  }

  function addFiles(files: File[]) {
    if (secure?.on) return void toast(TEXT_ONLY, "error");
    const room = MAX_ATTACHMENTS - trayKeys.length;
    if (files.length > room) toast(`A message can carry up to ${MAX_ATTACHMENTS} files.`, "error");
    const keys = files.slice(0, Math.max(0, room)).map((file) => uploads.add(file));
    setTrayKeys((current) => [...current, ...keys]);
  }

  function removeFile(key: string) {
    uploads.remove([key]);
    setTrayKeys((current) => current.filter((k) => k !== key));
  }

  const drop = useFileDrop(addFiles, !info.isError && mode?.kind !== "edit");

  // Removed, or the group was deleted, while it was open: its last known header stays.
  const gone = info.isError && info.data !== undefined && outCodes.includes(info.error.data?.code ?? "");
  if (gone) {
    return (
      <div className="flex h-full min-h-0 flex-col">
        <ConversationHeader chatId={chatId} info={info.data} gone />
        {/* What I had scheduled here stays, failed, to be read and cancelled. */}
        <ScheduledBar chatId={chatId} />
        <div data-testid="no-longer-member" role="status" className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
          <p className="font-medium">{info.data?.type === "direct" ? "This chat is no longer available." : "You are no longer in this group."}</p>
          <p className="text-sm text-slate-500 dark:text-slate-400">You can no longer read or send its messages.</p>
          <Link href="/chats" className="text-brand-600 dark:text-brand-400 underline">
            Back to chats
          </Link>
        </div>
      </div>
    );
  }
  if (info.isError) {
    return (
      <div className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center" role="alert">
        <p className="font-medium">{info.error.data?.code === "NOT_FOUND" ? "This chat does not exist, or you are not in it." : "Could not open this chat."}</p>
        <Link href="/chats" className="text-brand-600 dark:text-brand-400 underline">
          Back to chats
        </Link>
      </div>
    );
  }

  const menuMessage = menu ? messages.find((m) => m.id === menu.messageId) : undefined;
  const canPin = info.data?.type === "direct" || (info.data !== undefined && info.data.myRole !== "member");
  const infoData = info.data;
  const isGroup = infoData?.type === "group";
  const peer = infoData?.type === "direct" && infoData.peer ? { id: infoData.peer.id, name: fullName(infoData.peer) } : null;
  return (
    <div className="flex h-full min-h-0">
      <div className="relative flex h-full min-h-0 min-w-0 flex-1 flex-col" {...drop.handlers}>
        {drop.dragging ? <DropZone /> : null}
        <ConversationHeader chatId={chatId} info={info.data} onOpenInfo={isGroup || infoData?.type === "direct" ? () => setInfoOpen(true) : undefined} searchable />
        <PinnedBanner
          chatId={chatId}
          canUnpin={canPin}
          onReveal={reveal}
          onUnpin={(id) => void actions.pin(id, false)}
        />
        <ScheduledBar chatId={chatId} />
        {peer && secure?.unavailable === null ? (
          <KeyChangeNotice key={verifyRound} chatId={chatId} peer={peer} onVerify={() => setVerifying(true)} />
        ) : null}
        <MessageList
          key={openAt ?? (restoreAt ? `restored:${restoreAt.messageId}` : "latest")}
          readingKey={readingKey}
          restore={restoreAt}
          messages={chronological}
          unsaved={unsaved}
          uploads={uploadItems}
          avatarOf={avatarOf}
          meId={me.id}
          stateOf={stateOf}
          nameOf={nameOf}
          showSenders={info.data !== undefined && info.data.type !== "direct"}
          readByOf={info.data !== undefined && info.data.type !== "direct" ? readByOf : undefined}
          flash={flash}
          history={history.older}
          newer={history.newer}
          live={history.live}
          onJumpToNewest={history.toLatest}
          onMenu={openMenu}
          onReveal={reveal}
          onToggleReaction={toggleReaction}
          onRetry={retry}
          onDiscard={discard}
          firstUnreadId={unreadAtOpen?.firstUnreadId ?? null}
          unreadBelow={unreadBelow}
          onSeen={positioned ? onSeen : null}
        />
        <Composer
          chatId={chatId}
          mode={mode}
          onSend={sendComposed}
          onSchedule={scheduleComposed}
          onShareContact={(contact) => sendWithReply({ kind: "contact", content: "", contact })}
          tray={tray}
          onAddFiles={addFiles}
          onRemoveFile={removeFile}
          onSendSticker={(sticker) => sendWithReply({ kind: "sticker", content: "", sticker })}
          onSendVoice={(recording) =>
            sendWithReply({ kind: "voice", content: "", uploads: [uploads.add(recording.file)], durationSec: recording.durationSec })
          }
          onSave={(id, content) => {
            setMode(null);
            void actions.edit(id, content);
          }}
          onCancel={() => setMode(null)}
          onEditLast={editLast}
          secure={secure}
        />
        {menu && menuMessage ? (
          <MessageMenu
            at={menu.at}
            reactions={allowedActions(menuMessage, me, info.data, menu.openedAt).react ? (available.data?.quick ?? []) : null}
            onReact={(emoji) => void actions.toggleReaction(menuMessage.id, emoji)}
            onMoreReactions={available.data?.anyEmoji ? () => setReacting({ messageId: menu.messageId, at: menu.at, row: menu.row }) : undefined}
            actions={menuActions(menuMessage, allowedActions(menuMessage, me, info.data, menu.openedAt), {
              reply: () => setMode({ kind: "reply", message: menuMessage, senderName: nameOf(menuMessage.senderId) }),
              edit: () => setMode({ kind: "edit", message: menuMessage, senderName: fullName(me) }),
              copy: () => void actions.copy(menuMessage),
              forward: () => setDialog({ kind: "forward", messageId: menuMessage.id }),
              pin: () => void actions.pin(menuMessage.id, menuMessage.pinnedAt === null),
              deleteForMe: () => void actions.remove(menuMessage.id, "me"),
              deleteForEveryone: () => setDialog({ kind: "delete", messageId: menuMessage.id }),
              report: () => setDialog({ kind: "report", messageId: menuMessage.id }),
            info: () => setDialog({ kind: "info", messageId: menuMessage.id }),
            })}
            onClose={closeMenu}
          />
        ) : null}
        {reacting ? (
          <ReactionPicker
            at={reacting.at}
            onPick={(emoji) => void actions.toggleReaction(reacting.messageId, emoji)}
            onClose={(restoreFocus) => {
              if (restoreFocus) reacting.row.focus();
              setReacting(null);
            }}
          />
        ) : null}
        {dialog?.kind === "forward" ? (
          <ForwardDialog messageId={dialog.messageId} fromChatId={chatId} onClose={() => setDialog(null)} />
        ) : dialog?.kind === "report" ? (
          <ReportDialog messageId={dialog.messageId} onClose={() => setDialog(null)} />
        ) : dialog?.kind === "info" ? (
          <MessageInfoDialog messageId={dialog.messageId} onClose={() => setDialog(null)} />
        ) : dialog?.kind === "delete" ? (
          <DeleteDialog onConfirm={() => void actions.remove(dialog.messageId, "everyone")} onClose={() => setDialog(null)} />
        ) : null}
      </div>
      {infoOpen && infoData ? (
        isGroup ? (
          <GroupInfoPanel info={infoData} onClose={() => setInfoOpen(false)} />
        ) : infoData.type === "direct" ? (
          <PeerInfoPanel info={infoData} onClose={() => setInfoOpen(false)} onVerify={() => setVerifying(true)} />
        ) : null
      ) : null}
      {verifying && peer ? (
        <SafetyNumberDialog
          chatId={chatId}
          peer={peer}
          onClose={() => {
            setVerifying(false);
            setVerifyRound((round) => round + 1);
          }}
        />
      ) : null}
    </div>
  );
}

type Allowed = ReturnType<typeof allowedActions>;

/** The menu's rows, in Telegram's order, for what is allowed. */
function menuActions(message: MessageView, allowed: Allowed, run: Record<Exclude<keyof Allowed, "react">, () => void>): MenuAction[] {
  const rows: (MenuAction | false)[] = [
    allowed.reply && { label: "Reply", icon: Reply, onSelect: run.reply },
    allowed.edit && { label: "Edit", icon: Pencil, onSelect: run.edit },
    allowed.copy && { label: "Copy text", icon: Copy, onSelect: run.copy },
    allowed.forward && { label: "Forward", icon: Forward, onSelect: run.forward },
    allowed.pin && { label: message.pinnedAt ? "Unpin" : "Pin", icon: message.pinnedAt ? PinOff : Pin, onSelect: run.pin },
    allowed.deleteForMe && { label: "Delete for me", icon: Trash2, onSelect: run.deleteForMe, danger: true },
    allowed.deleteForEveryone && { label: "Delete for everyone", icon: Trash, onSelect: run.deleteForEveryone, danger: true },
    allowed.info && { label: "Message info", icon: Info, onSelect: run.info },
    allowed.report && { label: "Report", icon: Flag, onSelect: run.report, danger: true },
  ];
  return rows.filter((row): row is MenuAction => row !== false);
}

/**
 * More unread than the latest page holds: the chat opens at the first of them instead (a
 * window around it, as for a message opened far back). Once, when the chat is opened plainly.
 * Whether the history is where reading should start: until then nothing on screen counts as
 * seen (the latest page shows for a moment before the window opens).
 */
function useOpenAtFirstUnread(chatId: string, openAt: string | null, atOpen: UnreadAtOpen | null, messages: MessageView[], loading: boolean) {
  const openAtMessage = useOpenAtMessage();
  const firstUnreadId = atOpen?.firstUnreadId ?? null;
  const [jumpedTo, setJumpedTo] = useState<string | null>(null);
  const loaded = firstUnreadId !== null && messages.some((m) => m.id === firstUnreadId);
  if (openAt === null && firstUnreadId !== null && !loaded && !loading && messages.length > 0 && jumpedTo === null) {
    setJumpedTo(firstUnreadId);
  }
  useEffect(() => {
    if (jumpedTo) openAtMessage(chatId, jumpedTo, "replace");
  }, [jumpedTo, chatId, openAtMessage]);
  // The window has opened (and stays the place to read from, even if it then turns out gone).
  const [windowShown, setWindowShown] = useState(false);
  if (jumpedTo !== null && openAt !== null && !windowShown) setWindowShown(true);
  return atOpen !== null && (firstUnreadId === null || openAt !== null || loaded || windowShown);
}
