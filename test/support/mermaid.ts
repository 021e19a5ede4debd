/**
 * Mermaid's own parser, run in node, for the charts we write into summaries.
 *
 * mermaid (a devDependency) parses without a browser, but its text
 * sanitiser (DOMPurify) needs a DOM: in node DOMPurify has no `addHook` or
 * `sanitize`, and mermaid calls them on every title. Only that sanitiser is
 * replaced here (by identity); the lexer, the grammar and the diagram's
 * database are mermaid's, so what parses here parses for GitHub's renderer
 * of the same mermaid version, and the chart data read back is what it draws.
 */
import DOMPurify from 'dompurify';

export interface ParsedXyChart {
  title: string;
  xTitle: string;
  categories: string[];
  yRange: { min: number; max: number };
  lines: { color: string; values: number[] }[];
}

interface XyDb {
  getDiagramTitle(): string;
  getXYChartData(): {
    yAxis: { min: number; max: number };
    xAxis: { title: string; categories: string[] };
    plots: { type: string; strokeFill: string; data: [string, number][] }[];
  };
}

type Mermaid = {
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: unknown }> };
};

let loaded: Promise<Mermaid> | undefined;

function mermaid(): Promise<Mermaid> {
  const purify = DOMPurify as unknown as Record<string, unknown>;
  if (typeof purify['sanitize'] !== 'function') {
    purify['addHook'] = () => undefined;
    purify['sanitize'] = (text: unknown) => String(text);
  }
  loaded ??= import('mermaid').then((m) => m.default as unknown as Mermaid);
  return loaded;
}

/** The body of each ```mermaid block in a markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

/** Parses one xychart with mermaid; throws mermaid's parse error when it does not parse. */
export async function parseXyChart(text: string): Promise<ParsedXyChart> {
  const m = await mermaid();
  await m.parse(text);
  const diagram = await m.mermaidAPI.getDiagramFromText(text);
  if (diagram.type !== 'xychart') throw new Error(`not an xychart: ${diagram.type}`);
  const db = diagram.db as XyDb;
  const data = db.getXYChartData();
  return {
    title: db.getDiagramTitle(),
    xTitle: data.xAxis.title,
    categories: data.xAxis.categories,
    yRange: { min: data.yAxis.min, max: data.yAxis.max },
    lines: data.plots.filter((p) => p.type === 'line').map((p) => ({ color: p.strokeFill, values: p.data.map(([, v]) => v) })),
  };
}
