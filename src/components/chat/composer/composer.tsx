"use client";
import { BarChart3, Check, Clock, Contact, Mic, Paperclip, Pencil, Reply, SendHorizontal, Smile, Trash2, X } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { duration } from "@/components/media/media-format";
import { toast } from "@/components/ui/toast";
import { useNow } from "@/components/ui/use-now";
import type { MessageView, PublicUser } from "@/lib/api-types";
import { MESSAGE_MAX_LENGTH as MAX_LENGTH } from "@/lib/limits";
import { AttachmentTray } from "./attachment-tray";
import { CreatePollDialog } from "@/components/chat/dialogs/create-poll-dialog";
import { ShareContactDialog } from "@/components/chat/dialogs/share-contact-dialog";
import { messageSnippet } from "@/components/chat/messages/snippet";
import { ScheduleDialog } from "./schedule-dialog";
import { StickerPicker } from "./sticker-picker";
import { useLongPress } from "@/components/ui/use-long-press";
import type { UploadItem } from "./upload-store";
import { useTypingSignal } from "./use-typing";
import { useVoiceRecorder, type Recording } from "./use-voice-recorder";


export type ComposerMode = { kind: "reply" | "edit"; message: MessageView; senderName: string } | null;

const toolClass =
  "inline-flex h-10 w-9 shrink-0 items-center justify-center rounded-full text-slate-500 transition-colors hover:bg-slate-100 hover:text-brand-600 sm:w-10 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-brand-500";
const roundClass =
  "inline-flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-brand-600 text-white transition-colors hover:bg-brand-700 disabled:bg-slate-300 dark:disabled:bg-slate-700";

/**
 * Enter sends, Shift+Enter starts a new line; the box grows with its text. Above it, the
 * message being answered or edited (Esc lets go of it, ArrowUp in an empty box edits my last
 * message) and the files picked for the next message, which then carries the text as its
 * caption. Left of the box: attach files (or paste an image), stickers, share a contact, ask a
 * poll. With nothing typed, the send button records a voice message. Beside Send, the clock (or
 * a right click / long press on Send) schedules the message for later.
 */
