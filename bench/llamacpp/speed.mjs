// Prompt and generation tokens/s of llama.cpp (through the npm package node-llama-cpp, CPU build) on a GGUF model,
// measured the way `LlmGuard.Bench speed` measures the built-in runtime: one batched evaluation of the given prompt
// tokens in a fresh sequence, then N greedy steps of one token each. Prints one JSON line per run.
//
//   node speed.mjs --model M.gguf [--adapter A.gguf --adapter-scale 1] --prompt-ids 1,2,3 --generate 64 --threads 1 --repeat 5
//
// Install node-llama-cpp outside the repository (e.g. `npm i -E node-llama-cpp@3.22.1` in a scratch folder) and run
// with NODE_PATH pointing at that folder's node_modules, or pass --node-modules DIR.
import { createRequire } from "node:module";
import path from "node:path";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
}, []));
const require = createRequire(path.join(path.resolve(args["node-modules"] ?? process.env.NODE_PATH ?? "."), "noop.js"));
const { getLlama } = await import(require.resolve("node-llama-cpp"));

const promptIds = args["prompt-ids"].split(",").map(Number);
const generate = Number(args.generate ?? 64);
const threads = Number(args.threads ?? 1);
const repeat = Number(args.repeat ?? 5);

const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
const model = await llama.loadModel({ modelPath: args.model });
const context = await model.createContext({
    threads: { ideal: threads, min: threads },
    contextSize: promptIds.length + generate + 16,
    batchSize: Math.max(promptIds.length, 1),
    flashAttention: false,
    lora: args.adapter ? { adapters: [{ filePath: args.adapter, scale: Number(args["adapter-scale"] ?? 1) }] } : undefined,
});
const sequence = context.getSequence();

async function run() {
    await sequence.clearHistory();
    const generated = [];
    const start = process.hrtime.bigint();
    let promptEnd = 0n;
    for await (const token of sequence.evaluate(promptIds, { temperature: 0 })) {
        if (generated.length === 0) promptEnd = process.hrtime.bigint();
        generated.push(token);
        if (generated.length > generate) break;
    }
    const end = process.hrtime.bigint();
    const promptSeconds = Number(promptEnd - start) / 1e9;
    const generationSeconds = Number(end - promptEnd) / 1e9;
    return { promptTokensPerSecond: promptIds.length / promptSeconds, generationTokensPerSecond: generate / generationSeconds, tokens: generated.slice(0, generate) };
}

await run(); // warm-up
for (let i = 0; i < repeat; i++) {
    console.log(JSON.stringify(await run()));
}

await context.dispose();
await model.dispose();
await llama.dispose();
