import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseEnv } from "@/env";
import { uploadLimitBytes, uploadLimitFrom, uploadRefusal } from "./limits";

const settings = (extra: Record<string, string>) =>
  parseEnv({ NODE_ENV: "development", DATA_DIR: mkdtempSync(path.join(tmpdir(), "relay-limits-")), ...extra });

describe("upload limit", () => {
  test("follows MAX_UPLOAD_MB, and the browser's refusal names it", () => {
    const limit = uploadLimitFrom(settings({ MAX_UPLOAD_MB: "5" }));
    expect(uploadLimitBytes(limit)).toBe(5 * 1024 * 1024);
    expect(uploadRefusal(5 * 1024 * 1024, limit)).toBeNull();
    expect(uploadRefusal(5 * 1024 * 1024 + 1, limit)).toBe("This file is larger than 5 MB.");
  });

  test("is 100 MB when MAX_UPLOAD_MB is not set", () => {
    const limit = uploadLimitFrom(settings({}));
    expect(uploadRefusal(100 * 1024 * 1024 + 1, limit)).toBe("This file is larger than 100 MB.");
  });
});
