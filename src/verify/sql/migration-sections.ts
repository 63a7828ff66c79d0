import type { MigrationSource } from './migration-code.js';

/**
 * Comment lines that open the up or down half of a SQL migration: node-pg-migrate (`-- Up Migration`),
 * dbmate (`-- migrate:up`), goose (`-- +goose Up`) and sql-migrate (`-- +migrate Up`).
 */
const marker =
  /^[ \t]*--[ \t]*(?:\+[ \t]*(?:goose|migrate)[ \t]+(up|down)\b|(up|down)[ \t]+migration\b|migrate:(up|down)\b)/gim;

/** Whether SQL text marks its up and down halves with comment lines. */
export function hasSectionMarkers(sql: string): boolean {
  marker.lastIndex = 0;
  return marker.test(sql);
}

/**
 * The parts of a SQL migration that run when it is applied: all of it when it has no markers, else
 * only what follows an up marker until a down marker. Down sections undo the migration and are never
 * applied as if they were part of it.
 */
export function upSections(sql: string): MigrationSource[] {
  marker.lastIndex = 0;
  const markers = [...sql.matchAll(marker)];
  if (markers.length === 0) return [{ offset: 0, sql }];
  const sources: MigrationSource[] = [];
  for (const [index, match] of markers.entries()) {
    const direction = (match[1] ?? match[2] ?? match[3] ?? '').toLowerCase();
    if (direction !== 'up') continue;
    const lineEnd = sql.indexOf('\n', match.index);
    const start = lineEnd === -1 ? sql.length : lineEnd + 1;
    const end = markers[index + 1]?.index ?? sql.length;
    if (end > start) sources.push({ offset: start, sql: sql.slice(start, end) });
  }
  return sources;
}
