// `node scripts/run-ts.mjs examples/mnist/main.ts [epochs]`: trains the MNIST classifier and reports
// its test accuracy.
import { trainMnist } from "./train.js";

const epochs = Number(process.argv[2] ?? 10);
trainMnist({ epochs });
