import { expect, test, type WebSocketRoute } from '@playwright/test';
import { openApp, typeInTerminal } from './helpers.ts';

/** When the server lets the page go, the page says why, and what typed after it was lost. */
test('the page names the reason the server closed the connection, and the keystrokes typed after it', async ({ page }, info) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  let server: WebSocketRoute | undefined;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    ws.connectToServer();
    server = ws;
  });
  await openApp(page);
  expect(server, 'the page opened its socket through the route').toBeDefined();
  // As the server closes a client that stopped reading (src/main/client-stream.ts), with a control character to be made plain.
  await server!.close({ code: 1008, reason: 'the client is not reading\nits messages' });
  const lost = page.getByTestId('disconnected');
  await expect(lost).toContainText('Lost the connection to the simulator: the client is not reading its messages.');
  await typeInTerminal(page, 'ls');
  const notice = page.getByRole('alert').filter({ hasText: 'not sent to the terminal' });
  await expect(notice).toContainText(/\d keystrokes? (was|were) not sent to the terminal/);
  await expect(notice).toContainText('not connected to the simulator');
  await page.screenshot({ path: info.outputPath('disconnected.png') });
});
