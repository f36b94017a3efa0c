// The first admin comes from configuration: created, or an existing user promoted, always with
// the configured password; and `npm run admin:create` does the same from a terminal.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "@/server/db";
import { users } from "@/server/db/schema";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";
import { ensureAdmin } from "@/server/services/admin/accounts";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

describe("ensureAdmin", () => {
  test("creates the account with the admin role and the configured password", async () => {
    const { user, created } = await ensureAdmin(world.db, { username: "site_admin", password: "configured-secret" });
    expect(created).toBe(true);
    expect(user).toMatchObject({ username: "site_admin", role: "admin" });
    expect(JSON.stringify(user)).not.toMatch(/password|argon/i);

    const { user: signedIn, token } = await world.anonymous.auth.login({ username: "site_admin", password: "configured-secret" });
    expect(signedIn.role).toBe("admin");
    await expect((await world.callerWithToken(token)).auth.me()).resolves.toMatchObject({ role: "admin" });
  });

  test("promotes an existing user (any letter case) and resets their password to the configured one", async () => {
    const someone = await world.signUp({ username: "Existing_Person", password: "old-password" });
    const { user, created } = await ensureAdmin(world.db, { username: "existing_person", password: "new-configured" });
    expect(created).toBe(false);
    expect(user).toMatchObject({ id: someone.user.id, username: "Existing_Person", role: "admin" });

    expect((await refusal(world.anonymous.auth.login({ username: "Existing_Person", password: "old-password" }))).code).toBe(
      "UNAUTHORIZED",
    );
    await expect(world.anonymous.auth.login({ username: "Existing_Person", password: "new-configured" })).resolves.toBeTruthy();
  });

  test("a new admin can answer the support chats already open", async () => {
    const customer = await world.signUp();
    const support = await customer.api.chats.openSupport({ subject: "Billing", initialMessage: "I was charged twice" });
    await ensureAdmin(world.db, { username: "late_admin", password: "late-admin-secret" });
    const { token } = await world.anonymous.auth.login({ username: "late_admin", password: "late-admin-secret" });
    const admin = await world.callerWithToken(token);

    const listed = await admin.chats.list({ type: "support" });
    expect(listed.items.map((c) => c.id)).toContain(support.id);
    await admin.messages.send({ chatId: support.id, content: "Refunded, sorry about that" });
    const history = await customer.api.messages.list({ chatId: support.id });
    expect(history.items.map((m) => m.content)).toContain("Refunded, sorry about that");
  });

  test("running it again changes nothing but the password", async () => {
    await ensureAdmin(world.db, { username: "twice_admin", password: "first-secret" });
    const again = await ensureAdmin(world.db, { username: "twice_admin", password: "second-secret" });
    expect(again.created).toBe(false);
    const rows = await world.db.select().from(users).where(eq(users.username, "twice_admin"));
    expect(rows).toHaveLength(1);
    await expect(world.anonymous.auth.login({ username: "twice_admin", password: "second-secret" })).resolves.toBeTruthy();
  });
});

describe("npm run admin:create", () => {
  const script = path.resolve("scripts/admin-create.ts");
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
      encoding: "utf8",
      input: "",
      env: { ...process.env, DATABASE_URL: "", AUTH_SECRET: "x".repeat(32), ADMIN_USERNAME: "", ADMIN_PASSWORD: "", ...env },
    });

  test("creates the admin in the configured database, with the password from ADMIN_PASSWORD", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "relay-admin-"));
    const result = run(["ops_admin"], { DATA_DIR: dataDir, ADMIN_PASSWORD: "from-the-env" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain('Created admin account "ops_admin"');
    expect(result.status).toBe(0);

    const handle = openDatabase({ dataDir: path.join(dataDir, "pglite") });
    try {
      const [row] = await handle.db.select().from(users).where(eq(users.username, "ops_admin"));
      expect(row?.role).toBe("admin");
    } finally {
      await handle.close();
    }
  });

  test("refuses without a password when there is no terminal to ask on, and a bad username", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "relay-admin-"));
    const noPassword = run(["ops_admin"], { DATA_DIR: dataDir });
    expect(noPassword.status).toBe(1);
    expect(noPassword.stderr).toContain("Set ADMIN_PASSWORD");

    const badName = run(["no spaces allowed"], { DATA_DIR: dataDir, ADMIN_PASSWORD: "from-the-env" });
    expect(badName.status).toBe(1);
    expect(badName.stderr).toMatch(/ADMIN_USERNAME: must be 3–20 letters/);

    const noName = run([], { DATA_DIR: dataDir, ADMIN_PASSWORD: "from-the-env" });
    expect(noName.status).toBe(1);
    expect(noName.stderr).toMatch(/Usage: npm run admin:create -- <username>/);
  });
});
