/** The sorting feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { loadSortingItems as seed } from './data';
