// Progress on long work: a bar on a terminal, nothing otherwise (logs and scripts stay clean).
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  tick(detail?: string): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silentProgress;
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(label, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label.padEnd(8)} {bar} {value}/{total} {detail}`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { detail: '' });
    },
    tick(detail = '') {
      bar?.increment(1, { detail: detail.length > 48 ? `…${detail.slice(-47)}` : detail });
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
