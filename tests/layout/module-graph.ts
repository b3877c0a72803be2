import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/*
 * A small reader of the project's own import graph: every static import,
 * export-from and dynamic import() of a TypeScript file under a folder,
 * resolved through the "@/" alias and relative paths. Type-only imports
 * count too: a circle of types is still a circle a reader has to untangle.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXTENSIONS = [".ts", ".tsx"];
const SPECIFIERS = [
  /\bimport\s+(?:type\s+)?[^'";]*?\bfrom\s+["']([^"']+)["']/g,
  /\bexport\s+(?:type\s+)?[^'";]*?\bfrom\s+["']([^"']+)["']/g,
  /\bimport\s+["']([^"']+)["']/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  file: string;
  lines: number;
  imports: string[];
}

function listFiles(dir: string, skip: (relative: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const relative = path.relative(ROOT, full).split(path.sep).join("/");
    if (skip(relative)) continue;
    if (statSync(full).isDirectory()) out.push(...listFiles(full, skip));
    else if (EXTENSIONS.some((e) => entry.endsWith(e)) && !entry.endsWith(".d.ts")) out.push(relative);
  }
  return out;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(ROOT, path.dirname(from), specifier);
  else return null;
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, "index" + e))];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return path.relative(ROOT, candidate).split(path.sep).join("/");
  }
  return null;
}

/** Strips comments so an example import in a comment is not an edge. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function readSources(folder: string, skip: (relative: string) => boolean = () => false): SourceFile[] {
  return listFiles(path.join(ROOT, folder), skip).map((file) => {
    const source = readFileSync(path.join(ROOT, file), "utf8");
    const code = withoutComments(source);
    const imports = new Set<string>();
    for (const pattern of SPECIFIERS) {
      for (const match of code.matchAll(pattern)) {
        const target = resolveSpecifier(file, match[1]!);
        if (target) imports.add(target);
      }
    }
    return { file, lines: source.split("\n").length - (source.endsWith("\n") ? 1 : 0), imports: [...imports] };
  });
}

/**
 * Every import circle among `files`, each once, as the list of files it
 * passes through (Tarjan's strongly connected components, then one cycle
 * per component with more than one file, or a file importing itself).
 */
export function importCircles(files: SourceFile[]): string[][] {
  const graph = new Map(files.map((f) => [f.file, f.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = component.length === 1 && (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}
