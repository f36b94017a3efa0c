import { expect, newPerson, test } from "./fixtures";

test("edit my profile, then sign out", async ({ browser }) => {
  const fay = await newPerson(browser, "Fay");
  const { page } = fay;

  await page.getByRole("link", { name: "Your profile" }).click();
  await expect(page.getByRole("heading", { name: "Your profile" })).toBeVisible();
  await page.getByLabel("First name", { exact: true }).fill("Faye");
  await page.getByLabel("Bio", { exact: true }).fill("Gardener and chess player");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Your profile" })).toContainText("Faye Tester");

  // An empty first name is refused with the field's own message.
  await page.getByLabel("First name", { exact: true }).fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("First name is required")).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Bio", { exact: true })).toHaveValue("Gardener and chess player");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/chats");
  await expect(page).toHaveURL(/\/login/);
});
