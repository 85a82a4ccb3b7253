#!/usr/bin/env node
// A soak test of the browser edition's server (not run in CI): it starts `glassbox web`,
// opens busy sessions that play CPU- and pipe-heavy jobs at full speed, and prints, every
// interval, the server's resident memory, how long GET /health takes (median and 95th
// percentile of 20 requests) and how long a command takes; at the end, the run's peak
// memory and the health figures over all of it.
//
//   npm run soak -- [--minutes 2] [--sessions 5] [--not-reading 0] [--interval 10]
//
// --not-reading N makes N of the sessions' clients stop reading their socket after the
// first reply: the server must coalesce their patches and keep its memory bounded.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    sessions: { type: 'string', default: '5' },
    'not-reading': { type: 'string', default: '0' },
    interval: { type: 'string', default: '10' },
    port: { type: 'string', default: '47690' },
  },
});
const minutes = Number(values.minutes);
const sessions = Number(values.sessions);
const notReading = Number(values['not-reading']);
const port = Number(values.port);
const root = join(fileURLToPath(import.meta.url), '..', '..');

const server = spawn(process.execPath, [join(root, 'bin', 'glassbox.mjs'), 'web', '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

/** The server's resident memory in MB, from /proc (Linux). */
function rssMb() {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The q-quantile of sorted figures (nearest rank). */
function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function healthMs() {
  const t0 = performance.now();
  const r = await fetch(`http://127.0.0.1:${port}/health`);
  await r.text();
  return performance.now() - t0;
}

function open(i) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  const c = { ws, received: 0, bytes: 0, nextId: 1, waiting: new Map(), lastRtt: Number.NaN };
  ws.on('message', (data) => {
    c.received++;
    c.bytes += data.length;
    const msg = JSON.parse(String(data));
    if ('id' in msg) c.waiting.get(msg.id)?.();
  });
  c.request = (command) =>
    new Promise((resolve) => {
      const id = c.nextId++;
      const t0 = performance.now();
      c.waiting.set(id, () => {
        c.lastRtt = performance.now() - t0;
        resolve();
      });
      ws.send(JSON.stringify({ id, command }));
    });
  return new Promise((resolve) =>
    ws.once('open', async () => {
      await c.request({ cmd: 'hello' });
      await c.request({ cmd: 'ttyInput', data: 'yes > /dev/null & yes | cat > /dev/null & seq 1 1000000 | grep 7 | wc -l\n' });
      await c.request({ cmd: 'setSpeed', ticksPerSecond: 10_000_000 });
      await c.request({ cmd: 'play' });
      if (i < notReading) ws.pause();
      resolve(c);
    }),
  );
}

const idle = rssMb();
const clients = [];
for (let i = 0; i < sessions; i++) clients.push(await open(i));
console.log(`soak: ${sessions} busy sessions (${notReading} not reading) for ${minutes} min; server RSS idle ${idle.toFixed(0)} MB`);
console.log('   time   RSS MB   health p50/p95 ms   command RTT ms   messages received');
const allHealth = [];
let peakRss = 0;
const start = performance.now();
const stopAt = start + minutes * 60_000;
while (performance.now() < stopAt) {
  await new Promise((r) => setTimeout(r, Number(values.interval) * 1000));
  const h = [];
  for (let i = 0; i < 20; i++) {
    h.push(await healthMs());
    await new Promise((r) => setTimeout(r, 25));
  }
  allHealth.push(...h);
  h.sort((a, b) => a - b);
  const reader = clients.find((_, i) => i >= notReading);
  if (reader) await Promise.race([reader.request({ cmd: 'pause' }).then(() => reader.request({ cmd: 'play' })), new Promise((r) => setTimeout(r, 5000))]);
  const t = ((performance.now() - start) / 1000).toFixed(0).padStart(5);
  const recv = clients.map((c) => c.received).join(' ');
  const rss = rssMb();
  peakRss = Math.max(peakRss, rss);
  console.log(`${t}s ${rss.toFixed(0).padStart(8)} ${quantile(h, 0.5).toFixed(1).padStart(10)}/${quantile(h, 0.95).toFixed(1).padEnd(8)} ${(reader?.lastRtt ?? Number.NaN).toFixed(1).padStart(12)}     ${recv}`);
}
allHealth.sort((a, b) => a - b);
console.log(`over the run: peak RSS ${peakRss.toFixed(0)} MB; GET /health ${allHealth.length} times, median ${quantile(allHealth, 0.5).toFixed(1)} ms, p95 ${quantile(allHealth, 0.95).toFixed(1)} ms, max ${allHealth[allHealth.length - 1].toFixed(1)} ms`);
for (const c of clients) c.ws.terminate();
await new Promise((r) => setTimeout(r, 2000));
console.log(`after the clients left: server RSS ${rssMb().toFixed(0)} MB`);
const t0 = performance.now();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
console.log(`the server exited ${(performance.now() - t0).toFixed(0)} ms after SIGTERM`);
