import type { Page } from "@playwright/test";
import { apiAs } from "./api";
import { expect, messages, newPerson, test, type Person } from "./fixtures";

// The chat list under traffic: 150 messages from two people arrive while it is open, and each
// chat's preview, badge and place follow them as they come, not once the traffic stops.

const PER_PERSON = 75;

function chatRow(page: Page, person: Person) {
  return page.getByRole("navigation", { name: "Chat list" }).getByRole("link").filter({ hasText: `${person.firstName} ${person.lastName}` });
}

async function expectRow(page: Page, person: Person, preview: string, unread: number) {
  const row = chatRow(page, person);
  await expect(row).toContainText(preview);
  await expect(row.getByTestId("unread-badge")).toHaveAccessibleName(`${unread} unread`);
}

test("150 messages arriving while the list is open keep each preview and badge current", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const [ana, ben, cy] = await Promise.all([newPerson(browser, "Ana"), newPerson(browser, "Ben"), newPerson(browser, "Cy")]);
  const [anaApi, benApi, cyApi] = await Promise.all([apiAs(baseURL!, ana), apiAs(baseURL!, ben), apiAs(baseURL!, cy)]);
  const anaId = (await anaApi.auth.me.query()).id;
  const [withBen, withCy] = await Promise.all([benApi.chats.openDirect.mutate({ userId: anaId }), cyApi.chats.openDirect.mutate({ userId: anaId })]);
  await Promise.all([ben.page.close(), cy.page.close()]);

  const { page } = ana;
  await page.goto("/chats");
  await expect(page.getByRole("navigation", { name: "Chat list" })).toBeVisible();
  // Each message lands in the list as it is: the list is not fetched again for each (a refetch
  // per message, each cancelling the last, kept the old state on screen while traffic lasted).
  let listFetches = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.includes("chats.list")) listFetches += 1;
  });

  // Turn by turn, one message at a time, as people type; checked along the way.
  for (let i = 1; i <= PER_PERSON; i++) {
    await benApi.messages.send.mutate({ chatId: withBen.id, content: `Ben says ${i}` });
    await cyApi.messages.send.mutate({ chatId: withCy.id, content: `Cy says ${i}` });
    if (i % 25 === 0) {
      await expectRow(page, ben, `Ben says ${i}`, i);
      await expectRow(page, cy, `Cy says ${i}`, i);
      // The newest activity is on top.
      await expect(page.getByRole("navigation", { name: "Chat list" }).getByRole("link").first()).toContainText(`Cy says ${i}`);
    }
  }

  // (A reconnect refetches what it may have missed, so a loaded machine may see a few more.)
  expect(listFetches).toBeLessThan(PER_PERSON / 2);

  // Ben writes once more: his chat goes back on top. Opened, it shows where his messages
  // began; read down to the newest, its badge goes.
  await benApi.messages.send.mutate({ chatId: withBen.id, content: "Still there?" });
  await expectRow(page, ben, "Still there?", PER_PERSON + 1);
  await expect(page.getByRole("navigation", { name: "Chat list" }).getByRole("link").first()).toContainText("Still there?");
  await chatRow(page, ben).click();
  await expect(page.getByRole("separator", { name: "New messages" })).toBeVisible();
  await page.getByTestId("jump-to-newest").click();
  await expect(messages(page).filter({ hasText: "Still there?" })).toBeInViewport();
  await expect(chatRow(page, ben).getByTestId("unread-badge")).toHaveCount(0);
  await expectRow(page, cy, `Cy says ${PER_PERSON}`, PER_PERSON);
});
