// The API document and the reference page, from the real server: the document validates as
// OpenAPI 3.1, describes the plain file and health routes too, and /docs loads only from Relay.
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FileServer, startFileServer, uploaded } from "@/server/testing/file-server";
import type { TestUser } from "@/server/testing/harness";
import * as sample from "@/server/testing/sample-files";

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; operationId: string; requestBody?: { content: Record<string, { example?: unknown }> } }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
};

let server: FileServer;
let ann: TestUser;
let document: Document;

beforeAll(async () => {
  server = await startFileServer();
  ann = await server.world.signUp();
  const response = await fetch(`${server.base}/api/docs`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  document = (await response.json()) as Document;
});
afterAll(() => server?.close());

describe("GET /api/docs", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("names its schemas and asks for the bearer token on all but the public routes", () => {
    expect(Object.keys(document.components.schemas).filter((name) => name.startsWith("__"))).toEqual([]);
    expect(document.components.schemas).toHaveProperty("JsonValue");
    expect(document.components.schemas).toHaveProperty("MessageView");
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.paths["/api/v1/auth/register"]!.post!.security).toBeUndefined();
    expect(document.paths["/api/v1/messages/send"]!.post!.security).toEqual([{ bearer: [] }]);
    expect(document.paths["/api/v1/messages/send"]!.post!.requestBody!.content["application/json"]!.example).toMatchObject({ content: "Hello!" });
    // The subscription is no REST route.
    expect(JSON.stringify(Object.values(document.paths))).not.toContain("events.stream\"");
  });

  test("no answer carries a password, a hash or a secret, and only signing up and in a token", () => {
    const names = new Map<string, Set<string>>();
    const walk = (value: unknown, where: string) => {
      if (!value || typeof value !== "object") return;
      const properties = (value as { properties?: Record<string, unknown> }).properties;
      for (const name of Object.keys(properties ?? {})) names.set(name, (names.get(name) ?? new Set()).add(where));
      for (const child of Object.values(value)) walk(child, where);
    };
    for (const [name, schema] of Object.entries(document.components.schemas)) walk(schema, name);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) walk((operation as { responses?: unknown }).responses, `${method} ${path}`);
    }
    expect([...names.keys()].filter((name) => /password|hash|secret/i.test(name))).toEqual([]);
    expect([...(names.get("token") ?? [])]).toEqual(["AuthResult"]);
  });

  test("describes the plain HTTP routes, and each of them answers", async () => {
    const plain = ["/api/files", "/api/files/{id}", "/api/files/{id}/thumbnail", "/api/files/{id}/cover", "/api/health"];
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(plain));
    expect(Object.keys(document.paths["/api/files/{id}"]!.get!)).toContain("responses");
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    const cover = await sample.png(8, 8);
    const song = await uploaded(server.base, ann.token, { bytes: sample.mp3({ title: "T", artist: "A", album: "B", year: "2001", cover }), name: "t.mp3", type: "audio/mpeg" });
    const photo = await uploaded(server.base, ann.token, { bytes: await sample.png(), name: "p.png", type: "image/png" });
    const auth = { authorization: `Bearer ${ann.token}` };
    for (const path of [`/api/files/${photo.id}`, `/api/files/${photo.id}/thumbnail`, `/api/files/${song.id}/cover`]) {
      const response = await fetch(`${server.base}${path}`, { headers: auth });
      expect([path, response.status]).toEqual([path, 200]);
    }
    const part = await fetch(`${server.base}/api/files/${song.id}`, { headers: { ...auth, range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(4);
  });
});

describe("/docs", () => {
  test("serves the reference page and its assets, nothing from elsewhere", async () => {
    const page = await fetch(`${server.base}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await page.text();
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(["/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/init.js"]));
    for (const asset of assets) {
      const response = await fetch(`${server.base}${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
      if (asset.endsWith("init.js")) {
        const init = await response.text();
        expect(init).toContain('url: "/api/docs"');
        expect(init).toContain("validatorUrl: null");
      }
    }
    expect((await fetch(`${server.base}/docs/assets/../../package.json`)).status).not.toBe(200);
    expect((await fetch(`${server.base}/docs/assets/index.html`)).status).toBe(404);
  });
});