export function Composer({
  chatId,
  mode,
  onSend,
  onSchedule,
  onShareContact,
  onSave,
  onCancel,
  onEditLast,
  tray,
  onAddFiles,
  onRemoveFile,
  onSendSticker,
  onSendVoice,
}: {
  chatId: string;
  mode: ComposerMode;
  /** The text, or the caption of the files in the tray. */
  onSend: (content: string) => void;
  /** The same, sent at `at` rather than now; false: it was not scheduled (the text comes back). */
  onSchedule: (content: string, at: Date) => Promise<boolean>;
  onShareContact: (contact: PublicUser) => void;
  onSave: (messageId: string, content: string) => void;
  onCancel: () => void;
  onEditLast: () => boolean;
  /** The files picked for the next message. */
  tray: UploadItem[];
  onAddFiles: (files: File[]) => void;
  onRemoveFile: (key: string) => void;
  onSendSticker: (id: string) => void;
  onSendVoice: (recording: Recording) => void;
}) {
  const [text, setText] = useState("");
  // The draft put aside while a message is edited, given back afterwards.
  const [draft, setDraft] = useState("");
  const [editingId, setEditingId] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [polling, setPolling] = useState(false);
  const [picking, setPicking] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const recorder = useVoiceRecorder();
  const typing = useTypingSignal(chatId);
  const editing = mode?.kind === "edit" ? mode.message : null;

  if ((editing?.id ?? null) !== editingId) {
    setEditingId(editing?.id ?? null);
    if (editing) {
      if (!editingId) setDraft(text);
      setText(editing.content);
    } else {
      setText(draft);
      setDraft("");
    }
  }

  const sendableFiles = editing ? [] : tray.filter((item) => item.status !== "failed");
  const canSend = (text.trim().length > 0 || sendableFiles.length > 0) && text.length <= MAX_LENGTH;
  // Nothing to send: the round button records a voice message instead.
  const offersVoice = !editing && text.trim().length === 0 && tray.length === 0;

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = "auto";
    box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  }, [text]);

  const modeKey = mode ? `${mode.kind}:${mode.message.id}` : "";
  useEffect(() => {
    const box = ref.current;
    if (!modeKey || !box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, [modeKey]);

  function submit() {
    if (!canSend) return;
    typing.stop();
    if (editing) onSave(editing.id, text);
    else {
      onSend(text);
      setText("");
    }
    requestAnimationFrame(() => ref.current?.focus());
  }

  function openScheduling() {
    if (canSend && !editing) setScheduling(true);
  }
  // A long press on Send schedules; the click its lifted finger then makes must not send too.
  const longPressed = useRef(false);
  const sendLongPress = useLongPress(() => {
    longPressed.current = true;
    openScheduling();
  });

  function schedule(at: Date) {
    setScheduling(false);
    typing.stop();
    const content = text;
    setText("");
    void onSchedule(content, at).then((scheduled) => {
      if (!scheduled) setText((current) => current || content);
    });
    requestAnimationFrame(() => ref.current?.focus());
  }

  async function startRecording() {
    const refused = await recorder.start();
    if (refused) toast(refused, "error");
  }

  async function sendRecording() {
    const recording = await recorder.stop();
    if (recording) onSendVoice(recording);
    else toast("Nothing was recorded.", "error");
    requestAnimationFrame(() => ref.current?.focus());
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    if (editing) return;
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    // A pasted image (a screenshot) becomes an attachment, not text.
    event.preventDefault();
    onAddFiles(files);
  }

  const closePicker = useCallback(() => setPicking(false), []);

  function closeSharing() {
    setSharing(false);
    // After the dialog hands focus back to this button: typing goes on in the box.
    requestAnimationFrame(() => ref.current?.focus());
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape" && mode) {
      event.preventDefault();
      onCancel();
    } else if (event.key === "ArrowUp" && text === "" && !mode && onEditLast()) {
      event.preventDefault();
    }
  }

  return (
    <>
      <form
        className="border-t border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-950"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {mode ? <ModeBar mode={mode} onCancel={onCancel} /> : null}
        {editing ? null : <AttachmentTray items={tray} onRemove={onRemoveFile} />}
        {recorder.recording && recorder.startedAt !== null ? (
          <RecordingBar startedAt={recorder.startedAt} onCancel={recorder.cancel} onSend={() => void sendRecording()} />
        ) : (
          <div className="relative flex items-end gap-1 sm:gap-2">
            {editing ? null : (
              <>
                <button
                  type="button"
                  onClick={() => fileInput.current?.click()}
                  aria-label="Attach files"
                  title="Attach files"
                  className={toolClass}
                >
                  <Paperclip className="h-5 w-5" aria-hidden="true" />
                </button>
                <input
                  ref={fileInput}
                  type="file"
                  multiple
                  hidden
                  data-testid="attach-input"
                  onChange={(e) => {
                    onAddFiles(Array.from(e.target.files ?? []));
                    // The same file may be picked again later.
                    e.target.value = "";
                  }}
                />
                <button
                  type="button"
                  onClick={() => setPicking((open) => !open)}
                  aria-label="Stickers"
                  aria-expanded={picking}
                  aria-haspopup="dialog"
                  title="Stickers"
                  className={toolClass}
                >
                  <Smile className="h-5 w-5" aria-hidden="true" />
                </button>
                <button type="button" onClick={() => setSharing(true)} aria-label="Share a contact" title="Share a contact" className={toolClass}>
                  <Contact className="h-5 w-5" aria-hidden="true" />
                </button>
                <button type="button" onClick={() => setPolling(true)} aria-label="Poll" title="Poll" className={toolClass}>
                  <BarChart3 className="h-5 w-5" aria-hidden="true" />
                </button>
                {picking ? (
                  <StickerPicker
                    onPick={(id) => {
                      setPicking(false);
                      onSendSticker(id);
                    }}
                    onClose={closePicker}
                  />
                ) : null}
              </>
            )}
            <label className="min-w-0 flex-1">
              <span className="sr-only">Message</span>
              <textarea
                ref={ref}
                rows={1}
                value={text}
                autoFocus
                placeholder={tray.length ? "Add a caption…" : "Write a message…"}
                onChange={(e) => {
                  setText(e.target.value);
                  if (editing) return;
                  if (e.target.value.trim()) typing.typed();
                  else typing.stop();
                }}
                onBlur={() => !text.trim() && typing.stop()}
                onKeyDown={onKeyDown}
                onPaste={onPaste}
                className="block max-h-40 w-full resize-none rounded-2xl border border-slate-300 bg-slate-50 px-4 py-2 text-[15px] focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
              />
              {text.length > MAX_LENGTH - 200 ? (
                <span className={`block px-2 text-xs ${text.length > MAX_LENGTH ? "text-red-600" : "text-slate-500"}`}>
                  {text.length}/{MAX_LENGTH}
                </span>
              ) : null}
            </label>
            {offersVoice ? (
              <button
                type="button"
                onClick={() => void startRecording()}
                disabled={recorder.starting}
                aria-label="Record a voice message"
                title="Record a voice message"
                className={roundClass}
              >
                <Mic className="h-5 w-5" aria-hidden="true" />
              </button>
            ) : (
              <>
                {editing ? null : (
                  <button
                    type="button"
                    onClick={openScheduling}
                    disabled={!canSend}
                    aria-label="Schedule message"
                    aria-haspopup="dialog"
                    title="Schedule message"
                    className={`${toolClass} disabled:opacity-40`}
                  >
                    <Clock className="h-5 w-5" aria-hidden="true" />
                  </button>
                )}
                <button
                  type="submit"
                  aria-label={editing ? "Save changes" : "Send"}
                  title={editing ? "Save changes" : "Send (right click to schedule)"}
                  disabled={!canSend}
                  className={roundClass}
                  onContextMenu={(e) => {
                    if (editing) return;
                    e.preventDefault();
                    openScheduling();
                  }}
                  {...(editing ? {} : sendLongPress)}
                  onPointerDown={(e) => {
                    longPressed.current = false;
                    if (!editing) sendLongPress.onPointerDown(e);
                  }}
                  onClick={(e) => {
                    if (!longPressed.current) return;
                    longPressed.current = false;
                    e.preventDefault();
                  }}
                >
                  {editing ? <Check className="h-5 w-5" aria-hidden="true" /> : <SendHorizontal className="h-5 w-5" aria-hidden="true" />}
                </button>
              </>
            )}
          </div>
        )}
      </form>
      {scheduling ? <ScheduleDialog onPick={schedule} onClose={() => setScheduling(false)} /> : null}
      {/* Outside the form: Enter in its search box must not send the draft. */}
      {sharing ? (
        <ShareContactDialog
          onPick={(contact) => {
            onShareContact(contact);
            closeSharing();
          }}
          onClose={closeSharing}
        />
      ) : null}
      {polling ? <CreatePollDialog chatId={chatId} onClose={() => setPolling(false)} /> : null}
    </>
  );
}

