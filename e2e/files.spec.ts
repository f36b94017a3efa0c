// Files, voice notes, stickers, avatars and music, each seen (and played) on the other side.
import type { Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, test } from "./fixtures";
import { png, taggedWav } from "../src/server/testing/sample-files";

const attach = (page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) =>
  page.getByTestId("attach-input").setInputFiles(files);

test("an image with a caption arrives on the other side and opens in the lightbox; a refused file says why", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // A file whose bytes are no known type is refused, and the tray says so for that file.
  await attach(ana.page, [{ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not really an image at all") }]);
  const refused = ana.page.getByTestId("tray-item").filter({ hasText: "notes.png" });
  await expect(refused).toHaveAttribute("data-status", "failed");
  await expect(refused.getByRole("alert")).not.toBeEmpty();
  await refused.getByRole("button", { name: "Remove notes.png" }).click();
  await expect(ana.page.getByTestId("tray-item")).toHaveCount(0);

  await attach(ana.page, [{ name: "sunset.png", mimeType: "image/png", buffer: await png(320, 200) }]);
  await expect(ana.page.getByTestId("tray-item")).toHaveAttribute("data-status", "done");
  const box = ana.page.getByRole("textbox", { name: "Message" });
  await box.fill("Sunset from the balcony");
  await box.press("Enter");
  await expect(ana.page.getByTestId("tray-item")).toHaveCount(0);
  const anaSees = messages(ana.page).filter({ hasText: "Sunset from the balcony" });
  await expect(anaSees).toHaveAttribute("data-message-id", /.+/);

  // Ben's chat list says what it is; in the chat the picture has loaded, in its own shape.
  const chatLink = ben.page.getByRole("link", { name: /Ana Tester/ });
  await expect(chatLink).toContainText("📷 Sunset from the balcony");
  await chatLink.click();
  const benSees = messages(ben.page).filter({ hasText: "Sunset from the balcony" });
  const image = benSees.getByTestId("attachment-image");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const box2 = await image.boundingBox();
  expect(box2 && Math.round((box2.width / box2.height) * 10) / 10).toBe(1.6);

  // The lightbox: full size, Esc closes it and focus comes back.
  await benSees.getByRole("button", { name: "Open image sunset.png" }).click();
  const lightbox = ben.page.getByTestId("lightbox");
  await expect(lightbox).toBeVisible();
  await expect(lightbox.getByRole("img", { name: "sunset.png" })).toBeVisible();
  await expect(lightbox.getByRole("link", { name: "Download" })).toHaveAttribute("href", /\/api\/files\//);
  await ben.page.keyboard.press("Escape");
  await expect(lightbox).toBeHidden();
  await expect(benSees.getByRole("button", { name: "Open image sunset.png" })).toBeFocused();

  // The chat's info lists it under Media.
  await ben.page.getByRole("button", { name: "Ana Tester", exact: true }).click();
  const gallery = ben.page.getByTestId("chat-gallery");
  await expect(gallery.getByRole("tab", { name: "Media" })).toHaveAttribute("aria-selected", "true");
  await expect(gallery.getByRole("button", { name: "Open image sunset.png" })).toBeVisible();
  await gallery.getByRole("tab", { name: "Media" }).press("ArrowRight");
  await expect(gallery.getByRole("tab", { name: "Audio" })).toBeFocused();
  await expect(gallery.getByText("No audio files yet")).toBeVisible();
});

test("a message sent while its file is still uploading shows at once, with its preview and progress, and is saved when the upload is done", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // A slow connection, so the upload is still going when Enter is pressed.
  const network = await ana.page.context().newCDPSession(ana.page);
  await network.send("Network.enable");
  await network.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 16 * 1024 });
  await attach(ana.page, [{ name: "big.png", mimeType: "image/png", buffer: await png(900, 600) }]);
  const box = ana.page.getByRole("textbox", { name: "Message" });
  await box.fill("Sent while still uploading");
  await box.press("Enter");
  const pending = messages(ana.page).filter({ hasText: "Sent while still uploading" });
  await expect(pending).toHaveAttribute("data-state", "sending");
  await expect(pending.getByTestId("upload-progress")).toContainText("Uploading");
  await expect.poll(() => pending.getByTestId("attachment-image").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(900);

  await network.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(pending).toHaveAttribute("data-message-id", /.+/);
  await expect(pending.getByTestId("upload-progress")).toHaveCount(0);
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).filter({ hasText: "Sent while still uploading" }).getByTestId("attachment-image")).toBeVisible();
});

