import { fileURLToPath } from 'node:url';
import { readInputs } from '../src/inputs';
import { runGate, type GateResult } from '../src/gate';
import { loadJmes } from '../src/jmes';

export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

export function envOf(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]));
}

/** Inputs as the runner passes them, through validation, then the gate. */
export async function gate(
  inputs: Record<string, string>,
  cwd = fixtures,
): Promise<GateResult & { inputs: Awaited<ReturnType<typeof readInputs>> }> {
  const parsed = await readInputs(envOf(inputs), cwd, loadJmes);
  return { ...runGate(parsed, { jmes: await loadJmes() }), inputs: parsed };
}

/** A classification_report(output_dict=True) of about `bytes` size: many classes. */
export function largeReport(bytes: number, opts: { nan?: boolean } = {}): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const f1 = opts.nan && i % 97 === 0 ? 'NaN' : String(0.8 + (i % 200) / 1000);
    const entry = `"class_${i}": {"precision": ${0.8 + (i % 100) / 1000}, "recall": ${0.85 + (i % 50) / 1000}, "f1-score": ${f1}, "support": ${(i % 40) + 1}.0}`;
    parts.push(entry);
    size += entry.length + 2;
  }
  return `{${parts.join(',\n')},\n"accuracy": 0.9203, "macro avg": {"precision": 0.91, "recall": 0.9, "f1-score": 0.905, "support": 1000000.0}, "weighted avg": {"precision": 0.92, "recall": 0.92, "f1-score": 0.9205, "support": 1000000.0}}`;
}
