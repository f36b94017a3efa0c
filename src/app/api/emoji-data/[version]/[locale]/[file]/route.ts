// The emojibase data the emoji picker loads when it first opens (English only), from the
// pinned emojibase-data package: GET /api/emoji-data/<version>/en/{data,messages}.json.
import data from "emojibase-data/en/data.json";
import messages from "emojibase-data/en/messages.json";
import { EMOJIBASE_VERSION } from "@/lib/emoji-data";

// Serialised once per process; the ETag lets the picker's cache revalidate cheaply.
const files: Record<string, string> = { "data.json": JSON.stringify(data), "messages.json": JSON.stringify(messages) };

export async function GET(_request: Request, { params }: { params: Promise<{ version: string; locale: string; file: string }> }) {
  const { version, locale, file } = await params;
  const body = version === EMOJIBASE_VERSION && locale === "en" ? files[file] : undefined;
  if (body === undefined) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(body, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"emojibase-${EMOJIBASE_VERSION}-${file}"`,
    },
  });
}
