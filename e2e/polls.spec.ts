// A poll asked in a chat: the other person votes and the asker's bars fill live, without a reload.
import { expect, messages, newPerson, openChatWith, test } from "./fixtures";

test("ask a poll, the other votes, the asker sees the bars fill, the votes and the close", async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);

  // Ana asks from the composer: a question and three options (one added), keyboard only.
  await ana.page.getByRole("button", { name: "Poll" }).click();
  const dialog = ana.page.getByRole("dialog", { name: "New poll" });
  await dialog.getByLabel("Question").fill("Where shall we hike?");
  await dialog.getByRole("textbox", { name: "Option 1" }).fill("Alps");
  await dialog.getByRole("textbox", { name: "Option 2" }).fill("Tatras");
  await dialog.getByRole("button", { name: "Add an option" }).click();
  await dialog.getByRole("textbox", { name: "Option 3" }).fill("Pyrenees");
  await dialog.getByRole("textbox", { name: "Option 3" }).press("Enter");
  await expect(dialog).toHaveCount(0);

  const anaPoll = messages(ana.page).filter({ has: ana.page.getByTestId("poll") });
  await expect(anaPoll).toContainText("Where shall we hike?");
  await expect(anaPoll.getByTestId("poll-total")).toHaveText("0 votes");

  // Ben sees it in his chat list as "📊 question", opens it and votes for the Tatras.
  await expect(ben.page.getByRole("link", { name: /Ana Tester/ })).toContainText("📊 Where shall we hike?");
  await ben.page.getByRole("link", { name: /Ana Tester/ }).click();
  const benPoll = messages(ben.page).filter({ has: ben.page.getByTestId("poll") });
  await benPoll.getByRole("button", { name: /^Tatras:/ }).click();
  await expect(benPoll.getByRole("button", { name: /^Tatras:/ })).toHaveAttribute("aria-pressed", "true");
  await expect(benPoll.getByRole("button", { name: /^Tatras: 1 vote, 100%, my choice/ })).toBeVisible();

  // Ana's bars fill live: the Tatras have the one vote, the bar is full.
  const tatras = anaPoll.getByRole("button", { name: /^Tatras:/ });
  await expect(tatras).toHaveAttribute("data-votes", "1");
  await expect(tatras.getByTestId("poll-bar")).toHaveAttribute("style", /width: 100%/);
  await expect(anaPoll.getByRole("button", { name: /^Alps:/ }).getByTestId("poll-bar")).toHaveAttribute("style", /width: 0%/);
  await expect(anaPoll.getByTestId("poll-total")).toHaveText("1 vote");

  // Ben changes his mind: the count moves on Ana's side too.
  await benPoll.getByRole("button", { name: /^Alps:/ }).click();
  await expect(anaPoll.getByRole("button", { name: /^Alps:/ })).toHaveAttribute("data-votes", "1");
  await expect(tatras).toHaveAttribute("data-votes", "0");

  // The poll is public: Ana sees who voted for what.
  await anaPoll.getByRole("button", { name: "View votes" }).click();
  const votes = ana.page.getByRole("dialog", { name: "Votes" });
  await expect(votes.getByTestId("poll-voters")).toContainText("Ben Tester");
  await votes.press("Escape");

  // Ana closes it: Ben can vote no more.
  await anaPoll.getByRole("button", { name: "Close poll" }).click();
  await expect(benPoll).toContainText("Final results");
  await expect(benPoll.getByRole("button", { name: /^Pyrenees:/ })).toBeDisabled();
  await expect(benPoll.getByRole("button", { name: "Retract vote" })).toHaveCount(0);
});
