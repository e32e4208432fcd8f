// The service: `node dist/server.js` (PORT, default 3000; USERS, default 12; DATABASE_FILE, default a temp file).
// SIGINT/SIGTERM close it and flush the spans still buffered.
import { flushTraces } from "./tracing";
import { createDatabase, databaseFile } from "./database";
import { createApp, createPrisma } from "./app";

const file = databaseFile();
createDatabase(file, Number(process.env.USERS ?? 12));
const prisma = createPrisma(file);
const host = process.env.HOST ?? "127.0.0.1";
const server = createApp(prisma).listen(Number(process.env.PORT ?? 3000), host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : process.env.PORT;
  console.log(`prisma-service listening on http://${host}:${port}`);
  if (process.env.READY_FILE) require("node:fs").writeFileSync(process.env.READY_FILE, `http://${host}:${port}\n`);
});

async function stop(signal: string): Promise<void> {
  console.log(`prisma-service: ${signal}, closing`);
  server.close();
  await prisma.$disconnect();
  await flushTraces();
  process.exit(0);
}
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
