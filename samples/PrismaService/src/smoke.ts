// One request to each endpoint, then exit with the spans flushed: the command `perfgate collect` wraps in the
// tests (`perfgate collect -- node dist/smoke.js`). Exits 1 when an endpoint answers wrongly.
import { flushTraces } from "./tracing";
import { createDatabase, databaseFile } from "./database";
import { createApp, createPrisma } from "./app";
import type { AddressInfo } from "node:net";

async function main(): Promise<number> {
  const file = databaseFile();
  const users = Number(process.env.USERS ?? 12);
  createDatabase(file, users);
  const prisma = createPrisma(file);
  const server = createApp(prisma).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let failures = 0;
  try {
    for (const path of ["/users/slow", "/users"]) {
      const response = await fetch(base + path);
      const body = (await response.json()) as Array<{ posts: unknown[] }>;
      const ok = response.status === 200 && body.length === users && body.every((u) => u.posts.length === 2);
      console.log(`GET ${path}: ${response.status}, ${body.length} users${ok ? "" : " (unexpected)"}`);
      if (!ok) failures++;
    }
  } finally {
    server.close();
    await prisma.$disconnect();
    await flushTraces();
    require("node:fs").rmSync(file, { force: true });
  }
  return failures === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
