import { join, resolve } from 'node:path';
import { startServer } from '../main/server.ts';

/** Starts the browser edition and serves it until the process is stopped. */
export async function web(opts: { port: number; host: string; renderer?: string }): Promise<number> {
  const rendererDir = opts.renderer ? resolve(opts.renderer) : join(import.meta.dirname, '..', '..', 'out', 'renderer');
  try {
    const s = await startServer({ rendererDir, port: opts.port, host: opts.host });
    process.stdout.write(`Glassbox (browser edition) is running at ${s.url}\n`);
    await new Promise<void>((done) => {
      // Sessions run on their own threads, so a signal is heard at once whatever they are
      // doing; closing stops their threads. A second in, the process leaves regardless.
      const stop = () => {
        setTimeout(() => process.exit(0), 1000).unref();
        void s.close().then(done);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } catch (err) {
    process.stderr.write(`glassbox: cannot start the browser edition: ${(err as Error).message}\n`);
    return 1;
  }
}
