import { expect, messages, newPerson, sendMessage, test, type Person } from "./fixtures";

/** In the New group / Add members picker: finds someone by username and chooses them. */
async function choose(me: Person, other: Person) {
  const dialog = me.page.getByRole("dialog");
  await dialog.getByRole("searchbox", { name: "Search people" }).fill(other.username);
  await dialog.getByRole("button", { name: new RegExp(`${other.firstName} ${other.lastName}.*@${other.username}`) }).click();
  await expect(dialog.getByRole("button", { name: `Remove ${other.firstName} ${other.lastName}` })).toBeVisible();
}

test("a group: created, grown from the info panel, and a removed member stops receiving it live", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");
  const cy = await newPerson(browser, "Cy");
  const title = `Trip ${ana.username.slice(-6)}`;

  // Ana creates the group with Ben and lands in it.
  await ana.page.getByRole("button", { name: "New group" }).click();
  await ana.page.getByLabel("Group title").fill(title);
  await choose(ana, ben);
  await ana.page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  await expect(ana.page).toHaveURL(/\/chats\/[^/]+$/);
  await expect(ana.page.getByRole("heading", { name: title })).toBeVisible();
  await expect(ana.page.getByTestId("presence")).toContainText("2 members");
  await sendMessage(ana, "Welcome, Ben");

  // Ben sees it in his list (Groups tab), with Ana's name over her message.
  await ben.page.getByTestId("chat-filter").getByRole("tab", { name: "Groups" }).click();
  await ben.page.getByRole("link", { name: new RegExp(title) }).click();
  await expect(messages(ben.page).filter({ hasText: "Welcome, Ben" })).toContainText("Ana Tester");

  // Ana's tick counts Ben's read, and Message info says who read it.
  const welcome = messages(ana.page).filter({ hasText: "Welcome, Ben" });
  await expect(welcome.getByTestId("read-by")).toHaveText(", Read by 1 of 1");
  await welcome.click({ button: "right" });
  await ana.page.getByRole("menuitem", { name: "Message info" }).click();
  await expect(ana.page.getByRole("dialog", { name: "Message info" }).getByTestId("receipt-row")).toContainText(/Ben Tester.*Read/);
  await ana.page.keyboard.press("Escape");

  // Ana adds Cy from the info panel.
  await ana.page.getByRole("button", { name: title }).click();
  const panel = ana.page.getByTestId("group-info");
  await expect(panel.getByTestId("member-row")).toHaveCount(2);
  await panel.getByRole("button", { name: "Add members" }).click();
  await choose(ana, cy);
  await ana.page.getByRole("dialog").getByRole("button", { name: "Add", exact: true }).click();
  await expect(panel.getByTestId("member-row")).toHaveCount(3);
  await expect(panel.getByTestId("member-row").filter({ hasText: "Cy Tester" })).toBeVisible();

  // Cy finds the group in his list without a reload and sees new messages live.
  await cy.page.getByRole("link", { name: new RegExp(title) }).click();
  await sendMessage(ana, "Hi Cy");
  await expect(messages(cy.page).filter({ hasText: "Hi Cy" })).toBeVisible();

  // Ben is a plain member: he can see everyone but change nothing.
  await ben.page.getByRole("button", { name: title }).click();
  const bensPanel = ben.page.getByTestId("group-info");
  await expect(bensPanel.getByTestId("member-row")).toHaveCount(3);
  await expect(bensPanel.getByRole("button", { name: "Add members" })).toHaveCount(0);
  await expect(bensPanel.getByRole("button", { name: /^Actions for/ })).toHaveCount(0);
  await expect(bensPanel.getByRole("button", { name: "Leave group" })).toBeVisible();

  // Ana renames the group inline; Ben's header follows live (he has no pencil).
  await expect(bensPanel.getByRole("button", { name: "Rename group" })).toHaveCount(0);
  const renamed = `${title} 2027`;
  await panel.getByRole("button", { name: "Rename group" }).click();
  await panel.getByRole("textbox", { name: "Group title" }).fill(renamed);
  await panel.getByRole("textbox", { name: "Group title" }).press("Enter");
  await expect(ben.page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(bensPanel.getByRole("heading", { name: renamed })).toBeVisible();

  // Ana removes Cy: Cy's open chat says so at once and the group leaves his list.
  await panel.getByRole("button", { name: "Actions for Cy Tester" }).click();
  await ana.page.getByRole("menuitem", { name: "Remove from group" }).click();
  await expect(panel.getByTestId("member-row")).toHaveCount(2);
  await expect(cy.page.getByTestId("no-longer-member")).toContainText("You are no longer in this group");
  await expect(cy.page.getByRole("navigation", { name: "Chat list" }).getByRole("link", { name: new RegExp(title) })).toHaveCount(0);
  await expect(cy.page.getByRole("textbox", { name: "Message" })).toHaveCount(0);

  // A later message reaches Ben but never Cy.
  await sendMessage(ana, "Just us now");
  await expect(messages(ben.page).filter({ hasText: "Just us now" })).toBeVisible();
  await cy.page.getByRole("link", { name: "Back to chats" }).last().click();
  await expect(cy.page.getByText("Just us now")).toHaveCount(0);
  await expect(cy.page.getByRole("link", { name: new RegExp(title) })).toHaveCount(0);
});

test("support: a user asks for help and an admin answers from the Support tab, live", async ({ browser }) => {
  const ula = await newPerson(browser, "Ula");
  await ula.page.getByRole("button", { name: "Help" }).click();
  await expect(ula.page.getByRole("heading", { name: "Support" })).toBeVisible();
  const question = `My order is late ${ula.username}`;
  await sendMessage(ula, question);
  await expect(messages(ula.page).filter({ hasText: question })).toBeVisible();

  // The configured admin signs in and finds the chat under Support, named after Ula.
  const context = await browser.newContext();
  const admin = await context.newPage();
  await admin.goto("/login");
  await admin.getByLabel("Username").fill("relay_admin");
  await admin.getByLabel("Password").fill("e2e-admin-password");
  await admin.getByRole("button", { name: /sign in/i }).click();
  await expect(admin).toHaveURL(/\/chats$/);
  await admin.getByTestId("chat-filter").getByRole("tab", { name: "Support" }).click();
  await admin.getByRole("link", { name: /Support: Ula Tester/ }).first().click();
  await expect(messages(admin).filter({ hasText: question })).toBeVisible();
  await sendMessage({ ...ula, page: admin }, "We are on it");

  await expect(messages(ula.page).filter({ hasText: "We are on it" })).toBeVisible();
});
