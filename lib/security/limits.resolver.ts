import { startupMessages } from '../messages/index.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import type { AsynctionLimitsOptions } from '../interfaces/asynction-options.interface.js';

/** `limits` with every default applied. */
export interface ResolvedLimits {
  refusalsPerConnection: number;
  refusalsPerAddress: number;
  refusalWindow: number;
  trustProxy: number;
  checkTimeout: number;
  fairShare: number;
  rateLimit?: { rate: number; burst: number; disconnectAfter: number };
}

/** The most refusals one engine.io connection may ever be allowed. */
export const MAX_REFUSALS_PER_CONNECTION = 20;

const DEFAULTS: Omit<ResolvedLimits, 'rateLimit'> = {
  refusalsPerConnection: 5,
  refusalsPerAddress: 0,
  refusalWindow: 60_000,
  trustProxy: 0,
  checkTimeout: 5_000,
  fairShare: 32,
};

/** The limits with their defaults, and a problem for every value out of range (the defaults stand in for them). */
export function resolveLimits(options: AsynctionLimitsOptions = {}): {
  limits: ResolvedLimits;
  problems: SpecProblem[];
} {
  const problems: SpecProblem[] = [];
  const pick = (name: string, value: unknown, fallback: number, min: number, max: number, range: string): number => {
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push({
      at: { file: '<options>', pointer: `#/limits/${name.replace('.', '/')}` },
      ...startupMessages.limitOutOfRange(name, value, range),
    });
    return fallback;
  };
  const whole = (name: keyof typeof DEFAULTS, min: number, max = Number.MAX_SAFE_INTEGER, range = 'an integer') =>
    pick(name, options[name], DEFAULTS[name], min, max, range);
  const limits: ResolvedLimits = {
    refusalsPerConnection: whole(
      'refusalsPerConnection',
      1,
      MAX_REFUSALS_PER_CONNECTION,
      `an integer from 1 to ${MAX_REFUSALS_PER_CONNECTION}`,
    ),
    refusalsPerAddress: whole('refusalsPerAddress', 0, Number.MAX_SAFE_INTEGER, 'an integer >= 0 (0: off)'),
    refusalWindow: whole('refusalWindow', 1, 2 ** 31 - 1, 'a number of milliseconds >= 1'),
    trustProxy: whole('trustProxy', 0, 100, 'an integer from 0 to 100'),
    checkTimeout: whole('checkTimeout', 1, 2 ** 31 - 1, 'a number of milliseconds >= 1'),
    fairShare: whole('fairShare', 0, Number.MAX_SAFE_INTEGER, 'an integer >= 0 (0: off)'),
  };
  const rate = options.rateLimit;
  if (rate !== undefined) {
    const perSecond =
      typeof rate?.rate === 'number' && Number.isFinite(rate.rate) && rate.rate > 0
        ? rate.rate
        : (problems.push({
            at: { file: '<options>', pointer: '#/limits/rateLimit/rate' },
            ...startupMessages.limitOutOfRange('rateLimit.rate', rate?.rate, 'a number of messages per second > 0'),
          }),
          0);
    const burst = pick(
      'rateLimit.burst',
      rate?.burst,
      Math.max(1, Math.ceil(perSecond)),
      1,
      2 ** 31 - 1,
      'an integer >= 1',
    );
    const disconnectAfter = pick(
      'rateLimit.disconnectAfter',
      rate?.disconnectAfter,
      100,
      1,
      Number.MAX_SAFE_INTEGER,
      'an integer >= 1',
    );
    if (perSecond > 0) limits.rateLimit = { rate: perSecond, burst, disconnectAfter };
  }
  return { limits, problems };
}
