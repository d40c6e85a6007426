/**
 * @module assets/progress
 * A byte-progress reporter: on a TTY it redraws one bar line on stderr (at most ~10 times a second); anywhere
 * else (CI logs, pipes) it prints a plain line at each quarter and at most every few seconds, so logs stay short.
 */

export interface ProgressReporter {
  /** Reports the bytes done so far (and the total, if it changed). */
  update(loadedBytes: number, totalBytes?: number): void;
  /** Draws the final state and ends the line. */
  done(): void;
}

export interface ProgressOptions {
  label: string;
  totalBytes: number;
  /** Where to draw; stderr by default so stdout stays machine-readable. */
  stream?: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  /** Force bar (true) or plain-line (false) mode; defaults to the stream's isTTY. */
  tty?: boolean;
  /** Clock in ms (tests pass their own). */
  now?: () => number;
  /** Plain mode: the longest silence between lines, in ms. */
  plainIntervalMs?: number;
}

const TTY_REDRAW_MS = 100;
const BAR_WIDTH = 28;

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? stream.isTTY === true;
  const now = options.now ?? Date.now;
  const plainInterval = options.plainIntervalMs ?? 5_000;
  const started = now();
  let total = options.totalBytes;
  let loaded = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastQuarter = -1;
  let finished = false;

  const rate = () => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? `${formatBytes(loaded / seconds)}/s` : "";
  };
  const percent = () => (total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 100);

  const drawBar = () => {
    const filled = Math.round((percent() / 100) * BAR_WIDTH);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
    const line = `${options.label} [${bar}] ${String(percent()).padStart(3)}% ${formatBytes(loaded)}/${formatBytes(total)} ${rate()}`;
    stream.write(`\r\x1b[2K${line}`);
  };
  const printLine = (text: string) => stream.write(`${options.label}: ${text}\n`);

  const report = (force: boolean) => {
    const at = now();
    if (tty) {
      if (force || at - lastDraw >= TTY_REDRAW_MS) {
        lastDraw = at;
        drawBar();
      }
      return;
    }
    const quarter = total > 0 ? Math.floor((loaded / total) * 4) : 4;
    if (force || quarter > lastQuarter || at - lastDraw >= plainInterval) {
      lastQuarter = Math.max(lastQuarter, quarter);
      lastDraw = at;
      printLine(`${percent()}% (${formatBytes(loaded)} of ${formatBytes(total)})`);
    }
  };

  report(true);
  return {
    update(loadedBytes, totalBytes) {
      if (finished) return;
      if (totalBytes !== undefined) total = totalBytes;
      loaded = loadedBytes;
      report(false);
    },
    done() {
      if (finished) return;
      finished = true;
      loaded = Math.max(loaded, total);
      const seconds = ((now() - started) / 1000).toFixed(1);
      if (tty) {
        drawBar();
        stream.write("\n");
      } else {
        printLine(`done, ${formatBytes(loaded)} in ${seconds} s`);
      }
    },
  };
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