test("files dropped on the conversation or pasted into the message box join the tray", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  const small = [...(await png(40, 30))];
  const transfer = (name: string) =>
    ana.page.evaluateHandle(
      async ({ name, bytes }) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
        return data;
      },
      { name, bytes: small },
    );

  // Dragged over: the drop zone shows; dropped: the file is in the tray.
  const conversation = ana.page.getByRole("list", { name: "Messages" });
  const dropped = await transfer("dropped.png");
  await conversation.dispatchEvent("dragenter", { dataTransfer: dropped });
  await expect(ana.page.getByTestId("drop-zone")).toBeVisible();
  await conversation.dispatchEvent("drop", { dataTransfer: dropped });
  await expect(ana.page.getByTestId("drop-zone")).toHaveCount(0);
  await expect(ana.page.getByTestId("tray-item").filter({ hasText: "dropped.png" })).toHaveAttribute("data-status", "done");

  // A pasted screenshot is a file too, not text.
  const pasted = await transfer("pasted.png");
  await ana.page.getByRole("textbox", { name: "Message" }).evaluate((box, clipboardData) => {
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, pasted);
  await expect(ana.page.getByTestId("tray-item").filter({ hasText: "pasted.png" })).toHaveAttribute("data-status", "done");

  // Both go in one message; Ben sees two pictures.
  await ana.page.getByRole("button", { name: "Send" }).click();
  await expect(ana.page.getByTestId("tray-item")).toHaveCount(0);
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  await expect(messages(ben.page).getByTestId("attachment-image")).toHaveCount(2);

  // The lightbox moves between a message's pictures with the arrow keys.
  await messages(ben.page).getByRole("button", { name: "Open image dropped.png" }).click();
  const lightbox = ben.page.getByTestId("lightbox");
  await expect(lightbox).toHaveAccessibleName("dropped.png, image 1 of 2");
  await ben.page.keyboard.press("ArrowRight");
  await expect(lightbox).toHaveAccessibleName("pasted.png, image 2 of 2");
  await ben.page.keyboard.press("ArrowRight");
  await expect(lightbox).toHaveAccessibleName("dropped.png, image 1 of 2");
});

test("a recorded voice note plays on the other side", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // Esc throws a recording away; the message box has the focus again.
  await ana.page.getByRole("button", { name: "Record a voice message" }).click();
  const recorder = ana.page.getByTestId("voice-recorder");
  await expect(recorder.getByRole("button", { name: "Send voice message" })).toBeFocused();
  await ana.page.keyboard.press("Escape");
  await expect(recorder).toHaveCount(0);
  await expect(ana.page.getByRole("textbox", { name: "Message" })).toBeFocused();

  await ana.page.getByRole("button", { name: "Record a voice message" }).click();
  await expect(recorder).toBeVisible();
  await expect(recorder.getByTestId("recording-time")).toHaveText("0:02");
  await recorder.getByRole("button", { name: "Send voice message" }).click();
  await expect(recorder).toHaveCount(0);
  const anaSees = messages(ana.page).filter({ has: ana.page.getByTestId("voice-message") });
  await expect(anaSees).toHaveAttribute("data-message-id", /.+/);

  const chatLink = ben.page.getByRole("link", { name: /Ana Tester/ });
  await expect(chatLink).toContainText(/🎤 Voice message \(0:0[23]\)/);
  // One length everywhere: the bubble says what the list said.
  const listed = /\((\d:\d\d)\)/.exec((await chatLink.textContent()) ?? "")![1]!;
  await chatLink.click();
  const voice = messages(ben.page).getByTestId("voice-message");
  await expect(voice.getByTestId("audio-player")).toContainText(listed);
  await expect(voice.getByTestId("audio-player")).not.toContainText("/");
  const play = voice.getByRole("button", { name: "Play Voice message" });
  await play.click();
  await expect(voice.getByTestId("play-button")).toHaveAttribute("data-playing", "true");
  await expect.poll(() => voice.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.2);
});

