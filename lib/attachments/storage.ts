/**
 * Where attachment bytes live. The database row keeps the facts (name, type, size, sha256, key); the
 * bytes sit behind this interface under an opaque key such as `2026/11/<uuid>`, so that the domain
 * never builds paths. LocalDiskStorage (a directory, by default DATA_DIR/attachments) is the only
 * store today; an S3-compatible object store can be added later behind the same interface, chosen by
 * configuration in app-storage.ts, without touching the domain functions.
 */
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export interface AttachmentStorage {
  /** Stores the bytes under `key`, all or nothing. */
  put(key: string, data: Uint8Array): Promise<void>;
  read(key: string): Promise<Uint8Array>;
  /** The bytes as a stream; a missing key errors the stream. */
  stream(key: string): ReadableStream<Uint8Array>;
  /** Removes the bytes; removing a missing key is not an error. */
  remove(key: string): Promise<void>;
}

/** A fresh key: year/month spread files over directories; the uuid makes it unguessable and unique. */
export function createStorageKey(now: Date = new Date()): string {
  const year = now.getUTCFullYear();
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${year}/${month}/${crypto.randomUUID()}`;
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`Invalid attachment storage key: ${JSON.stringify(key)}`);
    this.name = "InvalidStorageKeyError";
  }
}

// Segments of letters, digits, dot, dash and underscore that do not start with a dot: no "..", no
// absolute paths, no backslashes, no empty segments.
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;
const STREAM_CHUNK_BYTES = 64 * 1024;

export class LocalDiskStorage implements AttachmentStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file for `key`, refusing any key that could name something outside the root. */
  pathFor(key: string): string {
    if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key))
      throw new InvalidStorageKeyError(key);
    const target = path.resolve(this.root, key);
    if (!target.startsWith(this.root + path.sep)) throw new InvalidStorageKeyError(key);
    return target;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const target = this.pathFor(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Write beside the target, flush, then rename: a crash leaves either no file or a whole file
    // (plus perhaps a stray .tmp), never half a file under the real key.
    const temp = `${target}.${crypto.randomUUID()}.tmp`;
    const handle = await fs.open(temp, "wx", 0o600);
    try {
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, target);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array> {
    const buffer = await fs.readFile(this.pathFor(key));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  stream(key: string): ReadableStream<Uint8Array> {
    const file = this.pathFor(key);
    let handle: fs.FileHandle | undefined;
    const close = async () => {
      const open = handle;
      handle = undefined;
      await open?.close();
    };
    return new ReadableStream<Uint8Array>({
      async start() {
        handle = await fs.open(file, "r");
      },
      async pull(controller) {
        if (!handle) return;
        try {
          const buffer = new Uint8Array(STREAM_CHUNK_BYTES);
          const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, null);
          if (bytesRead === 0) {
            await close();
            controller.close();
          } else {
            controller.enqueue(buffer.subarray(0, bytesRead));
          }
        } catch (error) {
          await close().catch(() => {});
          controller.error(error);
        }
      },
      async cancel() {
        await close();
      },
    });
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.pathFor(key), { force: true });
  }
}
