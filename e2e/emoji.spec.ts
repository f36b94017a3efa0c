// Emoji: picked from the composer's picker into the text, and any emoji as a reaction, each
// seen on the other side; and colour emoji where the browser has no emoji font of its own.
import sharp from "sharp";
import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("an emoji searched for in the picker goes in at the caret and arrives; a reaction from More reactions arrives", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // The picker's data comes from Relay itself (a self-hosted instance may be offline), and
  // only once the picker opens.
  const dataRequests: string[] = [];
  ana.page.on("request", (request) => {
    if (/emoji/.test(request.url()) && request.resourceType() === "fetch") dataRequests.push(request.url());
  });

  // Ana types, puts the caret between the words, and picks the unicorn by searching for it.
  const box = ana.page.getByRole("textbox", { name: "Message" });
  await box.fill("Look  here");
  await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
  expect(dataRequests).toEqual([]);
  await ana.page.getByRole("button", { name: "Emoji and stickers" }).click();
  const picker = ana.page.getByRole("dialog", { name: "Emoji and stickers" });
  const search = picker.getByRole("textbox", { name: "Search emoji" }).or(picker.getByRole("searchbox", { name: "Search emoji" }));
  await expect(search).toBeFocused();
  await search.fill("unicorn");
  await picker.getByRole("gridcell", { name: "Unicorn", exact: true }).click();
  await expect(box).toHaveValue("Look 🦄 here");
  expect(dataRequests.length).toBeGreaterThan(0);
  for (const url of dataRequests) expect(url).toMatch(new RegExp(`^${new URL(ana.page.url()).origin}/api/emoji-data/`));
  // The picker stays open for more; from the keyboard this time: the first match, by Enter.
  await search.fill("red heart");
  await expect(picker.getByRole("gridcell", { name: "Unicorn", exact: true })).toHaveCount(0);
  await expect(picker.getByRole("gridcell").first()).toHaveAccessibleName("Red heart");
  await search.press("Enter");
  await expect(box).toHaveValue("Look 🦄❤️ here");
  // A skin tone picked once stays picked the next time the picker opens.
  const tone = picker.getByRole("button", { name: /^Skin tone/ });
  const toneBefore = await tone.getAttribute("aria-label");
  await tone.click();
  await expect(tone).not.toHaveAttribute("aria-label", toneBefore!);
  const tonePicked = (await tone.getAttribute("aria-label"))!;
  await search.focus();
  // Esc closes it and typing goes on after the emoji.
  await ana.page.keyboard.press("Escape");
  await expect(picker).toHaveCount(0);
  await expect(box).toBeFocused();
  await ana.page.keyboard.type("!");
  await expect(box).toHaveValue("Look 🦄❤️! here");
  await box.press("Enter");
  await ana.page.getByRole("button", { name: "Emoji and stickers" }).click();
  await expect(picker.getByRole("button", { name: /^Skin tone/ })).toHaveAttribute("aria-label", tonePicked);
  await ana.page.keyboard.press("Escape");

  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  const benSees = messages(ben.page).filter({ hasText: "Look 🦄❤️! here" });
  await expect(benSees).toBeVisible();

  // Ben reacts with an emoji that is not in the quick row, through More reactions.
  await benSees.click({ button: "right" });
  const menu = ben.page.getByRole("menu", { name: "Message actions" });
  await menu.getByRole("menuitem", { name: "More reactions" }).click();
  const reactionPicker = ben.page.getByRole("dialog", { name: "Choose a reaction" });
  const reactionSearch = reactionPicker.getByRole("textbox", { name: "Search emoji" }).or(reactionPicker.getByRole("searchbox", { name: "Search emoji" }));
  await expect(reactionSearch).toBeFocused();
  await reactionSearch.fill("avocado");
  await reactionPicker.getByRole("gridcell", { name: "Avocado", exact: true }).click();
  await expect(reactionPicker).toHaveCount(0);

  const anaSees = messages(ana.page).filter({ hasText: "Look 🦄❤️! here" });
  await expect(anaSees.getByTestId("reaction-chip")).toHaveAccessibleName("🥑 1");
  await expect(benSees.getByTestId("reaction-chip")).toHaveAttribute("aria-pressed", "true");
});

