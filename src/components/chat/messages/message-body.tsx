"use client";
// The inside of a message bubble, per kind: text, a contact card, files with a caption, a
// voice note, a sticker or a poll. The same for a saved message and one still on its way.
import { AudioPlayer } from "@/components/media/audio-player";
import { PlainImage } from "@/components/media/plain-image";
import { stickers, stickerUrl } from "@/lib/stickers";
import type { FileView, MessageView, PollView, PublicUser } from "@/lib/api-types";
import { ContactCard } from "./contact-card";
import { MessageAttachments } from "./message-attachments";
import { PollCard } from "./poll-card";
import { RichText } from "./rich-text";

/** What a message says or carries, saved or on its way. */
export function MessageBody({
  kind,
  content,
  contact,
  files,
  sticker,
  durationSec,
  poll = null,
  mine,
}: {
  kind: MessageView["kind"];
  content: string;
  contact: PublicUser | null;
  files: FileView[];
  sticker: string | null;
  durationSec: number | null;
  /** kind "poll": the poll with my vote (a saved message only). */
  poll?: PollView | null;
  mine: boolean;
}) {
  if (kind === "poll" && poll) return <PollCard poll={poll} mine={mine} />;
  if (kind === "sticker" && sticker) return <Sticker id={sticker} />;
  if (kind === "voice" && files[0]) {
    return (
      <div data-testid="voice-message">
        <AudioPlayer src={files[0].url} label="Voice message" knownDuration={durationSec} tone={mine ? "inverse" : "plain"} />
      </div>
    );
  }
  return (
    <>
      {kind === "contact" ? <ContactCard contact={contact} mine={mine} /> : null}
      {files.length ? <MessageAttachments files={files} mine={mine} /> : null}
      {content ? <RichText text={content} mine={mine} /> : null}
    </>
  );
}

function Sticker({ id }: { id: string }) {
  const label = stickers.find((s) => s.id === id)?.label ?? "Sticker";
  return (
    <PlainImage
      data-testid="sticker"
      src={stickerUrl(id)}
      alt={`Sticker: ${label}`}
      width={144}
      height={144}
      className="h-36 w-36 select-none drop-shadow-sm"
      draggable={false}
    />
  );
}
