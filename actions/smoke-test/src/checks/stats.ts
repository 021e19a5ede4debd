export interface LatencyStats {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles, whole milliseconds: what people compare budgets against. */
export function latencyStats(samples: number[]): LatencyStats | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] as number);
  return { p50Ms: rank(50), p95Ms: rank(95), maxMs: Math.round(sorted[sorted.length - 1] as number) };
}
