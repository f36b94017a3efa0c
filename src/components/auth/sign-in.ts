"use client";
import { signIn } from "next-auth/react";

/** Signs the browser in (sets the session cookie); resolves to an error sentence or null. */
export async function signInWithPassword(username: string, password: string): Promise<string | null> {
  const result = await signIn("credentials", { username, password, redirect: false });
  if (!result) return "Wrong username or password";
  // A refusal other than a wrong password (a ban) arrives as a sentence in `code`.
  if (result.error) return result.code && result.code !== "credentials" ? result.code : "Wrong username or password";
  return null;
}
