/**
 * `#Mask#` substitution for canned responses and email templates. Unknown masks are left as they are
 * and reported, so an admin sees the typo instead of a silently blank word.
 */
const maskPattern = /#([A-Za-z][A-Za-z0-9_]*(?:\([^#)]*\))?)#/g;

export function renderMasks(
  template: string,
  values: Readonly<Record<string, string>>,
  escape: (value: string) => string = (v) => v,
): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const text = template.replace(maskPattern, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.add(name);
      return whole;
    }
    return escape(value);
  });
  return { text, unknown: [...unknown] };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function splitName(fullName: string): { firstName: string; lastName: string } {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  return { firstName: parts[0] ?? "", lastName: parts.slice(1).join(" ") };
}
