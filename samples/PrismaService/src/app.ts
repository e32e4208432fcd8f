import express from "express";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client";

export function createPrisma(file: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: "file:" + file }) });
}

export function createApp(prisma: PrismaClient): express.Express {
  const app = express();

  // The N+1: one query for the users, then one Post.findMany per user.
  app.get("/users/slow", async (_req, res) => {
    const users = await prisma.user.findMany({ orderBy: { id: "asc" } });
    const result = [];
    for (const user of users) {
      const posts = await prisma.post.findMany({ where: { authorId: user.id }, orderBy: { id: "asc" } });
      result.push({ ...user, posts });
    }
    res.json(result);
  });

  // The fix: the same answer with `include` — Prisma loads every user's posts in one more query.
  app.get("/users", async (_req, res) => {
    const users = await prisma.user.findMany({ orderBy: { id: "asc" }, include: { posts: { orderBy: { id: "asc" } } } });
    res.json(users);
  });

  return app;
}
