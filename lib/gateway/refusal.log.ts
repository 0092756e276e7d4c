import type { Logger } from '@nestjs/common';
import { logMessages } from '../messages/index.js';

/** What a refusal is logged under: one window of at most two lines (the first, then a summary) for each. */
export type RefusalReason =
  'invalid payload' | 'undeclared event' | 'refused event' | 'refused connection' | 'rate limited' | 'handler error';

interface Window {
  level: 'warn' | 'error';
  more: number;
  timer: NodeJS.Timeout;
}

/**
 * Logs refused messages and connections so that a flood of bad clients cannot flood the logs: per reason, the first
 * one of a window is logged with its detail, the others are counted and summed up in one line when the window
 * (`logSummaryInterval`) ends, or at shutdown.
 */
export class RefusalLog {
  private readonly windows = new Map<RefusalReason, Window>();

  constructor(
    private readonly logger: Logger,
    private readonly interval: number,
  ) {}

  /** @param detail built only when it is logged */
  report(reason: RefusalReason, level: 'warn' | 'error', detail: () => string): void {
    const open = this.windows.get(reason);
    if (open) {
      open.more++;
      return;
    }
    this.logger[level](detail());
    const timer = setTimeout(() => this.close(reason), this.interval);
    // A window still open must not keep the process alive.
    timer.unref();
    this.windows.set(reason, { level, more: 0, timer });
  }

  /** Logs what the open windows counted (at shutdown). */
  flush(): void {
    for (const reason of [...this.windows.keys()]) this.close(reason);
  }

  private close(reason: RefusalReason): void {
    const window = this.windows.get(reason);
    if (!window) return;
    clearTimeout(window.timer);
    this.windows.delete(reason);
    if (window.more > 0) this.logger[window.level](logMessages.refusalSummary(reason, window.more, this.interval));
  }
}
