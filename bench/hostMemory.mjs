// `node bench/hostMemory.mjs <pid>`, run with a Node that has a global WebSocket (>= 22; code-server's own):
// the extension host's memory after two full garbage collections, as JSON on stdout. It turns on the host's
// inspector (SIGUSR1, 127.0.0.1:9229, as `node --inspect` would), asks V8 to collect garbage, and reads
// `process.memoryUsage()` inside the host. Used by bench/tableBrowser.mjs to tell kept memory from garbage the
// host had not collected yet (RSS alone cannot).
import { readFileSync } from 'node:fs';

const pid = Number(process.argv[2]);
if (!Number.isInteger(pid) || pid <= 0) throw new Error('usage: hostMemory.mjs <pid>');
process.kill(pid, 'SIGUSR1');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let url;
for (let i = 0; i < 100 && !url; i++) {
  try {
    const targets = await (await fetch('http://127.0.0.1:9229/json/list')).json();
    url = targets[0]?.webSocketDebuggerUrl;
  } catch {
    /* not listening yet */
  }
  if (!url) await sleep(100);
}
if (!url) throw new Error(`the inspector of ${pid} did not open on 127.0.0.1:9229`);
const ws = new WebSocket(url);
await new Promise((resolve, reject) => {
  ws.onopen = resolve;
  ws.onerror = () => reject(new Error('inspector connection failed'));
});
let next = 0;
const waiting = new Map();
ws.onmessage = (e) => {
  const m = JSON.parse(String(e.data));
  const w = waiting.get(m.id);
  if (!w) return;
  waiting.delete(m.id);
  if (m.error) w.reject(new Error(m.error.message));
  else w.resolve(m.result);
};
const send = (method, params = {}) =>
  new Promise((resolve, reject) => {
    const id = ++next;
    waiting.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params }));
  });
await send('HeapProfiler.enable');
await send('HeapProfiler.collectGarbage');
await sleep(300);
await send('HeapProfiler.collectGarbage');
const { result } = await send('Runtime.evaluate', {
  expression: 'JSON.stringify(process.memoryUsage())',
  returnByValue: true,
});
ws.close();
const usage = JSON.parse(result.value);
const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
console.log(JSON.stringify({ ...usage, procRss: rss }));
