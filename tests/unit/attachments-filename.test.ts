import { describe, expect, it } from "vitest";
import { extensionOf, MAX_FILENAME_LENGTH, sanitizeFilename } from "@/lib/attachments/filename";

describe("sanitizeFilename", () => {
  it("keeps ordinary names, including non-Latin ones", () => {
    expect(sanitizeFilename("report.pdf")).toBe("report.pdf");
    expect(sanitizeFilename("Rechnung März 2026.xlsx")).toBe("Rechnung März 2026.xlsx");
    expect(sanitizeFilename("スクリーンショット.png")).toBe("スクリーンショット.png");
  });

  it("drops directories from Unix and Windows paths, including traversal", () => {
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename("C:\\fakepath\\invoice.pdf")).toBe("invoice.pdf");
    expect(sanitizeFilename("a/b\\c.txt")).toBe("c.txt");
    expect(sanitizeFilename("..")).toBe("attachment");
    expect(sanitizeFilename("dir/")).toBe("attachment");
  });

  it("removes control and direction-override characters that disguise the extension", () => {
    expect(sanitizeFilename("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFilename("line\r\nbreak\u0000.txt")).toBe("line break.txt");
    expect(sanitizeFilename("tab\there.txt")).toBe("tab here.txt");
    expect(sanitizeFilename("\u200Bzero\uFEFF.txt")).toBe("zero.txt");
  });

  it("replaces characters that are not allowed in Windows names and tidies dots and spaces", () => {
    expect(sanitizeFilename('what? "quoted" <b>|*:.txt')).toBe("what_ _quoted_ _b____.txt");
    expect(sanitizeFilename("  .hidden.txt  ")).toBe("hidden.txt");
    expect(sanitizeFilename("trailing.pdf. . ")).toBe("trailing.pdf");
    expect(sanitizeFilename("many    spaces.txt")).toBe("many spaces.txt");
  });

  it("falls back to a name when nothing is left", () => {
    expect(sanitizeFilename("")).toBe("attachment");
    expect(sanitizeFilename("\u0001\u0002")).toBe("attachment");
    expect(sanitizeFilename("...")).toBe("attachment");
  });

  it("shortens long names to 200 characters and keeps the extension", () => {
    const long = "a".repeat(300) + ".docx";
    const result = sanitizeFilename(long);
    expect(Array.from(result)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(result.endsWith(".docx")).toBe(true);
    expect(result.startsWith("aaaa")).toBe(true);
  });

  it("never splits a character in two when shortening", () => {
    const result = sanitizeFilename("😀".repeat(250) + ".png");
    expect(Array.from(result)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(result.endsWith("😀.png")).toBe(true);
    expect(result).toBe(result.normalize("NFC"));
    expect(result.isWellFormed()).toBe(true);
  });

  it("cuts a name whose 'extension' is itself very long", () => {
    const result = sanitizeFilename("x." + "y".repeat(300));
    expect(result).toHaveLength(MAX_FILENAME_LENGTH);
  });
});

describe("extensionOf", () => {
  it("returns the lower-case extension or nothing", () => {
    expect(extensionOf("Photo.JPG")).toBe("jpg");
    expect(extensionOf("archive.tar.gz")).toBe("gz");
    expect(extensionOf("README")).toBe("");
    expect(extensionOf("ends-with-dot.")).toBe("");
    expect(extensionOf(".env")).toBe("");
  });
});
