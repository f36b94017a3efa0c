// A secure message stands for itself in the chat list, quotes and notifications with no text.
import { describe, expect, test } from "vitest";
import { messageSnippet, quoteSnippet } from "@/lib/message-snippet";

describe("secure message snippets", () => {
  test("the chat list and a quote say it is encrypted", () => {
    const base = { content: "", deletedAt: null, contact: null, attachments: [], sticker: null, durationSec: null };
    expect(messageSnippet({ ...base, kind: "secure" })).toBe("🔒 Encrypted message");
    expect(messageSnippet({ ...base, kind: "secure", deletedAt: "2026-01-01T00:00:00.000Z" })).toBe("Deleted message");
    const quote = { id: "m1", senderId: "u1", senderName: "Ana", kind: "secure" as const, content: "", deleted: false, expired: false };
    expect(quoteSnippet(quote)).toBe("🔒 Encrypted message");
  });
});
