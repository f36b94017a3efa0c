// Calls between two browsers with Chromium's fake camera and microphone: answered (and the
// video really flowing both ways), declined, unanswered, and refused camera access. The e2e
// server rings for CALL_RING_SECONDS=8 (playwright.config.ts).
import type { Page } from "@playwright/test";
import { expect, messages, newPerson, openChatWith, test, type Person } from "./fixtures";

const RING_TIMEOUT = { timeout: 30_000 };

const callScreen = (person: Person) => person.page.getByTestId("call-screen");
const incomingCall = (person: Person, from: Person) =>
  person.page.getByRole("alertdialog", { name: `${from.firstName} ${from.lastName}` });

/** The remote video has a picture and its time moves on: media is really arriving. */
async function expectRemoteVideoPlaying(page: Page) {
  const video = page.getByTestId("remote-video");
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  const start = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(start);
  expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(false);
}

async function openChatFromList(person: Person, other: Person) {
  await person.page.getByRole("link", { name: new RegExp(`${other.firstName} ${other.lastName}`) }).click();
  await expect(person.page.getByRole("heading", { name: `${other.firstName} ${other.lastName}` })).toBeVisible();
}

test("a video call: answered from the chat list, both connected with live video, hung up, and the chat shows its duration", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  await ana.page.getByRole("button", { name: "Video call Ben Tester" }).click();
  await expect(callScreen(ana)).toBeVisible();
  await expect(ana.page.getByTestId("call-status")).toHaveText("Ringing…");
  // My own camera shows while it rings.
  await expect(ana.page.getByTestId("local-video")).toBeVisible();

  // Ben is on his chat list, not in the chat: the call finds him there.
  const ringing = incomingCall(ben, ana);
  await expect(ringing).toContainText("Incoming video call");
  await ringing.getByRole("button", { name: "Accept" }).click();
  await expect(ringing).toHaveCount(0);

  for (const person of [ana, ben]) {
    await expect(person.page.getByTestId("call-status")).toHaveText("Connected");
    await expect(person.page.getByTestId("call-timer")).toHaveText(/^\d+:\d\d$/);
    await expectRemoteVideoPlaying(person.page);
  }

  // Mute and camera off are toggles the keyboard reaches.
  const mute = ben.page.getByRole("button", { name: "Mute" });
  await mute.focus();
  await ben.page.keyboard.press("Enter");
  await expect(mute).toHaveAttribute("aria-pressed", "true");
  await ben.page.getByRole("button", { name: "Camera off" }).click();
  await expect(ben.page.getByRole("button", { name: "Camera off" })).toHaveAttribute("aria-pressed", "true");

  await ana.page.getByRole("button", { name: "Hang up" }).click();
  for (const person of [ana, ben]) await expect(callScreen(person)).toHaveCount(0);

  await expect(messages(ana.page).filter({ hasText: /^Video call · \d+:\d\d$/ })).toHaveCount(1);
  await openChatFromList(ben, ana);
  await expect(messages(ben.page).filter({ hasText: /^Video call · \d+:\d\d$/ })).toHaveCount(1);
  // The call buttons are back for the next call.
  await expect(ana.page.getByRole("button", { name: "Video call Ben Tester" })).toBeEnabled();
});

test("a declined call: the caller hears it and both chats say so", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await openChatFromList(ben, ana);

  await ana.page.getByRole("button", { name: "Audio call Ben Tester" }).click();
  const ringing = incomingCall(ben, ana);
  await expect(ringing).toContainText("Incoming audio call");
  await ringing.getByRole("button", { name: "Decline" }).click();

  await expect(callScreen(ana)).toHaveCount(0);
  await expect(ringing).toHaveCount(0);
  for (const person of [ana, ben]) await expect(messages(person.page).filter({ hasText: "Declined audio call" })).toHaveCount(1);
});

test("nobody answers: after the ring time the call is missed on both sides", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await openChatFromList(ben, ana);

  await ana.page.getByRole("button", { name: "Video call Ben Tester" }).click();
  await expect(incomingCall(ben, ana)).toBeVisible();
  await expect(incomingCall(ben, ana)).toHaveCount(0, RING_TIMEOUT);
  await expect(callScreen(ana)).toHaveCount(0, RING_TIMEOUT);
  for (const person of [ana, ben]) await expect(messages(person.page).filter({ hasText: "Missed video call" })).toHaveCount(1);
});

test("a refused camera gives a clear message, and the call does not ring on", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  // As if Ana had blocked the camera and microphone for this site.
  await ana.page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  });
  await ana.page.reload();
  await openChatWith(ana, ben);

  await ana.page.getByRole("button", { name: "Video call Ben Tester" }).click();
  await expect(callScreen(ana).getByRole("alert")).toContainText("Relay may not use your camera and microphone");
  await expect(messages(ana.page).filter({ hasText: "Cancelled video call" })).toHaveCount(1);
  await expect(incomingCall(ben, ana)).toHaveCount(0);
  // The message stays until Ana closes it.
  await callScreen(ana).getByRole("button", { name: "Close" }).click();
  await expect(callScreen(ana)).toHaveCount(0);
});
