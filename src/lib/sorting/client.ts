/**
 * Loads the guide's index once per page life (the service worker keeps a copy for offline use)
 * and answers searches locally.
 */
import { createSearcher, type Searcher, type SearchIndex } from './search';

let pending: Promise<{ searcher: Searcher; index: SearchIndex }> | null = null;

export function loadSearcher(): Promise<{ searcher: Searcher; index: SearchIndex }> {
	pending ??= fetch('/api/sort/index')
		.then((r) => {
			if (!r.ok) throw new Error(`index ${r.status}`);
			return r.json() as Promise<SearchIndex>;
		})
		.then((index) => ({ searcher: createSearcher(index), index }))
		.catch((e) => {
			pending = null;
			throw e;
		});
	return pending;
}
