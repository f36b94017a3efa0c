import { expect, test } from "vitest";
import { contentDisposition, extensionOf, neutralName, sanitizeFileName } from "./names";

test("a name keeps only its last segment, without controls, bidi overrides or leading dots", () => {
  expect(sanitizeFileName("../../x")).toBe("x");
  expect(sanitizeFileName("..\\..\\windows\\system32\\evil.dll")).toBe("evil.dll");
  expect(sanitizeFileName("a\u0000b\u0007c\u202Egpj.exe")).toBe("abcgpj.exe");
  expect(sanitizeFileName("a\ud800b\udc00c😀.txt")).toBe("abc😀.txt");
  expect(sanitizeFileName("..")).toBe("file");
  expect(sanitizeFileName("   ")).toBe("file");
  expect(sanitizeFileName(null)).toBe("file");
  expect(sanitizeFileName(".bashrc")).toBe("bashrc");
  expect(sanitizeFileName('a<b>:"c"|?*.txt')).toBe("a_b___c____.txt");
  expect(sanitizeFileName("report.pdf. . ")).toBe("report.pdf");
});

test("a long name is cut to 180 characters and keeps its extension", () => {
  const name = sanitizeFileName(`${"é".repeat(300)}.mp3`);
  expect(Array.from(name)).toHaveLength(180);
  expect(name.endsWith(".mp3")).toBe(true);
  expect(Array.from(sanitizeFileName("😀".repeat(300)))).toHaveLength(180);
});

test("extensions are lower case, and only after a dot that is not the first character", () => {
  expect(extensionOf("Photo.JPG")).toBe("jpg");
  expect(extensionOf("archive.tar.gz")).toBe("gz");
  expect(extensionOf("README")).toBeNull();
  expect(extensionOf("trailing.")).toBeNull();
});

test("Content-Disposition carries an ASCII fallback and the exact UTF-8 name (RFC 6266)", () => {
  expect(contentDisposition("attachment", 'naïve "plan" 100%.pdf')).toBe(
    `attachment; filename="na_ve _plan_ 100_.pdf"; filename*=UTF-8''na%C3%AFve%20%22plan%22%20100%25.pdf`,
  );
  expect(contentDisposition("inline", "a'b(c).png")).toBe(`inline; filename="a'b(c).png"; filename*=UTF-8''a%27b%28c%29.png`);
});

test("a name that would run or render as a page when opened gets the extension of what it is", () => {
  expect(neutralName("page.html", "text/plain")).toBe("page.html.txt");
  expect(neutralName("run.JS", "text/plain")).toBe("run.JS.txt");
  expect(neutralName("app.hta", "text/plain")).toBe("app.hta.txt");
  expect(neutralName("setup.bat", "text/csv")).toBe("setup.bat.txt");
  expect(neutralName("archive.jar", "application/zip")).toBe("archive.jar.zip");
  expect(neutralName("photo.exe", "image/png")).toBe("photo.exe.png");
  // Ordinary names, and SVG (an image Relay serves sandboxed), stay as they are.
  expect(neutralName("notes.txt", "text/plain")).toBe("notes.txt");
  expect(neutralName("drawing.svg", "image/svg+xml")).toBe("drawing.svg");
  expect(neutralName("README", "text/plain")).toBe("README");
  const long = neutralName(`${"a".repeat(176)}.html`, "text/plain");
  expect(long).toHaveLength(180);
  expect(long.endsWith(".txt")).toBe(true);
});
