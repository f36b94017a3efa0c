import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

// Offline: the app says it is waiting for the network, what is written meanwhile waits in the
// chat saying so, and goes (once each) as soon as the network is back.

test("two messages written offline wait, then are delivered once each when the network returns", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  await openChatWith(ana, ben);
  await sendMessage(ana, "Before the tunnel");
  await openChatWith(ben, ana);
  await expect(messages(ben.page).filter({ hasText: "Before the tunnel" })).toBeVisible();

  const banner = ana.page.getByTestId("connection-banner");
  await expect(banner).not.toContainText(/Waiting|Connecting/);
  await ana.page.context().setOffline(true);
  await expect(banner).toContainText("Waiting for network…");
  // Cut off, Ana cannot know whether Ben is still there: the header says what it waits for.
  const presence = ana.page.getByTestId("presence");
  await expect(presence).toHaveText("waiting for network…");
  await expect(ana.page.getByTestId("online-dot")).toHaveCount(0);

  await sendMessage(ana, "In the tunnel");
  await sendMessage(ana, "Still in the tunnel");
  const waiting = messages(ana.page).filter({ hasText: "Not sent yet: no connection" });
  await expect(waiting).toHaveCount(2);
  await expect(messages(ben.page).filter({ hasText: "In the tunnel" })).toHaveCount(0);

  await ana.page.context().setOffline(false);
  await expect(banner).not.toContainText(/Waiting|Connecting/);
  await expect(presence).toHaveText("online");
  await expect(waiting).toHaveCount(0);
  for (const text of ["In the tunnel", "Still in the tunnel"]) {
    await expect(messages(ben.page).filter({ has: ben.page.getByText(text, { exact: true }) })).toHaveCount(1);
    await expect(messages(ana.page).filter({ has: ana.page.getByText(text, { exact: true }) })).toHaveCount(1);
  }
  // In the order they were written.
  await expect(messages(ben.page).last()).toContainText("Still in the tunnel");
  // And nothing twice after a reload either.
  await ben.page.reload();
  await expect(messages(ben.page).filter({ has: ben.page.getByText("In the tunnel", { exact: true }) })).toHaveCount(1);
});

test("a message that got no answer is kept through a reload and arrives once", async ({ browser }) => {
  const cleo = await newPerson(browser, "Cleo");
  const dan = await newPerson(browser, "Dan");
  await openChatWith(cleo, dan);
  await openChatWith(dan, cleo);

  // Relay cannot be reached for sends: the message waits in the chat.
  const sends = "**/api/trpc/*messages.send*";
  await cleo.page.route(sends, (route) => route.abort("internetdisconnected"));
  await sendMessage(cleo, "Written before the reload");
  await expect(messages(cleo.page).filter({ hasText: "Not sent yet: no connection" })).toHaveCount(1);
  await expect(messages(dan.page).filter({ hasText: "Written before the reload" })).toHaveCount(0);

  // The page is reloaded before the network comes back: the message was not lost with it.
  await cleo.page.unroute(sends);
  await cleo.page.reload();
  await expect(messages(dan.page).filter({ has: dan.page.getByText("Written before the reload", { exact: true }) })).toHaveCount(1);
  await expect(messages(cleo.page).filter({ has: cleo.page.getByText("Written before the reload", { exact: true }) })).toHaveCount(1);
  await expect(messages(cleo.page).filter({ hasText: "Not sent yet" })).toHaveCount(0);

  // And once it is acknowledged, it is not sent again by another reload.
  await cleo.page.reload();
  await expect(messages(cleo.page).filter({ has: cleo.page.getByText("Written before the reload", { exact: true }) })).toHaveCount(1);
  await dan.page.reload();
  await expect(messages(dan.page).filter({ has: dan.page.getByText("Written before the reload", { exact: true }) })).toHaveCount(1);
});
