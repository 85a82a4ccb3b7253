#!/usr/bin/env node
// Flips Electron's fuses in a packaged Glassbox: run it on the packaged executable, after
// packaging and before signing (`npm run fuses -- path/to/Glassbox`). Fuses are bits in the
// Electron binary itself, so they hold whatever the environment or the command line says.
// The project has no packager configuration yet; whichever is added must run this step
// (an afterPack hook in electron-builder, packageAfterCopy in Electron Forge).
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** Each fuse and why it is set so (Electron's security checklist, "Fuses"). */
export const FUSES = {
  version: FuseVersion.V1,
  // The app's binary must not double as a Node.js interpreter (ELECTRON_RUN_AS_NODE).
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS and --inspect would let anyone who can start the app run code in it.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Cookies and other stored data encrypted with the OS key store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // Load the app only from its asar archive, and check that archive's integrity.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Pages come from app://, so file:// needs none of its historical extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const exe = process.argv[2];
  if (!exe) {
    process.stderr.write('usage: npm run fuses -- <packaged Glassbox executable>\n');
    process.exit(2);
  }
  await flipFuses(exe, FUSES);
  process.stdout.write(`fuses set in ${exe}\n`);
}
