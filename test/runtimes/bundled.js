// The consumer script as an app bundles it (browser.mjs builds it with esbuild, minified, from the
// installed package): a static `import * as tf from "gradtape"`, then the same checks.
import * as tf from "gradtape";
import { runChecks } from "./checks.js";
import { outcome, report } from "./report.js";

const results = [await outcome("import resolves with the engine ready", () => tf.ready())];
results.push(...runChecks(tf).results);
report("bundled", results);
