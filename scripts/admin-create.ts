// `npm run admin:create -- <username>`: makes sure an admin account exists (created, or an
// existing user promoted) with the given password, in the database Relay is configured for
// (DATABASE_URL, else the embedded one in DATA_DIR — stop the server first then: one process
// per embedded database). The password comes from ADMIN_PASSWORD, or is asked for on a
// terminal; it is never taken from the command line, where shell history would keep it.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { env } from "@/env";
import { database } from "@/server/db";
import { migrateDatabase } from "@/server/db/migrate";
import { ensureAdmin } from "@/server/services/admin/accounts";

async function askHidden(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error("Set ADMIN_PASSWORD (there is no terminal to ask on).");
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = new Promise<string>((resolve) => rl.question(question, resolve));
  muted = true;
  const password = await answer;
  rl.close();
  process.stdout.write("\n");
  return password;
}

async function main() {
  // The command does what ADMIN_USERNAME / ADMIN_PASSWORD do at start, so they are validated alike.
  const username = process.argv[2] ?? process.env.ADMIN_USERNAME;
  if (!username) throw new Error("Usage: npm run admin:create -- <username>   (password from ADMIN_PASSWORD, or asked)");
  process.env.ADMIN_USERNAME = username;
  process.env.ADMIN_PASSWORD ||= await askHidden("Password for the admin (at least 8 characters): ");
  const config = env();

  const handle = database();
  try {
    await migrateDatabase(handle);
    const { user, created } = await ensureAdmin(handle.db, { username: config.ADMIN_USERNAME!, password: config.ADMIN_PASSWORD! });
    console.log(`${created ? "Created" : "Updated"} admin account "${user.username}".`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
