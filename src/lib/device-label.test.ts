// The names people see for their signed-in devices, from real User-Agent strings.
import { describe, expect, test } from "vitest";
import { deviceLabel } from "./device-label";

describe("deviceLabel", () => {
  test.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/150.0.0.0 Safari/537.36", "Chrome on Linux"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Edge on Windows",
    ],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on macOS"],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "Safari on macOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "Safari on iPhone",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
      "Chrome on iPhone",
    ],
    ["Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome on Android"],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "Samsung Internet on Android",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
      "Opera on Windows",
    ],
    ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"],
  ])("browser %s", (userAgent, label) => {
    expect(deviceLabel("browser", userAgent)).toBe(label);
  });

  test.each([
    ["curl/8.5.0", "curl"],
    ["node", "Node.js"],
    ["python-requests/2.31.0", "Python"],
    ["Go-http-client/1.1", "Go"],
    ["relay-bot/1.2 (+https://example.com/bot)", "relay-bot"],
  ])("program %s", (userAgent, label) => {
    expect(deviceLabel("api", userAgent)).toBe(label);
  });

  test("without a User-Agent, or one it cannot read, the kind of session", () => {
    expect(deviceLabel("browser", null)).toBe("Web browser");
    expect(deviceLabel("api", "")).toBe("API client");
    expect(deviceLabel("api", "Mozilla/5.0 (compatible; <script>)")).toBe("API client");
    expect(deviceLabel("browser", "Mozilla/5.0 (X11; Linux x86_64) SomethingNew/1.0")).toBe("Web browser on Linux");
  });
});