test("a sticker sent from the picker by keyboard arrives without a bubble", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  await ana.page.getByRole("button", { name: "Emoji and stickers" }).click();
  const picker = ana.page.getByRole("dialog", { name: "Emoji and stickers" });
  // The Emoji tab first, as in Telegram; the arrow keys move between the tabs.
  await expect(picker.getByRole("tab", { name: "Emoji" })).toHaveAttribute("aria-selected", "true");
  // The emoji panel loads when the picker opens and takes the focus into its search.
  await expect(picker.getByPlaceholder("Search emoji")).toBeFocused();
  await picker.getByRole("tab", { name: "Emoji" }).focus();
  await ana.page.keyboard.press("ArrowRight");
  await expect(picker.getByRole("tab", { name: "Stickers" })).toBeFocused();
  // The tabs sit under the panel: back into it.
  await ana.page.keyboard.press("Shift+Tab");
  await expect(picker.getByRole("button", { name: "Waving hand" })).toBeFocused();
  await ana.page.keyboard.press("ArrowRight");
  await expect(picker.getByRole("button", { name: "Thumbs up" })).toBeFocused();
  await ana.page.keyboard.press("Enter");
  await expect(picker).toHaveCount(0);

  const chatLink = ben.page.getByRole("link", { name: /Ana Tester/ });
  await expect(chatLink).toContainText("Sticker");
  await chatLink.click();
  const sticker = messages(ben.page).getByRole("img", { name: "Sticker: Thumbs up" });
  await expect(sticker).toBeVisible();
  await expect.poll(() => sticker.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test("my photo replaces my initials, for me and for the people I write to", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ben, ana);
  await ben.page.getByRole("textbox", { name: "Message" }).fill("Hi Ana");
  await ben.page.getByRole("textbox", { name: "Message" }).press("Enter");

  await ana.page.goto("/settings/profile");
  await ana.page.getByTestId("avatar-input").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: await png(96, 96) });
  const sidebarPhoto = ana.page.getByRole("link", { name: "Your profile" }).getByTestId("avatar-image");
  await expect(sidebarPhoto).toBeVisible();
  await expect(ana.page.getByRole("button", { name: "Change photo" })).toBeVisible();

  await ben.page.reload();
  const photo = ben.page.getByRole("link", { name: /Ana Tester/ }).getByTestId("avatar-image");
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Removed: initials again.
  await ana.page.getByRole("button", { name: "Remove" }).click();
  await expect(sidebarPhoto).toHaveCount(0);
});

test("the music page lists a tagged track sent in a chat and plays it", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  await attach(ana.page, [
    { name: "sine-song.wav", mimeType: "audio/wav", buffer: taggedWav(4, { title: "Sine Song", artist: "The Oscillators", album: "Pure Tones" }) },
  ]);
  await ana.page.getByRole("button", { name: "Send" }).click();
  const sent = messages(ana.page).filter({ has: ana.page.getByTestId("audio-player") });
  await expect(sent).toHaveAttribute("data-message-id", /.+/);
  await expect(sent).toContainText("Sine Song");

  // Ben has it on his music page, with its tags, and plays it from there.
  await ben.page.getByRole("link", { name: "Music" }).click();
  await expect(ben.page).toHaveURL(/\/music$/);
  const track = ben.page.getByTestId("track").filter({ hasText: "Sine Song" });
  await expect(track).toContainText("The Oscillators");
  await expect(track).toContainText("Pure Tones");
  await expect(track).toContainText("0:04");
  await track.getByRole("button", { name: "Play Sine Song by The Oscillators" }).click();
  const player = ben.page.getByTestId("player-bar");
  await expect(player.getByTestId("now-playing")).toHaveText("Sine Song");
  await expect(player.getByTestId("play-button")).toHaveAttribute("data-playing", "true");
  await expect.poll(() => ben.page.locator("audio").evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(0.3);

  // Pausing from the list pauses the player.
  await track.getByRole("button", { name: "Pause Sine Song by The Oscillators" }).click();
  await expect(player.getByTestId("play-button")).toHaveAttribute("data-playing", "false");
});
