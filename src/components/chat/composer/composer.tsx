"use client";
import { BarChart3, Check, Clock, Contact, Mic, Paperclip, SendHorizontal, Smile } from "lucide-react";
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from "react";
import { toast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useMe } from "@/components/chat/me-context";
import type { PublicUser } from "@/lib/api-types";
import { MESSAGE_MAX_LENGTH as MAX_LENGTH } from "@/lib/limits";
import { toggleMarker } from "@/lib/rich-text";
import { AttachmentTray } from "./attachment-tray";
import { readDraft, updateDraft } from "./drafts";
import { ModeBar, RecordingBar, type ComposerMode } from "./composer-bars";
import { roundClass, toolClass } from "./composer-styles";
import { LockButton, type SecureToggle } from "./lock-button";
import { CreatePollDialog, ScheduleDialog, ShareContactDialog } from "@/components/chat/dialogs/lazy";
import { ComposerPicker, type PickerTab } from "./composer-picker";
import { useLongPress } from "@/components/ui/use-long-press";
import type { UploadItem } from "./upload-store";
import { useTypingSignal } from "./use-typing";
import { useVoiceRecorder, type Recording } from "./use-voice-recorder";

export type { ComposerMode } from "./composer-bars";

/** Ctrl/⌘ + B bold, + I italic: the marker each wraps the selection in. */
const shortcutMarkers: Record<string, string> = { b: "**", i: "_" };

/**
 * Enter sends, Shift+Enter starts a new line, Ctrl/⌘+B and +I make the selection bold or
 * italic; the box grows with its text, and what is not sent stays as the chat's draft. Above
 * it, the message being answered or edited (Esc lets go of it, ArrowUp in an empty box edits
 * my last message) and the files picked for the next message, which then carries the text as
 * its caption. Left of the box: attach files (or paste an image), emoji and stickers, share a contact, ask a
 * poll. With nothing typed, the send button records a voice message. Beside Send, the clock (or
 * a right click / long press on Send) schedules the message for later. In a direct chat, the
 * lock beside the box encrypts the message end-to-end.
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
  secure = null,
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
  /** Direct chats only. */
  secure?: SecureToggle | null;
}) {
  const [text, setText] = useState("");
  // The draft put aside while a message is edited, given back afterwards.
  const [draft, setDraft] = useState("");
  const [editingId, setEditingId] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [polling, setPolling] = useState(false);
  const [picking, setPicking] = useState(false);
  const [pickerTab, setPickerTab] = useState<PickerTab>("emoji");
  const [scheduling, setScheduling] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const recorder = useVoiceRecorder();
  const typing = useTypingSignal(chatId);
  const editing = mode?.kind === "edit" ? mode.message : null;
  const sealed = !editing && secure?.on === true;
  const me = useMe();

  // The chat's draft comes back once the page is hydrated (the server cannot know it).
  const hydrated = useHydrated();
  const [draftRead, setDraftRead] = useState(false);
  if (hydrated && !draftRead) {
    setDraftRead(true);
    const saved = readDraft(me.id, chatId)?.text;
    if (saved && !editing) setText(saved);
  }

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
  const offersVoice = !editing && !sealed && text.trim().length === 0 && tray.length === 0;

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
      updateDraft(me.id, chatId, { text: "" });
    }
    requestAnimationFrame(() => ref.current?.focus());
  }

  function openScheduling() {
    if (canSend && !editing && !sealed) setScheduling(true);
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
    updateDraft(me.id, chatId, { text: "" });
    void onSchedule(content, at).then((scheduled) => {
      if (scheduled) return;
      setText((current) => current || content);
      if (!readDraft(me.id, chatId)?.text) updateDraft(me.id, chatId, { text: content });
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

  const closePicker = useCallback((restoreFocus: boolean) => {
    setPicking(false);
    // Typing goes on where the caret was.
    if (restoreFocus) requestAnimationFrame(() => ref.current?.focus());
  }, []);

  /** A picked emoji goes in at the caret (over the selection), and the caret after it. */
  function insertEmoji(emoji: string) {
    const box = ref.current;
    const start = box?.selectionStart ?? text.length;
    const end = box?.selectionEnd ?? text.length;
    changeText(text.slice(0, start) + emoji + text.slice(end));
    const caret = start + emoji.length;
    requestAnimationFrame(() => box?.setSelectionRange(caret, caret));
  }

  function closeSharing() {
    setSharing(false);
    // After the dialog hands focus back to this button: typing goes on in the box.
    requestAnimationFrame(() => ref.current?.focus());
  }

  /** What the person typed (or a shortcut did), with the typing signal it gives. */
  function changeText(value: string) {
    setText(value);
    // While a message is edited, the box holds its text: the draft waits aside, unchanged.
    if (editing) return;
    updateDraft(me.id, chatId, { text: value });
    if (value.trim()) typing.typed();
    else typing.stop();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    const marker = event.ctrlKey || event.metaKey ? shortcutMarkers[event.key.toLowerCase()] : undefined;
    if (marker && !event.altKey && !event.shiftKey) {
      event.preventDefault();
      const box = event.currentTarget;
      const next = toggleMarker(text, box.selectionStart, box.selectionEnd, marker);
      changeText(next.value);
      requestAnimationFrame(() => box.setSelectionRange(next.start, next.end));
    } else if (event.key === "Enter" && !event.shiftKey) {
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
          // Enter in the emoji picker's search box picks an emoji; it does not send the draft.
          if (document.activeElement?.closest('[role="dialog"]')) return;
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
                {sealed ? null : (
                  <button
                    type="button"
                    onClick={() => fileInput.current?.click()}
                    aria-label="Attach files"
                    title="Attach files"
                    className={toolClass}
                  >
                    <Paperclip className="h-5 w-5" aria-hidden="true" />
                  </button>
                )}
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
                  aria-label="Emoji and stickers"
                  aria-expanded={picking}
                  aria-haspopup="dialog"
                  title="Emoji and stickers"
                  className={toolClass}
                >
                  <Smile className="h-5 w-5" aria-hidden="true" />
                </button>
                {sealed ? null : (
                  <>
                    <button type="button" onClick={() => setSharing(true)} aria-label="Share a contact" title="Share a contact" className={toolClass}>
                      <Contact className="h-5 w-5" aria-hidden="true" />
                    </button>
                    <button type="button" onClick={() => setPolling(true)} aria-label="Poll" title="Poll" className={toolClass}>
                      <BarChart3 className="h-5 w-5" aria-hidden="true" />
                    </button>
                  </>
                )}
                {secure ? <LockButton secure={secure} /> : null}
                {picking ? (
                  <ComposerPicker
                    tab={pickerTab}
                    onTab={setPickerTab}
                    onEmoji={insertEmoji}
                    onSticker={(id) => {
                      closePicker(true);
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
                placeholder={sealed ? "Encrypted message…" : tray.length ? "Add a caption…" : "Write a message…"}
                onChange={(e) => changeText(e.target.value)}
                onBlur={() => !text.trim() && typing.stop()}
                onKeyDown={onKeyDown}
                onPaste={onPaste}
                className="block max-h-40 w-full resize-none rounded-2xl border border-slate-300 bg-slate-50 px-4 py-2 text-[15px] focus:border-brand-500 focus:outline-none dark:border-slate-700 dark:bg-slate-900"
              />
              {text.length > MAX_LENGTH - 200 ? (
                <span className={`block px-2 text-xs ${text.length > MAX_LENGTH ? "text-red-600 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}>
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
                {editing || sealed ? null : (
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

/** The lock: pressed, the next messages are end-to-end encrypted; disabled, with the reason, where the browser cannot. */
