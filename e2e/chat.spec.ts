import { expect, messages, newPerson, openChatWith, sendMessage, test } from "./fixtures";

test("two people register, find each other and chat live", async ({ browser }) => {
  const ana = await newPerson(browser, "Ana");
  const ben = await newPerson(browser, "Ben");

  await expect(ben.page.getByText("No chats yet")).toBeVisible();

  await openChatWith(ana, ben);
  await expect(ana.page.getByText("No messages yet. Say hello!")).toBeVisible();
  await sendMessage(ana, "Hi Ben, it's Ana");

  // The new chat appears in Ben's list without a reload, with an unread badge.
  const chatLink = ben.page.getByRole("link", { name: /Ana Tester/ });
  await expect(chatLink).toBeVisible();
  await expect(chatLink.getByTestId("unread-badge")).toHaveText("1");

  // Ben is online, so Ana's message reaches him (delivered) but is not yet read.
  const anaFirst = messages(ana.page).filter({ hasText: "Hi Ben, it's Ana" });
  await expect(anaFirst.getByTestId("message-state")).toHaveText("Delivered");

  // Ben opens the chat: he reads it, and Ana sees it turn to read live.
  await chatLink.click();
  await expect(messages(ben.page).filter({ hasText: "Hi Ben, it's Ana" })).toBeVisible();
  await expect(anaFirst.getByTestId("message-state")).toHaveText("Read");
  await expect(chatLink.getByTestId("unread-badge")).toHaveCount(0);

  // Ben answers, with a line break (Shift+Enter), and Ana receives it live.
  const box = ben.page.getByRole("textbox", { name: "Message" });
  await box.fill("Hello Ana!");
  await box.press("Shift+Enter");
  await box.pressSequentially("Second line");
  await box.press("Enter");
  await expect(messages(ana.page).filter({ hasText: "Second line" })).toContainText("Hello Ana!");
  await expect(box).toHaveValue("");

  // Ana answers back; Ben sees it while the chat is open and it is read at once.
  await sendMessage(ana, "Great to hear from you");
  await expect(messages(ben.page).filter({ hasText: "Great to hear from you" })).toBeVisible();
  await expect(
    messages(ana.page).filter({ hasText: "Great to hear from you" }).getByTestId("message-state"),
  ).toHaveText("Read");

  // History survives a reload, in order.
  await ben.page.reload();
  await expect(messages(ben.page)).toHaveCount(3);
  await expect(messages(ben.page).nth(0)).toContainText("Hi Ben, it's Ana");
  await expect(messages(ben.page).nth(2)).toContainText("Great to hear from you");
});

test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
  await page.goto("/chats");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("registration shows field errors and sign-in refuses a wrong password", async ({ browser, page }) => {
  await page.goto("/register");
  await page.getByLabel("Username").fill("ab");
  await page.getByLabel("Age").fill("12");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Username must be at least 3 characters")).toBeVisible();
  await expect(page.getByText("You must be at least 13")).toBeVisible();

  const cy = await newPerson(browser, "Cy");
  await page.goto("/login");
  await page.getByLabel("Username").fill(cy.username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password" })).toBeVisible();

  await page.getByLabel("Password").fill(cy.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/chats$/);
});
