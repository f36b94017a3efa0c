// The picker's emoji data comes from Relay at the pinned emojibase version, cacheable for good.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { EMOJIBASE_URL, EMOJIBASE_VERSION } from "@/lib/emoji-data";
import { GET } from "./route";

const get = (version: string, locale: string, file: string) =>
  GET(new Request(`http://relay.test${EMOJIBASE_URL}/${locale}/${file}`), { params: Promise.resolve({ version, locale, file }) });

describe("GET /api/emoji-data/<version>/<locale>/<file>", () => {
  test("serves the installed emojibase-data, whose version the picker asks for", async () => {
    const installed = JSON.parse(readFileSync("node_modules/emojibase-data/package.json", "utf8")).version;
    expect(EMOJIBASE_VERSION).toBe(installed);

    const response = await get(EMOJIBASE_VERSION, "en", "data.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("etag")).toBeTruthy();
    const emojis = (await response.json()) as { emoji: string; label: string }[];
    expect(emojis.find((e) => e.emoji === "🦄")?.label).toBe("unicorn");
    const messages = await (await get(EMOJIBASE_VERSION, "en", "messages.json")).json();
    expect(messages).toHaveProperty("groups");
  });

  test("another version, locale or file is not found", async () => {
    for (const [version, locale, file] of [["16.0.0", "en", "data.json"], [EMOJIBASE_VERSION, "de", "data.json"], [EMOJIBASE_VERSION, "en", "../package.json"]]) {
      expect((await get(version!, locale!, file!)).status).toBe(404);
    }
  });
});
