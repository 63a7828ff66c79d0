import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What schema.prisma says about the tables Prisma's migrations create. */
export interface PrismaSchema {
  /** Table keys (`table.column`) of `@updatedAt` fields: Prisma Client sets them on every update. */
  updatedAtColumns: Set<string>;
  /** Prisma Client's accessor (`basket`) and model name (`Basket`) by table name, where `@@map` renames it. */
  modelTables: Map<string, string>;
}

const model = /^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm;

/** Reads models, their `@@map` and `@map` names and their `@updatedAt` fields from the project's Prisma schema files. */
export function readPrismaSchema(root: string, files: readonly string[]): PrismaSchema {
  const schema: PrismaSchema = { updatedAtColumns: new Set(), modelTables: new Map() };
  for (const file of files.filter((candidate) => candidate.endsWith('.prisma'))) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue;
    }
    for (const match of text.matchAll(model)) {
      const [, name = '', body = ''] = match;
      const table = /@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(body)?.[1] ?? name;
      schema.modelTables.set(name, table);
      for (const line of body.split('\n')) {
        const field = /^\s*(\w+)\s+DateTime\??\s.*@updatedAt\b/.exec(line)?.[1];
        if (!field) continue;
        const column = /@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(line)?.[1] ?? field;
        schema.updatedAtColumns.add(`${table}.${column}`);
      }
    }
  }
  return schema;
}
