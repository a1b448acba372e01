/**
 * Renders the email components in `emails/` (plain React elements: host tags, function components,
 * fragments) to a static HTML string.
 *
 * Why not react-dom/server: mail is rendered inside domain functions that server actions call, and
 * under the `react-server` condition `react-dom/server` throws on import ("not supported in React
 * Server Components"); Next also aliases `renderToStaticMarkup` to a stub that throws. Email layout
 * needs none of React's runtime (no state, no effects, no suspense), so walking the element tree is
 * enough and works the same in every layer, in scripts and in tests.
 */
import { Fragment, type ReactNode } from "react";
import { escapeHtml } from "@/lib/templates/masks";

const voidTags = new Set([
  "area",
  "base",
  "br",
  "col",
  "hr",
  "img",
  "input",
  "meta",
  "link",
  "wbr",
]);
const attributeNames: Record<string, string> = { className: "class", htmlFor: "for" };

type Element = { type: unknown; props: Record<string, unknown> };

export function renderStaticHtml(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string") return escapeHtml(node);
  if (typeof node === "number" || typeof node === "bigint") return String(node);
  if (Array.isArray(node))
    return node.map((child) => renderStaticHtml(child as ReactNode)).join("");
  if (typeof node === "object" && "type" in node && "props" in node) {
    const element = node as unknown as Element;
    if (element.type === Fragment) return renderStaticHtml(element.props.children as ReactNode);
    if (typeof element.type === "function") {
      const component = element.type as (props: Record<string, unknown>) => ReactNode;
      return renderStaticHtml(component(element.props));
    }
    if (typeof element.type === "string") return renderHostElement(element.type, element.props);
  }
  throw new Error("renderStaticHtml: unsupported node (only host tags, components, fragments)");
}

function renderHostElement(tag: string, props: Record<string, unknown>): string {
  let attributes = "";
  for (const [key, value] of Object.entries(props)) {
    if (key === "children" || key === "dangerouslySetInnerHTML" || key === "key") continue;
    if (value === null || value === undefined || value === false) continue;
    const name = attributeNames[key] ?? key;
    if (key === "style" && typeof value === "object") {
      attributes += ` style="${escapeHtml(styleToCss(value as Record<string, unknown>))}"`;
    } else if (value === true) {
      attributes += ` ${name}`;
    } else {
      attributes += ` ${name}="${escapeHtml(String(value))}"`;
    }
  }
  if (voidTags.has(tag)) return `<${tag}${attributes}>`;
  const inner = props.dangerouslySetInnerHTML as { __html?: string } | undefined;
  const content = inner?.__html ?? renderStaticHtml(props.children as ReactNode);
  return `<${tag}${attributes}>${content}</${tag}>`;
}

function styleToCss(style: Record<string, unknown>): string {
  return Object.entries(style)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => {
      const property = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      return `${property}:${typeof value === "number" && value !== 0 ? `${value}px` : String(value)}`;
    })
    .join(";");
}
