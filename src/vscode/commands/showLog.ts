// "Show Log": the "Unique Analytics" output channel.
import type { Shell } from '../shell';

export function showLog(s: Shell) {
  return (): void => s.log.show(true);
}
