/** The record a verification exercise's service keeps; different seeds give different domains. */
export interface ReferenceDomain {
  /** `note`: the singular, used in identifiers and messages. */
  entity: string;
  entities: string;
  Entity: string;
  Entities: string;
  /** The text column the user writes. */
  field: string;
  /** The per-user settings column the upsert writes. */
  setting: string;
  settingValues: readonly [string, string];
  maxLength: number;
  pageSize: number;
}

export const referenceDomains: readonly ReferenceDomain[] = [
  {
    entity: 'note',
    entities: 'notes',
    Entity: 'Note',
    Entities: 'Notes',
    field: 'body',
    setting: 'sort_order',
    settingValues: ['newest', 'oldest'],
    maxLength: 500,
    pageSize: 20,
  },
  {
    entity: 'bookmark',
    entities: 'bookmarks',
    Entity: 'Bookmark',
    Entities: 'Bookmarks',
    field: 'address',
    setting: 'open_in',
    settingValues: ['same-tab', 'new-tab'],
    maxLength: 2000,
    pageSize: 25,
  },
  {
    entity: 'task',
    entities: 'tasks',
    Entity: 'Task',
    Entities: 'Tasks',
    field: 'title',
    setting: 'reminder',
    settingValues: ['daily', 'weekly'],
    maxLength: 200,
    pageSize: 10,
  },
  {
    entity: 'recipe',
    entities: 'recipes',
    Entity: 'Recipe',
    Entities: 'Recipes',
    field: 'instructions',
    setting: 'units',
    settingValues: ['metric', 'imperial'],
    maxLength: 4000,
    pageSize: 12,
  },
  {
    entity: 'invoice',
    entities: 'invoices',
    Entity: 'Invoice',
    Entities: 'Invoices',
    field: 'memo',
    setting: 'currency',
    settingValues: ['EUR', 'USD'],
    maxLength: 300,
    pageSize: 15,
  },
];
