// `prisma generate` needs no network: it only checks that a schema engine binary exists, which it never runs
// for generate. Point PRISMA_SCHEMA_ENGINE_BINARY at any executable (this Node) unless one is set already, so
// the install and the build never try to download one.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath };
const cli = path.join(__dirname, "..", "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env, cwd: path.join(__dirname, "..") });
process.exit(result.status ?? 1);
