import { logMessages } from '../messages/index.js';
import type { AsynctionRedisMode, AsynctionRedisOptions } from '../interfaces/asynction-options.interface.js';

/** The options after defaults; `recovery` stays as given. */
export type ResolvedRedisOptions = Required<Omit<AsynctionRedisOptions, 'recovery'>> &
  Pick<AsynctionRedisOptions, 'recovery'>;

const REDIS_MODES: readonly string[] = ['pubsub', 'sharded', 'streams'] satisfies AsynctionRedisMode[];

/** An option of one mode given with another, which would be silently ignored. */
export function misplacedOption(options: ResolvedRedisOptions): string | undefined {
  if (!REDIS_MODES.includes(options.mode)) return logMessages.redisModeUnknown(String(options.mode), REDIS_MODES);
  if (options.nodes.length > 0 && options.mode !== 'sharded')
    return logMessages.redisOptionNeedsMode('nodes', 'sharded', options.mode);
  if (options.recovery !== undefined && options.mode !== 'streams')
    return logMessages.redisOptionNeedsMode('recovery', 'streams', options.mode);
  return undefined;
}

/** `redis://user:secret@host` -> `redis://user:***@host`: URLs go into logs and error messages. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
