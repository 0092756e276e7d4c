import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line with its level and context, for tests that count or compare log lines. */
export class CapturingLogger implements LoggerService {
  readonly lines: Array<{ level: string; message: string; context?: string }> = [];
  log = (message: unknown, context?: string) => this.add('log', message, context);
  warn = (message: unknown, context?: string) => this.add('warn', message, context);
  error = (message: unknown, ...rest: unknown[]) => this.add('error', message, rest.at(-1) as string | undefined);
  debug = (message: unknown, context?: string) => this.add('debug', message, context);
  verbose = (message: unknown, context?: string) => this.add('verbose', message, context);

  private add(level: string, message: unknown, context?: string): void {
    this.lines.push({ level, message: String(message), context });
  }
}
