// Relay's own sticker set: the images live in public/stickers/<id>.svg. The server accepts a
// sticker message only with an id from this list.
export const stickers = [
  { id: "wave", label: "Waving hand" },
  { id: "thumbs-up", label: "Thumbs up" },
  { id: "heart", label: "Heart" },
  { id: "laugh", label: "Laughing" },
  { id: "party", label: "Party" },
  { id: "coffee", label: "Coffee" },
  { id: "thinking", label: "Thinking" },
  { id: "cool", label: "Cool" },
  { id: "cry", label: "Crying" },
  { id: "fire", label: "Fire" },
  { id: "ok", label: "OK" },
  { id: "sleepy", label: "Sleepy" },
] as const;

export type StickerId = (typeof stickers)[number]["id"];

export const isSticker = (id: string): id is StickerId => stickers.some((s) => s.id === id);

export const stickerUrl = (id: string) => `/stickers/${id}.svg`;
