import type { ChunkProgress } from '../chunking.js';
import { insertAtSelection, type InsertRequest } from '../insert.js';
import { hubDeps, loadStore, plural, say, state } from './pane.js';
import { renderBindings } from './refresh-tab.js';

/** Inserts a report or query at the selection (the Reports and Query tabs) and lists it under Refresh. */
export async function insertBinding(request: InsertRequest, messageId: string, signal?: AbortSignal): Promise<void> {
  say(messageId, `Inserting ${request.title}…`);
  const onProgress = (p: ChunkProgress) => say(messageId, `Writing ${request.title}: ${p.rowsWritten} of ${p.totalRows} rows…`);
  const { store, binding } = await insertAtSelection(request, await loadStore(), { ...hubDeps(), onProgress, signal });
  state.store = store;
  const { rows, total } = binding.lastRefresh!;
  const more = total ? `; the hub's list has ${plural(total, 'item')}, raise "Most rows to fetch" to get more` : '';
  say(messageId, `Inserted ${request.title} at ${binding.target.sheet}!${binding.target.anchor}: ${rows ? plural(rows, 'row') : 'no data for these variables yet'}${more}.`, 'success');
  renderBindings();
}
