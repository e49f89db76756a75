/** The sorting feature's manifest (what app.ts needs from it; see ../feature.ts). */
import { DATA_FILES } from './data';
export { loadSortingItems as seed } from './data';
/** The item files: loading 875 items again costs about a second at every start. */
export const seedInputs = () => DATA_FILES;
