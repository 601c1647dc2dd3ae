import { defineConfig } from '@playwright/test';

// run.sh starts the published service with the demo and sets these; the defaults suit a service
// started by hand the same way.
const artifacts = process.env.E2E_ARTIFACTS ?? '../../artifacts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './seed.ts',
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: `${artifacts}/e2e/report.json` }]],
  outputDir: `${artifacts}/e2e/output`,
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:5298',
    browserName: 'chromium',
    headless: true,
    // Debian's chromium, never a downloaded browser.
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 900 },
    locale: 'en-GB',
    screenshot: 'only-on-failure',
  },
});
