// Accounts through the API: registration bounds, sign-in, sessions, profiles and user search.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestWorld, refusal, type TestWorld } from "@/server/testing/harness";

let world: TestWorld;
beforeAll(async () => {
  world = await createTestWorld();
});
afterAll(() => world.close());

const valid = { username: "valid_name", firstName: "Ada", lastName: "Lovelace", age: 36, password: "secret-password" };
let uniq = 0;
/** A valid registration with a fresh username, with `overrides` applied. */
const registration = (overrides: Record<string, unknown> = {}) => ({ ...valid, username: `reg_${++uniq}`, ...overrides });

describe("auth.register", () => {
  test("creates the account, returns the profile and a working token", async () => {
    const { user, token } = await world.anonymous.auth.register({
      username: "grace_h",
      firstName: "Grace",
      lastName: "Hopper",
      age: 85,
      bio: "Compilers",
      password: "cobol-rules",
    });
    expect(user).toMatchObject({ username: "grace_h", firstName: "Grace", lastName: "Hopper", age: 85, bio: "Compilers" });
    expect(typeof token).toBe("string");
    const me = await (await world.callerWithToken(token)).auth.me();
    expect(me.id).toBe(user.id);
  });

  test("a username taken in another letter case is a CONFLICT", async () => {
    await world.signUp({ username: "MixedCase" });
    for (const username of ["mixedcase", "MIXEDCASE", "mixedCASE"]) {
      const error = await refusal(world.anonymous.auth.register(registration({ username })));
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toMatch(/taken/i);
    }
  });

  test("two registrations of one username at the same instant: one account, one CONFLICT", async () => {
    const results = await Promise.allSettled([
      world.anonymous.auth.register(registration({ username: "racer" })),
      world.anonymous.auth.register(registration({ username: "RACER" })),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(await refusal(Promise.reject(rejected?.reason))).toMatchObject({ code: "CONFLICT" });
  });

  test.each([
    ["username", "ab", /at least 3/],
    ["username", "a".repeat(21), /at most 20/],
    ["username", "has space", /letters, digits and underscores/],
    ["username", "dash-ed", /letters, digits and underscores/],
    ["username", "émile", /letters, digits and underscores/],
    ["firstName", "", /required/],
    ["firstName", "   ", /required/],
    ["firstName", "x".repeat(51), /at most 50/],
    ["lastName", "", /required/],
    ["lastName", "x".repeat(51), /at most 50/],
    ["age", 12, /at least 13/],
    ["age", 121, /at most 120/],
    ["age", 30.5, /whole number/],
    ["age", "30", /whole number/],
    ["bio", "b".repeat(501), /at most 500/],
    ["password", "12345", /at least 6/],
    ["password", "p".repeat(129), /at most 128/],
  ])("%s = %j is a BAD_REQUEST with a field error", async (field, value, message) => {
    const error = await refusal(world.anonymous.auth.register(registration({ [field]: value }) as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
    expect(error.fieldErrors?.[field]?.join(" ")).toMatch(message);
    expect(error.message).toMatch(message);
  });

  test("every bound accepts its limit values", async () => {
    const atLimits = [
      registration({ username: "abc", firstName: "A", lastName: "B", age: 13, password: "123456" }),
      registration({
        username: `u${"x".repeat(15)}_${uniq}`.slice(0, 20),
        firstName: "F".repeat(50),
        lastName: "L".repeat(50),
        age: 120,
        bio: "b".repeat(500),
        password: "p".repeat(128),
      }),
    ];
    for (const input of atLimits) {
      const { user } = await world.anonymous.auth.register(input);
      expect(user.username).toBe(input.username);
    }
  });

  test("a missing required field is named in the field errors", async () => {
    const withoutAge: Record<string, unknown> = registration();
    delete withoutAge.age;
    const error = await refusal(world.anonymous.auth.register(withoutAge as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.fieldErrors).toHaveProperty("age");
  });
});

describe("auth.login, auth.me, auth.logout", () => {
  test("login returns { user, token }; the username is case-insensitive", async () => {
    const ada = await world.signUp({ username: "Ada_L", password: "analytical" });
    const { user, token } = await world.anonymous.auth.login({ username: "ada_l", password: "analytical" });
    expect(user.id).toBe(ada.user.id);
    expect(user.username).toBe("Ada_L");
    const me = await (await world.callerWithToken(token)).auth.me();
    expect(me).toMatchObject({ id: ada.user.id, username: "Ada_L", age: 30 });
  });

  test("a wrong username and a wrong password are refused with the same words", async () => {
    const bob = await world.signUp({ password: "right-password" });
    const wrongUser = await refusal(world.anonymous.auth.login({ username: "nobody_here", password: "right-password" }));
    const wrongPassword = await refusal(world.anonymous.auth.login({ username: bob.user.username, password: "wrong-password" }));
    expect(wrongUser.code).toBe("UNAUTHORIZED");
    expect(wrongPassword.code).toBe("UNAUTHORIZED");
    expect(wrongUser.message).toBe(wrongPassword.message);
  });

  test("logout ends that session only: its token is then refused, other sessions keep working", async () => {
    const cleo = await world.signUp({ password: "two-devices" });
    const second = await world.anonymous.auth.login({ username: cleo.user.username, password: "two-devices" });
    await expect(cleo.api.auth.logout()).resolves.toEqual({ ok: true });

    const ended = await world.callerWithToken(cleo.token);
    expect((await refusal(ended.auth.me())).code).toBe("UNAUTHORIZED");
    expect((await refusal(ended.chats.list())).code).toBe("UNAUTHORIZED");

    const stillIn = await world.callerWithToken(second.token);
    expect((await stillIn.auth.me()).id).toBe(cleo.user.id);
  });

  test("a garbage or missing token is anonymous", async () => {
    for (const token of ["garbage", "", null]) {
      const api = await world.callerWithToken(token);
      expect((await refusal(api.auth.me())).code).toBe("UNAUTHORIZED");
    }
  });
});

describe("users.byId and users.updateMe", () => {
  test("anyone signed in can view a profile, without its private fields", async () => {
    const dana = await world.signUp({ firstName: "Dana" });
    const eli = await world.signUp();
    const seen = await eli.api.users.byId({ userId: dana.user.id });
    expect(seen).toMatchObject({ id: dana.user.id, username: dana.user.username, firstName: "Dana" });
    expect(seen).not.toHaveProperty("age");
    expect(JSON.stringify(seen)).not.toContain("password");
  });

  test("an unknown user id is NOT_FOUND", async () => {
    const eli = await world.signUp();
    expect((await refusal(eli.api.users.byId({ userId: "no-such-user" }))).code).toBe("NOT_FOUND");
  });

  test("updateMe changes my names and bio; others see the change", async () => {
    const fay = await world.signUp();
    const gus = await world.signUp();
    const updated = await fay.api.users.updateMe({ firstName: "  Fay  ", lastName: "Wray", bio: "Actor" });
    expect(updated).toMatchObject({ firstName: "Fay", lastName: "Wray", bio: "Actor" });
    expect(await gus.api.users.byId({ userId: fay.user.id })).toMatchObject({ firstName: "Fay", bio: "Actor" });

    // A partial update leaves the rest alone; an empty bio clears it.
    const cleared = await fay.api.users.updateMe({ bio: "" });
    expect(cleared).toMatchObject({ firstName: "Fay", lastName: "Wray", bio: null });
    expect((await fay.api.auth.me()).bio).toBeNull();
  });

  test("updateMe enforces the same bounds as registration", async () => {
    const hal = await world.signUp();
    const cases: [Record<string, unknown>, string][] = [
      [{ firstName: "" }, "firstName"],
      [{ firstName: "x".repeat(51) }, "firstName"],
      [{ lastName: "" }, "lastName"],
      [{ lastName: "x".repeat(51) }, "lastName"],
      [{ bio: "b".repeat(501) }, "bio"],
    ];
    for (const [input, field] of cases) {
      const error = await refusal(hal.api.users.updateMe(input));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.fieldErrors).toHaveProperty(field);
    }
    expect((await refusal(hal.api.users.updateMe({}))).code).toBe("BAD_REQUEST");
    expect((await hal.api.auth.me()).firstName).toBe(hal.user.firstName);
  });
});

describe("users.search", () => {
  let searcher: Awaited<ReturnType<TestWorld["signUp"]>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    searcher = await world.signUp({ username: "searcher" });
    for (const [username, firstName, lastName] of [
      ["Zebra_King", "Marlon", "Stripe"],
      ["kingfisher", "Ole", "Bird"],
      ["plainuser", "Ursula", "Kingsley"],
      ["under_score", "Pat", "Jones"],
    ] as const) {
      ids[username] = (await world.signUp({ username, firstName, lastName })).user.id;
    }
  });

  const found = async (q: string, limit?: number) =>
    (await searcher.api.users.search(limit ? { q, limit } : { q })).items.map((u) => u.username);

  test("matches username, first and last name by prefix and substring, ignoring case", async () => {
    expect(await found("KING")).toEqual(expect.arrayContaining(["Zebra_King", "kingfisher", "plainuser"]));
    expect(await found("zeb")).toEqual(["Zebra_King"]); // username prefix
    expect(await found("ebra_k")).toEqual(["Zebra_King"]); // username substring
    expect(await found("marl")).toEqual(["Zebra_King"]); // first name prefix
    expect(await found("RSUL")).toEqual(["plainuser"]); // first name substring
    expect(await found("stri")).toEqual(["Zebra_King"]); // last name prefix
    expect(await found("ngsle")).toEqual(["plainuser"]); // last name substring
    expect(await found("nothing-like-this")).toEqual([]);
  });

  test("username prefix matches rank first", async () => {
    const results = await found("king");
    expect(results[0]).toBe("kingfisher");
  });

  test("search characters are literal: '_' and '%' are not wildcards", async () => {
    const underscore = await found("_");
    expect(underscore).toEqual(expect.arrayContaining(["Zebra_King", "under_score"]));
    expect(underscore).not.toContain("kingfisher");
    expect(await found("%")).toEqual([]);
  });

  test("limit caps the results; bounds are enforced", async () => {
    expect(await found("e", 2)).toHaveLength(2);
    expect((await refusal(searcher.api.users.search({ q: "" }))).code).toBe("BAD_REQUEST");
    expect((await refusal(searcher.api.users.search({ q: "e", limit: 0 }))).fieldErrors).toHaveProperty("limit");
    expect((await refusal(searcher.api.users.search({ q: "e", limit: 101 }))).fieldErrors).toHaveProperty("limit");
  });

  test("results are public profiles", async () => {
    const { items } = await searcher.api.users.search({ q: "king" });
    for (const user of items) expect(Object.keys(user)).not.toContain("age");
  });
});
