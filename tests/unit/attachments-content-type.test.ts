import { describe, expect, it } from "vitest";
import {
  detectContentType,
  guessContentTypeFromFilename,
  normalizeContentType,
  sniffImageType,
} from "@/lib/attachments/content-type";
import { isInlineSafeType } from "@/lib/attachments/rules";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = new TextEncoder().encode("GIF89a\x01\x00");
const WEBP = new TextEncoder().encode("RIFF\x00\x00\x00\x00WEBPVP8 ");
const TEXT = new TextEncoder().encode("hello, world\n");
const HTML = new TextEncoder().encode("<script>alert(1)</script>");

describe("guessContentTypeFromFilename", () => {
  it("knows common attachment types, case-insensitively", () => {
    expect(guessContentTypeFromFilename("scan.PDF")).toBe("application/pdf");
    expect(guessContentTypeFromFilename("photo.jpeg")).toBe("image/jpeg");
    expect(guessContentTypeFromFilename("data.csv")).toBe("text/csv");
    expect(guessContentTypeFromFilename("mail.eml")).toBe("message/rfc822");
    expect(guessContentTypeFromFilename("sheet.xlsx")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
  });

  it("names active content so that it can be refused", () => {
    expect(guessContentTypeFromFilename("setup.exe")).toBe(
      "application/vnd.microsoft.portable-executable",
    );
    expect(guessContentTypeFromFilename("page.html")).toBe("text/html");
    expect(guessContentTypeFromFilename("logo.svg")).toBe("image/svg+xml");
  });

  it("returns null for unknown or missing extensions", () => {
    expect(guessContentTypeFromFilename("notes.xyz")).toBeNull();
    expect(guessContentTypeFromFilename("Makefile")).toBeNull();
  });
});

describe("sniffImageType", () => {
  it("recognises PNG, JPEG, GIF and WebP by their first bytes and nothing else", () => {
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(GIF)).toBe("image/gif");
    expect(sniffImageType(WEBP)).toBe("image/webp");
    expect(sniffImageType(TEXT)).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("RIFF\x00\x00\x00\x00WAVEfmt "))).toBeNull();
    expect(sniffImageType(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});

describe("normalizeContentType", () => {
  it("lower-cases and drops parameters; refuses junk", () => {
    expect(normalizeContentType("Text/Plain; charset=UTF-8")).toBe("text/plain");
    expect(normalizeContentType("")).toBeNull();
    expect(normalizeContentType(undefined)).toBeNull();
    expect(normalizeContentType("not a type")).toBeNull();
    expect(normalizeContentType("text/html\r\nX-Evil: 1")).toBeNull();
  });
});

describe("detectContentType", () => {
  const detect = (filename: string, declaredType: string | undefined, data: Uint8Array) =>
    detectContentType({ filename, declaredType, data });

  it("guesses from the extension when the declared type is generic", () => {
    expect(detect("report.pdf", "application/octet-stream", TEXT)).toEqual({
      ok: true,
      contentType: "application/pdf",
    });
    expect(detect("data.csv", "", TEXT)).toEqual({ ok: true, contentType: "text/csv" });
  });

  it("lets a known extension overrule a harmless-looking declared type", () => {
    expect(detect("setup.exe", "application/pdf", TEXT)).toEqual({
      ok: true,
      contentType: "application/vnd.microsoft.portable-executable",
    });
    expect(detect("data.csv", "application/vnd.ms-excel", TEXT)).toEqual({
      ok: true,
      contentType: "text/csv",
    });
  });

  it("uses the declared type only when the name says nothing", () => {
    expect(detect("notes.xyz", "text/plain", TEXT)).toEqual({
      ok: true,
      contentType: "text/plain",
    });
    expect(detect("notes.xyz", "application/octet-stream", TEXT)).toEqual({
      ok: true,
      contentType: "application/octet-stream",
    });
    expect(detect("README", undefined, TEXT)).toEqual({
      ok: true,
      contentType: "application/octet-stream",
    });
  });

  it("records an inline-safe image type only when the bytes are that image", () => {
    expect(detect("photo.png", "image/png", PNG)).toEqual({ ok: true, contentType: "image/png" });
    // A mislabelled but real image is recorded as what it is.
    expect(detect("photo.jpg", "image/jpeg", PNG)).toEqual({ ok: true, contentType: "image/png" });
    expect(detect("screenshot", "application/octet-stream", WEBP)).toEqual({
      ok: true,
      contentType: "image/webp",
    });
    // HTML dressed up as a PNG is refused by name, and never becomes inline-safe by declaration.
    expect(detect("cat.png", "image/png", HTML)).toEqual({ ok: false, claimedType: "image/png" });
    const declaredOnly = detect("cat", "image/png", HTML);
    expect(declaredOnly).toEqual({ ok: true, contentType: "application/octet-stream" });
  });

  it("never treats SVG or HTML as inline-safe", () => {
    const svg = detect("logo.svg", "image/svg+xml", new TextEncoder().encode("<svg/>"));
    expect(svg).toEqual({ ok: true, contentType: "image/svg+xml" });
    expect(isInlineSafeType("image/svg+xml")).toBe(false);
    expect(isInlineSafeType("text/html")).toBe(false);
    expect(isInlineSafeType("image/png")).toBe(true);
  });
});
