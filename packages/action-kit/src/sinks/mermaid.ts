/**
 * The mermaid sink: text and numbers inside a ```mermaid block, which GitHub
 * draws in job summaries and comments. Markdown escaping does not apply
 * there (the block is code to markdown); mermaid has its own lexer:
 * - a quoted string ends at the next `"` and has no escape for it; a string
 *   that opens with a backtick is markdown;
 * - a newline or `;` ends a statement, `%%` starts a comment, `[` `]` and `,`
 *   delimit lists, and `#name;` is read as an entity code before parsing;
 * - numbers are `[+-]?digits[.digits]`: no exponent, no NaN.
 * So labels are reduced to a small safe alphabet and always quoted, and
 * numbers are written in plain decimal. Labels also reach the SVG, so `<`,
 * `>` and `&` go too.
 */

/** Characters a label keeps; anything else becomes a space. */
const UNSAFE = /[^A-Za-z0-9 .:+\-_()/'%=]/g;

/** A quoted mermaid label: safe alphabet, one line, `%%` folded, at most `max` characters. */
export function mermaidText(value: unknown, max = 40): string {
  let text = String(value ?? '')
    .replace(/"/g, "'")
    .replace(UNSAFE, ' ')
    .replace(/%{2,}/g, '%')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > max) text = `${text.slice(0, max - 2).trimEnd()}..`;
  return `"${text}"`;
}

/** A number as mermaid's lexer reads it: plain decimal, at most `decimals` places; NaN and infinities as 0. */
export function mermaidNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '0';
  // toFixed turns to exponent notation from 1e21 on.
  if (Math.abs(value) >= 1e15) return BigInt(Math.round(value)).toString();
  const fixed = value.toFixed(decimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

export interface XyChart {
  title: string;
  xTitle: string;
  categories: string[];
  yTitle: string;
  /** Upper end of the y axis (the lower end is 0). */
  yMax: number;
  /** One line per series, each with one value per category. */
  lines: number[][];
  /** Colours of the lines in order (mermaid's plotColorPalette). */
  colors?: string[];
  decimals?: number;
}

/** A `xychart-beta` line chart as a fenced mermaid block. */
export function xyChart(chart: XyChart): string {
  const decimals = chart.decimals ?? 2;
  const palette = (chart.colors ?? []).filter((c) => /^#[0-9a-fA-F]{3,8}$/.test(c));
  const lines = [
    '```mermaid',
    ...(palette.length > 0 ? [`%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette.join(', ')}"}}}}%%`] : []),
    'xychart-beta',
    `  title ${mermaidText(chart.title, 80)}`,
    `  x-axis ${mermaidText(chart.xTitle)} [${chart.categories.map((c) => mermaidText(c, 20)).join(', ')}]`,
    `  y-axis ${mermaidText(chart.yTitle)} 0 --> ${mermaidNumber(chart.yMax, decimals)}`,
    ...chart.lines.map((values) => `  line [${values.map((v) => mermaidNumber(v, decimals)).join(', ')}]`),
    '```',
  ];
  return lines.join('\n');
}
