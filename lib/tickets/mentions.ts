/**
 * @mentions in internal notes. An agent can be named by email local part (@alice), first name
 * (@Alice, when no other agent shares it) or full name without spaces (@AliceAgent).
 */
export type MentionCandidate = { id: number; name: string; email: string };

const mentionPattern = /(^|[^\p{L}\p{N}._@-])@([\p{L}\p{N}._-]+)/gu;

export function findMentionedUsers(
  text: string,
  candidates: readonly MentionCandidate[],
): number[] {
  // Email local parts and full names are precise; first names only count when no one else shares them.
  const precise = new Map<string, number | null>();
  const firstNames = new Map<string, number | null>();
  const add = (map: Map<string, number | null>, handle: string, id: number) => {
    const key = handle.toLowerCase();
    map.set(key, map.has(key) && map.get(key) !== id ? null : id);
  };
  for (const c of candidates) {
    const local = c.email.split("@")[0];
    if (local) add(precise, local, c.id);
    add(precise, c.name.replace(/\s+/g, ""), c.id);
    const first = c.name.trim().split(/\s+/)[0];
    if (first) add(firstNames, first, c.id);
  }
  const found = new Set<number>();
  for (const match of text.matchAll(mentionPattern)) {
    const handle = match[2]!.replace(/[._-]+$/, "").toLowerCase();
    const id = precise.has(handle) ? precise.get(handle) : firstNames.get(handle);
    if (id) found.add(id);
  }
  return [...found];
}