test("emoji in messages and reactions render in colour without an emoji font on the machine", async ({ browser }, testInfo) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Plain words only");
  await sendMessage(ana, "Party time 🎉😂👍🏽👩‍💻🇫🇷❤️");
  const sent = messages(ana.page).filter({ hasText: "Party time" });
  // Ben sees them in grey bubbles and chips, so any colour is the emoji's own.
  const page = ben.page;
  await page.getByRole("link", { name: /Ana Tester/ }).click();
  const plain = messages(page).filter({ hasText: "Plain words only" });
  const party = messages(page).filter({ hasText: "Party time" });
  await expect(party).toBeVisible();
  for (const name of ["React with Thumbs up", "React with Heart", "React with Laughing"]) {
    await sent.click({ button: "right" });
    await ana.page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name }).click();
  }
  await expect(sent.getByTestId("reaction-chip")).toHaveCount(3);

  await expect(party.getByTestId("reaction-chip")).toHaveCount(3);
  await party.click({ button: "right" });
  const row = page.getByRole("group", { name: "Reactions" });
  await expect(row).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  // Relay's emoji font was needed and loaded: this Chromium has no emoji font of its own.
  await expect.poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.includes("Relay Emoji") && f.status === "loaded"))).toBe(true);

  /** How many pixels are clearly coloured: a missing glyph's box, a monochrome glyph or text has none. */
  const colouredPixels = async (shot: Buffer) => {
    const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    let coloured = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) coloured++;
    }
    return coloured;
  };

  expect(await colouredPixels(await row.screenshot({ path: testInfo.outputPath("reaction-row.png") }))).toBeGreaterThan(500);
  await page.keyboard.press("Escape");
  await expect(row).toHaveCount(0);
  expect(await colouredPixels(await plain.screenshot())).toBeLessThan(20);
  expect(await colouredPixels(await party.screenshot({ path: testInfo.outputPath("emoji-message.png") }))).toBeGreaterThan(500);
  await page.screenshot({ path: testInfo.outputPath("conversation.png") });
});

test("the arrow keys walk the picker's grid and keep the chosen emoji in view", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await ana.page.getByRole("button", { name: "Emoji and stickers" }).click();
  const picker = ana.page.getByRole("dialog", { name: "Emoji and stickers" });
  const search = picker.getByRole("textbox", { name: "Search emoji" }).or(picker.getByRole("searchbox", { name: "Search emoji" }));
  await expect(search).toBeFocused();
  await expect(picker.getByRole("gridcell").first()).toBeVisible();
  const chosen = picker.getByRole("gridcell", { selected: true });
  // Rows and columns are counted from 1, as ARIA counts them.
  await search.press("ArrowDown");
  await expect(chosen).toHaveAttribute("aria-colindex", "1");
  await expect(chosen.locator("xpath=..")).toHaveAttribute("aria-rowindex", "1");
  await search.press("ArrowRight");
  await expect(chosen).toHaveAttribute("aria-colindex", "2");
  // Far below the first screen of emoji, the chosen one has been scrolled to.
  for (let i = 0; i < 15; i++) await search.press("ArrowDown");
  await expect(chosen).toBeInViewport();
  await expect(chosen.locator("xpath=..")).toHaveAttribute("aria-rowindex", "16");
  // Enter puts in the chosen one, not the first.
  await search.press("Enter");
  await expect(ana.page.getByRole("textbox", { name: "Message" })).not.toHaveValue("");
  await expect(ana.page.getByRole("textbox", { name: "Message" })).not.toHaveValue("😀");
});
