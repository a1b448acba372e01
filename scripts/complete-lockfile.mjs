#!/usr/bin/env node
/**
 * Adds the platform-specific optional packages (other operating systems' and CPUs' native binaries)
 * that package-lock.json lacks when it was written against a registry mirror that does not carry them.
 * npm ci refuses a lock file without them, although it never installs them on this platform. Each
 * entry gets the version the parent pins and the os/cpu/libc the registry reports for the package,
 * exactly as a lock file written against the full registry would have it.
 *
 *   node scripts/complete-lockfile.mjs        # after `npm install` changed the lock file
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(lockPath, "utf8"));
const packages = lock.packages;

function resolvesFrom(parentPath, name) {
  // Node's lookup: nested node_modules first, then each ancestor's, then the root.
  let dir = parentPath;
  while (true) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return null;
    const idx = dir.lastIndexOf("/node_modules/");
    dir = idx === -1 ? "" : dir.slice(0, idx);
  }
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolvesFrom(path, name)) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
      throw new Error(`${path} wants ${name}@${spec}: only exact versions can be filled in`);
    }
    const meta = JSON.parse(
      execFileSync("npm", ["view", name, "os", "cpu", "libc", "--json"], { encoding: "utf8" }) ||
        "{}",
    );
    const target = `node_modules/${name}`;
    packages[target] = {
      version: spec,
      ...(meta.cpu ? { cpu: meta.cpu } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(meta.libc ? { libc: meta.libc } : {}),
      optional: true,
      ...(meta.os ? { os: meta.os } : {}),
    };
    added.push(`${name}@${spec}`);
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
fs.writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.info(added.length ? `added ${added.length}: ${added.join(", ")}` : "lock file complete");
