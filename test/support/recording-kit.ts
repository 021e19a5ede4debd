import type { Toolkit } from '@mlship/action-kit';

/** A toolkit that records every call, in order, as the runner would see them. */
export function recordingKit(events: string[]): Toolkit {
  const record = (kind: string) => (text: string) => void events.push(`${kind} ${text}`);
  return {
    core: {} as Toolkit['core'],
    log: {
      info: record('info'),
      warning: record('warning'),
      error: record('error'),
      notice: record('notice'),
      debug: record('debug'),
      mask: record('mask'),
      group: async (title, body) => (events.push(`group ${title}`), body()),
    },
    setOutputs: (outputs) => void events.push(`outputs ${JSON.stringify(outputs)}`),
    setReport: (report) => void events.push(`report ${JSON.stringify(report)}`),
    writeSummary: async (markdown) => void events.push(`summary ${markdown}`),
  };
}
