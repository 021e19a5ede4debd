/**
 * What the pure cores may say. main.ts wires it to @actions/core; tests use
 * `recordingLog()` and assert on what was said.
 */
export interface Log {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  notice(message: string): void;
  debug(message: string): void;
  /** Registers a secret so no later log line shows it. Call before first use. */
  mask(secret: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export interface RecordedLine {
  level: 'info' | 'warning' | 'error' | 'notice' | 'debug' | 'group';
  message: string;
}

export function recordingLog(): Log & { lines: RecordedLine[]; masked: string[]; text(): string } {
  const lines: RecordedLine[] = [];
  const masked: string[] = [];
  const push = (level: RecordedLine['level']) => (message: string) => {
    lines.push({ level, message });
  };
  return {
    lines,
    masked,
    info: push('info'),
    warning: push('warning'),
    error: push('error'),
    notice: push('notice'),
    debug: push('debug'),
    mask: (secret) => {
      masked.push(secret);
    },
    group: async (title, body) => {
      lines.push({ level: 'group', message: title });
      return body();
    },
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
  };
}
