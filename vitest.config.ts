import { existsSync } from "node:fs";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Tests that need Node APIs (files, processes, other runtimes) run only in the node project. */
const nodeOnly = ["test/runtimes/**", "test/node/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      ...(existsSync(chromium)
        ? [
            {
              test: {
                name: "chromium",
                include: ["test/**/*.test.ts"],
                exclude: nodeOnly,
                testTimeout: 60_000,
                browser: {
                  enabled: true,
                  headless: true,
                  screenshotFailures: false,
                  provider: playwright({
                    launchOptions: {
                      executablePath: chromium,
                      args: [
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                      ],
                    },
                  }),
                  instances: [{ browser: "chromium" as const }],
                },
              },
            },
          ]
        : []),
    ],
  },
});
