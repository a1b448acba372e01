import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createStorageKey,
  InvalidStorageKeyError,
  LocalDiskStorage,
} from "@/lib/attachments/storage";

let root: string;
let storage: LocalDiskStorage;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "attachments-storage-"));
  storage = new LocalDiskStorage(path.join(root, "store"));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    chunks.push(next.value);
  }
  return chunks;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return Buffer.concat(await chunksOf(stream)).toString("utf8");
}

describe("createStorageKey", () => {
  it("makes year/month/uuid keys that differ every time", () => {
    const key = createStorageKey(new Date("2026-11-05T10:00:00Z"));
    expect(key).toMatch(/^2026\/11\/[0-9a-f-]{36}$/);
    expect(createStorageKey()).not.toBe(createStorageKey());
  });
});

describe("LocalDiskStorage", () => {
  it("stores, reads, streams and removes bytes under the root", async () => {
    const key = createStorageKey();
    await storage.put(key, bytes("hello attachment"));
    expect(Buffer.from(await storage.read(key)).toString()).toBe("hello attachment");
    expect(await readAll(storage.stream(key))).toBe("hello attachment");
    expect(await fs.readFile(path.join(root, "store", key), "utf8")).toBe("hello attachment");

    await storage.remove(key);
    await expect(storage.read(key)).rejects.toMatchObject({ code: "ENOENT" });
    // Removing again is not an error: the purge may run twice.
    await expect(storage.remove(key)).resolves.toBeUndefined();
  });

  it("streams files larger than one chunk intact", async () => {
    const key = "2026/01/large";
    const data = new Uint8Array(200_000).map((_, i) => i % 251);
    await storage.put(key, data);
    const chunks = await chunksOf(storage.stream(key));
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(data))).toBe(true);
  });

  it("leaves no temporary files behind", async () => {
    await storage.put("2026/02/a", bytes("a"));
    expect(await fs.readdir(path.join(root, "store", "2026", "02"))).toEqual(["a"]);
  });

  it("errors the stream of a missing key", async () => {
    await expect(readAll(storage.stream("2026/01/missing"))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });

  it.each([
    "../outside",
    "2026/../../outside",
    "/etc/passwd",
    "2026\\..\\outside",
    "",
    "2026//x",
    "2026/./x",
    ".hidden",
    "2026/x/",
    "a\u0000b",
    "x".repeat(600),
  ])("refuses the key %j", async (key) => {
    await expect(storage.put(key, bytes("x"))).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.read(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    await expect(storage.remove(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    expect(() => storage.stream(key)).toThrow(InvalidStorageKeyError);
  });

  it("wrote nothing outside the root when refusing keys", async () => {
    await storage.put("../escape", bytes("x")).catch(() => {});
    expect(await fs.readdir(root)).toEqual([]);
  });
});
