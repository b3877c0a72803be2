import { describe, expect, it } from "vitest";
import { importCircles, readSources, type SourceFile } from "./module-graph";

/*
 * The shape the codebase promises: no file of lib/agent over 300 lines, and
 * no import circle anywhere in lib/ (Prisma's generated client excepted).
 * Other lib/ files over 300 lines are reported, not failed on, while they are
 * being split.
 */

const MAX_LINES = 300;
const generated = (file: string) => file.startsWith("lib/db/generated");

const lib = readSources("lib", generated);

function overLimit(files: SourceFile[]): string[] {
  return files.filter((f) => f.lines > MAX_LINES).map((f) => `${f.file} (${f.lines} lines)`);
}

describe("layout of lib/", () => {
  it("reads the source tree", () => {
    expect(lib.some((f) => f.file === "lib/agent/dialogue.ts")).toBe(true);
    expect(lib.find((f) => f.file === "lib/agent/dialogue.ts")!.imports.length).toBeGreaterThan(0);
  });

  it(`keeps every lib/agent file within ${MAX_LINES} lines`, () => {
    expect(overLimit(lib.filter((f) => f.file.startsWith("lib/agent/")))).toEqual([]);
  });

  it("has no import circle", () => {
    const circles = importCircles(lib).map((c) => c.join(" ↔ "));
    expect(circles).toEqual([]);
  });

  it(`reports the other lib files over ${MAX_LINES} lines`, () => {
    const others = overLimit(lib.filter((f) => !f.file.startsWith("lib/agent/")));
    if (others.length) console.warn(`lib files over ${MAX_LINES} lines (to split):\n  ${others.join("\n  ")}`);
    expect(Array.isArray(others)).toBe(true);
  });
});

describe("the circle finder", () => {
  const file = (name: string, imports: string[]): SourceFile => ({ file: name, lines: 1, imports });

  it("finds a circle of three and a file that imports itself, and nothing in a tree", () => {
    const circles = importCircles([
      file("a", ["b"]),
      file("b", ["c"]),
      file("c", ["a", "d"]),
      file("d", []),
      file("e", ["e"]),
      file("f", ["d"]),
    ]);
    expect(circles).toEqual([["a", "b", "c"], ["e"]]);
    expect(importCircles([file("a", ["b", "c"]), file("b", ["c"]), file("c", [])])).toEqual([]);
  });
});
