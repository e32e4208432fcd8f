// The schema and seed data, written with SQL through better-sqlite3 (Prisma's `migrate` needs a schema engine
// binary this service does without). Tables and indexes match prisma/schema.prisma.
import Database from "better-sqlite3";
import os from "node:os";
import path from "node:path";

export function databaseFile(): string {
  return process.env.DATABASE_FILE ?? path.join(os.tmpdir(), `prisma-service-${process.pid}.db`);
}

/** Creates the tables afresh with `users` users of two posts each. */
export function createDatabase(file: string, users: number): void {
  const db = new Database(file);
  try {
    db.exec(`
      DROP TABLE IF EXISTS "Post";
      DROP TABLE IF EXISTS "User";
      CREATE TABLE "User" (
        "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        "email" TEXT NOT NULL,
        "name" TEXT NOT NULL
      );
      CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
      CREATE TABLE "Post" (
        "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        "title" TEXT NOT NULL,
        "authorId" INTEGER NOT NULL,
        CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
      );
      CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");
    `);
    const insertUser = db.prepare(`INSERT INTO "User" ("email", "name") VALUES (?, ?)`);
    const insertPost = db.prepare(`INSERT INTO "Post" ("title", "authorId") VALUES (?, ?)`);
    db.transaction(() => {
      for (let i = 1; i <= users; i++) {
        const id = insertUser.run(`user${i}@example.test`, `User ${i}`).lastInsertRowid;
        insertPost.run(`First post of user ${i}`, id);
        insertPost.run(`Second post of user ${i}`, id);
      }
    })();
  } finally {
    db.close();
  }
}
