// A person-readable name for a signed-in device, from the User-Agent it signed in with:
// "Chrome on Linux", "Safari on iPhone", "curl". A few well-known names, no full parser: the
// label only has to help someone recognise their own devices.

/** Browsers, most specific first: Edge, Opera and Samsung Internet also say "Chrome" and "Safari". */
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bYaBrowser\//, "Yandex Browser"],
  [/\bVivaldi\//, "Vivaldi"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\bCriOS\//, "Chrome"],
  [/\b(Headless)?Chrom(e|ium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** Programs that call the API, by the first word of what they send. */
const PROGRAMS: [RegExp, string][] = [
  [/^curl\//i, "curl"],
  [/^Wget\//i, "Wget"],
  [/^(node|undici)\b/i, "Node.js"],
  [/^(python-requests|python-httpx|aiohttp|Python-urllib)\//i, "Python"],
  [/^Go-http-client\//i, "Go"],
  [/^okhttp\//i, "OkHttp"],
  [/^PostmanRuntime\//i, "Postman"],
  [/^insomnia\//i, "Insomnia"],
];

export type DeviceKind = "browser" | "api";

export function deviceLabel(kind: DeviceKind, userAgent: string | null | undefined): string {
  const ua = userAgent?.trim() ?? "";
  const fallback = kind === "browser" ? "Web browser" : "API client";
  if (!ua) return fallback;
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && /^Mozilla\//.test(ua)) return system ? `${browser} on ${system}` : browser;
  const program = PROGRAMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (program) return program;
  // Any other client names itself first ("MyBot/1.2 (+https://…)"): keep that name, tidily.
  const name = /^([A-Za-z][\w.-]{0,39})(?:\/|\s|$)/.exec(ua)?.[1];
  if (name && name !== "Mozilla") return name;
  return system ? `${fallback} on ${system}` : fallback;
}
