/** The points feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { loadPoints as seed } from './data';
import sample from './data/sample-points.json';
/** The (sample) points file, loaded again only when it changed. */
export const seedInputs = () => sample;
