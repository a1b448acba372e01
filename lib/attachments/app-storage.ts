/**
 * The app's attachment store, opened on first use from the validated environment. Only adapters call
 * this; domain functions take the storage as a parameter so tests can point them at a temp directory.
 */
import "server-only";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { LocalDiskStorage, type AttachmentStorage } from "./storage";

let storage: AttachmentStorage | undefined;

export function getAttachmentStorage(): AttachmentStorage {
  storage ??= new LocalDiskStorage(path.join(getEnv().dataDir, "attachments"));
  return storage;
}
