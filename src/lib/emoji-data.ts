// Where the emoji picker reads its data (names, keywords, categories, skin tones): from Relay
// itself, never a CDN, so a self-hosted instance works offline. The version in the path
// changes with the emojibase-data package, so the files can be cached for good.
export const EMOJIBASE_VERSION = "17.0.0";
export const EMOJIBASE_URL = `/api/emoji-data/${EMOJIBASE_VERSION}`;
/** The Emoji version the picker shows (the served font and the server's Unicode know it). */
export const EMOJI_VERSION = 17;
