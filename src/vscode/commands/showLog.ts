// "Show Log": the "Unique Analytics" output channel.
import type { Shell } from '../shell';

export function showLog(s: Pick<Shell, 'log'>) {
  return (): void => s.log.show(true);
}
