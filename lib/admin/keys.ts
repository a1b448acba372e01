/**
 * The lower_snake_case keys of categories (slug) and custom fields, derived from a display name.
 * Pure and client-safe: the admin forms preview the key as the admin types.
 */

/** `Feature Request!` → `feature_request`; accents are folded, anything else becomes `_`. */
export function toSnakeKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60)
    .replace(/_+$/, "");
}

export const snakeKeyPattern = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