/** While recording: a pulsing dot and the time so far, with Cancel (or Esc) and Send (focused, so Enter sends). */
function RecordingBar({ startedAt, onCancel, onSend }: { startedAt: number; onCancel: () => void; onSend: () => void }) {
  const now = useNow(250);
  return (
    <div
      data-testid="voice-recorder"
      className="flex items-center gap-2"
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        onCancel();
      }}
    >
      <button type="button" onClick={onCancel} aria-label="Cancel recording" title="Cancel recording" className={toolClass}>
        <Trash2 className="h-5 w-5" aria-hidden="true" />
      </button>
      <p className="flex flex-1 items-center gap-2 rounded-2xl bg-slate-50 px-4 py-2 text-[15px] dark:bg-slate-900" role="status">
        <span className="relative flex h-3 w-3" aria-hidden="true">
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-red-400 opacity-75" />
          <span className="relative inline-flex h-3 w-3 rounded-full bg-red-500" />
        </span>
        <span className="tabular-nums" data-testid="recording-time">
          {duration((now.getTime() - startedAt) / 1000)}
        </span>
        <span className="text-slate-500">Recording…</span>
      </p>
      <button type="button" onClick={onSend} aria-label="Send voice message" title="Send voice message" className={roundClass} autoFocus>
        <SendHorizontal className="h-5 w-5" aria-hidden="true" />
      </button>
    </div>
  );
}

function ModeBar({ mode, onCancel }: { mode: NonNullable<ComposerMode>; onCancel: () => void }) {
  const editing = mode.kind === "edit";
  const Icon = editing ? Pencil : Reply;
  return (
    <div data-testid={editing ? "edit-bar" : "reply-bar"} className="mb-2 flex items-center gap-3 pl-1">
      <Icon className="h-5 w-5 shrink-0 text-brand-600 dark:text-brand-500" aria-hidden="true" />
      <div className="min-w-0 flex-1 border-l-2 border-brand-500 pl-2 text-sm leading-tight">
        <p className="truncate font-semibold text-brand-600 dark:text-brand-500">
          {editing ? "Editing message" : `Reply to ${mode.senderName}`}
        </p>
        <p className="truncate text-slate-600 dark:text-slate-400">{messageSnippet(mode.message)}</p>
      </div>
      <button
        type="button"
        onClick={onCancel}
        aria-label={editing ? "Cancel editing" : "Cancel reply"}
        title="Cancel (Esc)"
        className="rounded-full p-1.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        <X className="h-5 w-5" aria-hidden="true" />
      </button>
    </div>
  );
}
